import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import pg from 'pg'
import * as schema from './schema/index.js'
import { lockDataDir } from './data-dir-lock.js'
import { scopeTransactions } from './row-scope.js'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Anything that can run a query: the database or a transaction inside it. */
export type Executor = Db | Tx

export type Database = {
  db: Db
  mode: 'pglite' | 'postgres'
  migrate(): Promise<void>
  close(): Promise<void>
  /** The raw PGlite instance (embedded mode only), for dump and restore. */
  pglite?: PGlite
}

const here = path.dirname(fileURLToPath(import.meta.url))
export const MIGRATIONS_DIR = path.join(here, 'migrations')
/** Applied after the migrations, every time (not a migration: it covers tables added later). */
export const ROW_LEVEL_SECURITY_FILE = path.join(here, 'row-level-security.sql')

const rowLevelSecuritySql = () => readFileSync(ROW_LEVEL_SECURITY_FILE, 'utf8')

// Dates as 'YYYY-MM-DD' strings and bigint counts as numbers in both drivers (DESIGN.md gotchas).
const DATE_OID = 1082
const INT8_OID = 20
const NUMERIC_OID = 1700

function configurePgTypes(): void {
  pg.types.setTypeParser(DATE_OID, (v: string) => v)
  pg.types.setTypeParser(INT8_OID, (v: string) => Number(v))
  pg.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v))
}

export type OpenOptions = {
  databaseUrl?: string | undefined
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir?: string | undefined
  /** Start the embedded database from a dump (tests, restore). */
  loadDataDir?: Blob
}

const pgliteParsers = {
  [DATE_OID]: (v: string) => v,
  [INT8_OID]: (v: string) => Number(v),
  [NUMERIC_OID]: (v: string) => Number(v),
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    configurePgTypes()
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    // An idle connection the server closes (a restart, a terminated backend) is dropped and replaced by
    // the pool; without a listener its 'error' event would crash the process.
    pool.on('error', () => {})
    const db = scopeTransactions(drizzlePg(pool, { schema }))
    return {
      db,
      mode: 'postgres',
      migrate: async () => {
        if (!(await ownsTheTables(pool))) return requireMigrated(pool)
        await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_DIR })
        // Several statements in one simple query run as one transaction.
        await pool.query(rowLevelSecuritySql())
      },
      close: () => pool.end(),
    }
  }
  const dir = options.dataDir ?? './data'
  let unlock = () => {}
  if (!dir.startsWith('memory://')) {
    mkdirSync(dir, { recursive: true })
    unlock = lockDataDir(dir)
  }
  let pglite: PGlite
  try {
    pglite = await PGlite.create(dir, {
      parsers: pgliteParsers,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    })
  } catch (error) {
    unlock()
    throw error
  }
  const db = scopeTransactions(drizzlePglite(pglite, { schema }))
  return {
    db,
    mode: 'pglite',
    pglite,
    migrate: async () => {
      await migratePglite(drizzlePglite(pglite), { migrationsFolder: MIGRATIONS_DIR })
      await pglite.exec(rowLevelSecuritySql())
    },
    close: async () => {
      await pglite.close()
      unlock()
    },
  }
}

/**
 * Whether the connection's role owns the tables (or there are none yet), and so may migrate them. The
 * app itself should connect as a role that does not (README.md "Security"), which row-level security
 * binds: migrations are then run by the owner, with `harbour migrate`.
 */
async function ownsTheTables(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ owner: boolean }>(
    `select coalesce((select pg_has_role(c.relowner, 'USAGE') from pg_class c
       where c.oid = to_regclass('public.pupil')), true) as owner`,
  )
  return rows[0]!.owner
}

/** For a role that may not migrate: refuses to start on a database older than this code. */
async function requireMigrated(pool: pg.Pool): Promise<void> {
  const newest = Math.max(
    ...readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => m.folderMillis),
  )
  let applied: number
  try {
    const { rows } = await pool.query<{ at: number | null }>(
      'select max(created_at) as at from drizzle.__drizzle_migrations',
    )
    applied = Number(rows[0]?.at ?? 0)
  } catch (error) {
    throw new Error(
      'Harbour cannot tell whether the database is up to date: grant this role USAGE on schema drizzle ' +
        'and SELECT on drizzle.__drizzle_migrations (README.md "Security")',
      { cause: error },
    )
  }
  if (applied < newest)
    throw new Error(
      'The database needs migrating, and this role does not own its tables: run `harbour migrate` ' +
        'with a DATABASE_URL of the role that owns them (README.md "Security")',
    )
}
