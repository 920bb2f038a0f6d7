import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import pg from 'pg'
import * as schema from './schema/index.js'
import { lockDataDir } from './data-dir-lock.js'

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

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

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
    const db = drizzlePg(pool, { schema }) as unknown as Db
    return {
      db,
      mode: 'postgres',
      migrate: () => migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_DIR }),
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
  const db = drizzlePglite(pglite, { schema }) as unknown as Db
  return {
    db,
    mode: 'pglite',
    pglite,
    migrate: () => migratePglite(drizzlePglite(pglite), { migrationsFolder: MIGRATIONS_DIR }),
    close: async () => {
      await pglite.close()
      unlock()
    },
  }
}
