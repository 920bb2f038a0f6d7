import { loadConfig } from '../config.js'
import { openDatabase, type Database } from '../data/db.js'

export type GlobalOptions = { dataDir?: string }

/** Opens the database named by `--data-dir` or `DATABASE_URL`, migrated. */
export async function openCliDatabase(options: GlobalOptions): Promise<Database> {
  const config = loadConfig()
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: options.dataDir ?? config.HARBOUR_DATA_DIR,
  })
  await database.migrate()
  return database
}

export function systemContext(database: Database) {
  return { db: database.db, now: () => new Date() }
}
