import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../data/db.js'

export const TEMPLATE_DB = 'harbour_test_template'

declare module 'vitest' {
  export interface ProvidedContext {
    testDbMode: 'pglite' | 'postgres'
    pgliteDumpPath: string
    postgresAdminUrl: string
  }
}

/**
 * Migrates one database per run and hands it to every test file as a template:
 * on PGlite a dump of the migrated data directory, on PostgreSQL a template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = process.env.HARBOUR_TEST_DB === 'postgres' ? 'postgres' : 'pglite'
  project.provide('testDbMode', mode)
  if (mode === 'postgres') {
    const adminUrl = process.env.HARBOUR_TEST_PG_URL ?? process.env.DATABASE_URL
    if (!adminUrl)
      throw new Error('HARBOUR_TEST_DB=postgres needs HARBOUR_TEST_PG_URL (scripts/test.sh sets it)')
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`drop database if exists ${TEMPLATE_DB}`)
    await admin.query(`create database ${TEMPLATE_DB}`)
    await admin.end()
    const database = await openDatabase({ databaseUrl: withDatabase(adminUrl, TEMPLATE_DB) })
    await database.migrate()
    await database.close()
    project.provide('postgresAdminUrl', adminUrl)
    project.provide('pgliteDumpPath', '')
    return async () => {}
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'harbour-test-'))
  const database = await openDatabase({ dataDir: 'memory://' })
  await database.migrate()
  const dump = await database.pglite!.dumpDataDir('none')
  const dumpPath = path.join(dir, 'template.tar')
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()))
  await database.close()
  project.provide('pgliteDumpPath', dumpPath)
  project.provide('postgresAdminUrl', '')
  return async () => rmSync(dir, { recursive: true, force: true })
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
