import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../data/db.js'
import { TEMPLATE_DB, withDatabase } from './global-setup.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'bin', 'harbour.js')

/** Where a spawned `harbour` keeps its data: a --data-dir on a PGlite run, DATABASE_URL on a PostgreSQL one. */
export type CliTarget = {
  args: string[]
  env: NodeJS.ProcessEnv
  /** Opens the target's database in this process (close it before the next spawn on PGlite). */
  open(): Promise<Database>
  drop(): Promise<void>
}

/** A fresh, migrated database for the real binary, copied from the run's template. */
export async function newCliTarget(): Promise<CliTarget> {
  const env = { ...process.env }
  delete env.DATABASE_URL
  if (inject('testDbMode') === 'postgres') {
    const adminUrl = inject('postgresAdminUrl')
    const name = `harbour_cli_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`)
    await admin.end()
    const url = withDatabase(adminUrl, name)
    return {
      args: [],
      env: { ...env, DATABASE_URL: url },
      open: () => openDatabase({ databaseUrl: url }),
      drop: async () => {
        const a = new pg.Client({ connectionString: adminUrl })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'harbour-cli-'))
  const seeded = await openDatabase({
    dataDir: dir,
    loadDataDir: new Blob([readFileSync(inject('pgliteDumpPath'))]),
  })
  await seeded.close()
  return {
    args: ['--data-dir', dir],
    env,
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Opens the target's database in this process, runs `work`, and closes it before the next spawn. */
export async function inCliTarget<T>(
  target: CliTarget,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await target.open()
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

export type CliRun = { code: number; stdout: string; stderr: string }

/** Runs the real binary to the end, as an operator would: `node bin/harbour.js …`. */
export function runHarbour(target: CliTarget, args: string[], timeout = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...target.args, ...args],
      { cwd: root, env: target.env, timeout },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
    child.stdin?.end()
  })
}

/** Starts the real binary and leaves it running, for a test that stops it. */
export function spawnHarbour(target: CliTarget, args: string[]): ChildProcess {
  return spawn(process.execPath, [bin, ...target.args, ...args], {
    cwd: root,
    env: target.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}
