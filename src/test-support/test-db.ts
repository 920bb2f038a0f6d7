import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../data/db.js'
import { TEMPLATE_DB, withDatabase } from './global-setup.js'

export type TestDatabase = Database & { label: string }

/** A fresh, migrated database for one test file, in the mode the run was started in. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const mode = inject('testDbMode')
  if (mode === 'postgres') {
    const adminUrl = inject('postgresAdminUrl')
    const name = `harbour_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`)
    await admin.end()
    const database = await openDatabase({ databaseUrl: withDatabase(adminUrl, name) })
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
