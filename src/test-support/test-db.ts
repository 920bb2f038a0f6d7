import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../data/db.js'
import { TEMPLATE_DB, withDatabase } from './global-setup.js'

export type TestDatabase = Database & { label: string }

/**
 * A fresh, migrated database for one test file, in the mode the run was started in. With
 * HARBOUR_TEST_DB_ROLE=app the code under test connects as a role that owns nothing, as README.md
 * "Security" says to run Harbour, so that row-level security binds in every transaction
 * (row-level-security.sql): the run shows the policies agree with the app's own scope. Outside a
 * transaction, where the tests set up and check their data directly, that role sees every row (in
 * production it sees none; row-level-security.test.ts tests that).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const database = await openOwnedTestDatabase()
  return process.env.HARBOUR_TEST_DB_ROLE === 'app' ? asAppRole(database) : database
}

/** What README.md "Security" grants the app's role. */
export function appRoleGrants(role: string): string[] {
  return [
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `revoke update, delete on audit_event from ${role}`,
    `grant usage on all sequences in schema public to ${role}`,
    `grant usage on schema drizzle to ${role}`,
    `grant select on drizzle.__drizzle_migrations to ${role}`,
  ]
}

/** `database`, used through a new role that owns nothing (a role is the server's, so dropped at the end). */
async function asAppRole(database: TestDatabase): Promise<TestDatabase> {
  const role = `harbour_app_${randomBytes(6).toString('hex')}`
  const run = (statement: string) => database.db.execute(sql.raw(statement))
  await run(`create role ${role} login`)
  for (const statement of appRoleGrants(role)) await run(statement)
  await run(`alter role ${role} set harbour.scope = 'all'`)
  const dropRole = async () => {
    await run(`drop owned by ${role}`)
    await run(`drop role ${role}`)
  }
  if (database.mode === 'pglite') {
    // The embedded database has one session: it is the app role's until closed.
    await run(`set role ${role}`)
    await run(`select set_config('harbour.scope', 'all', false)`)
    return {
      ...database,
      close: async () => {
        await run('reset role')
        await dropRole()
        await database.close()
      },
    }
  }
  const result: unknown = await run('select current_database() as name')
  const name = (result as { rows: Array<{ name: string }> }).rows[0]!.name
  const url = new URL(withDatabase(inject('postgresAdminUrl'), name))
  url.username = role
  url.password = ''
  const app = refuseOverlappingQueries(await openDatabase({ databaseUrl: url.toString() }))
  return {
    ...app,
    label: database.label,
    close: async () => {
      await app.close()
      await dropRole()
      await database.close()
    },
  }
}

/** A fresh, migrated database, used as the owner of its tables whatever HARBOUR_TEST_DB_ROLE says. */
export async function openOwnedTestDatabase(): Promise<TestDatabase> {
  const mode = inject('testDbMode')
  if (mode === 'postgres') {
    const adminUrl = inject('postgresAdminUrl')
    const name = `harbour_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`)
    await admin.end()
    const database = refuseOverlappingQueries(
      await openDatabase({ databaseUrl: withDatabase(adminUrl, name) }),
    )
    return {
      ...database,
      label: 'postgres',
      close: async () => {
        await database.close()
        const a = new pg.Client({ connectionString: adminUrl })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const dump = readFileSync(inject('pgliteDumpPath'))
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([dump]) })
  return { ...database, label: 'pglite' }
}

export const OVERLAPPING_QUERY_MESSAGE =
  'A query was sent on a connection that was still executing another (node-postgres deprecates this and ' +
  'pg@9 refuses it): run the queries of one transaction one after another, not in Promise.all'

/**
 * Makes a query sent on a busy connection of `database` fail, as pg@9 will, instead of node-postgres's
 * deprecation warning (given once a process, and only from the third query queued). The query still runs
 * in its turn, so a transaction's rollback leaves its connection clean for the next test.
 */
export function refuseOverlappingQueries<D extends Database>(database: D): D {
  const pool = (database.db as unknown as { $client: pg.Pool }).$client
  const refuse = () => {
    throw new Error(OVERLAPPING_QUERY_MESSAGE)
  }
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    let running = 0
    client.query = ((...args: unknown[]) => {
      const result = query(...args)
      // Queries with a callback are the pool's own, each on a connection it has just taken.
      if (!(result instanceof Promise)) return result
      const overlapping = running > 0
      running += 1
      const finished = result.finally(() => {
        running -= 1
      })
      return overlapping ? finished.then(refuse, refuse) : finished
    }) as typeof client.query
  })
  return database
}
