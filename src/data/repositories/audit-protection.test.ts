import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { count, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { aPupil, aSchool } from '../../test-support/builders.js'
import { fixedContext } from '../../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import { MIGRATIONS_DIR } from '../db.js'
import { auditEvents } from '../schema/index.js'
import { appendAudit, verifyAuditChain } from './audit.repository.js'

let database: TestDatabase

beforeAll(async () => {
  database = await openTestDatabase()
  await aPupil(fixedContext(database), await aSchool(fixedContext(database)))
})
afterAll(async () => database.close())

/** The rows of a raw statement: both drivers return `{ rows }`. */
async function rowsOf<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  const result: unknown = await database.db.execute(statement)
  return (result as { rows: T[] }).rows
}

const eventCount = async () => (await database.db.select({ n: count() }).from(auditEvents))[0]!.n

/** The database error under Drizzle's wrapper. */
const rejection = (call: PromiseLike<unknown>) =>
  Promise.resolve(call).then(
    () => 'no error',
    (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
  )

/** Runs migration 0007 again, statement by statement, as the migrator does (it is safe to repeat). */
async function runProtectionMigration() {
  const text = readFileSync(path.join(MIGRATIONS_DIR, '0007_audit_event_protection.sql'), 'utf8')
  for (const statement of text.split('--> statement-breakpoint'))
    if (statement.replace(/--.*$/gm, '').trim()) await database.db.execute(sql.raw(statement))
}

describe('the audit log cannot be emptied or changed (DESIGN.md "Access control and audit")', () => {
  it('refuses TRUNCATE, and keeps every event', async () => {
    const before = await eventCount()
    expect(before).toBeGreaterThan(0)
    expect(await rejection(database.db.execute(sql`truncate audit_event`))).toMatch(/append-only/)
    expect(await rejection(database.db.execute(sql`truncate audit_event restart identity cascade`))).toMatch(
      /append-only/,
    )
    expect(await eventCount()).toBe(before)
    expect(await verifyAuditChain(database.db)).toBeNull()
  })

  it('still refuses TRUNCATE after its migration is run a second time', async () => {
    await runProtectionMigration()
    expect(await rejection(database.db.execute(sql`truncate audit_event`))).toMatch(/append-only/)
  })
})

// Privileges exist only on a PostgreSQL server: PGlite has one superuser, held back by the triggers alone.
describe.runIf(inject('testDbMode') === 'postgres')('audit_event privileges on PostgreSQL', () => {
  const role = `harbour_probe_${randomBytes(5).toString('hex')}`
  const may = async (privilege: string) => {
    const [row] = await rowsOf<{ may: boolean }>(
      sql`select has_table_privilege(${role}, 'audit_event', ${privilege}) as may`,
    )
    return row!.may
  }

  beforeAll(async () => {
    await database.db.execute(sql.raw(`create role ${role} nologin`))
  })
  afterAll(async () => {
    await database.db.execute(sql.raw(`drop owned by ${role}`))
    await database.db.execute(sql.raw(`drop role ${role}`))
  })

  it('gives PUBLIC no UPDATE, DELETE or TRUNCATE', async () => {
    const [row] = await rowsOf<{ n: number }>(
      sql`select count(*)::int as n from pg_class c cross join lateral aclexplode(c.relacl) a
          where c.oid = 'audit_event'::regclass and a.grantee = 0
            and a.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')`,
    )
    expect(row!.n).toBe(0)
  })

  it('takes UPDATE, DELETE and TRUNCATE back from an app role given everything, and leaves it the rest', async () => {
    await database.db.execute(sql.raw(`grant all on audit_event to ${role}`))
    await database.db.execute(sql.raw(`grant usage on sequence audit_event_seq_seq to ${role}`))
    expect(await may('UPDATE')).toBe(true)
    await runProtectionMigration()
    expect([await may('UPDATE'), await may('DELETE'), await may('TRUNCATE')]).toEqual([false, false, false])
    expect([await may('SELECT'), await may('INSERT')]).toEqual([true, true])
  })

  it('lets that role append to the chain, and refuses it a change with "permission denied"', async () => {
    const asRole = <T>(
      work: (tx: Parameters<Parameters<typeof database.db.transaction>[0]>[0]) => Promise<T>,
    ) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local role ${role}`))
        return work(tx)
      })
    await asRole((tx) =>
      appendAudit(tx, { actorUserId: SYSTEM_ACTOR.userId, action: 'test.appended_by_app_role' }),
    )
    expect(await verifyAuditChain(database.db)).toBeNull()
    expect(await rejection(asRole((tx) => tx.execute(sql`update audit_event set action = 'x'`)))).toMatch(
      /permission denied/,
    )
    expect(await rejection(asRole((tx) => tx.execute(sql`delete from audit_event`)))).toMatch(
      /permission denied/,
    )
    expect(await rejection(asRole((tx) => tx.execute(sql`truncate audit_event`)))).toMatch(
      /permission denied/,
    )
  })
})
