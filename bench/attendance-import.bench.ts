/**
 * The attendance import at database speed (issue 5 "Done when"): 1,000,000 marks of the demo secondary school
 * (both sessions of each of its pupils on each school day of its demo calendar, going back from yesterday
 * until there are enough) imported into PGlite and, when HARBOUR_BENCH_PG_URL is given, into PostgreSQL. The
 * demo's 1,200 pupils joined at different times, and too few were on roll in earlier years to make a million
 * marks, so the bench's own copy of the demo treats everyone now on roll as on roll throughout. Each is reported
 * as a ratio to a bare COPY of the same file into an unindexed table in the same engine in the same run.
 * Targets: at most 1.5 times the bare COPY on PostgreSQL, 2.5 times on PGlite, and under 300 MB peak memory
 * for the import process.
 *
 * The import runs in a process of its own (attendance-import-worker.ts, which loads only what an import
 * needs), so that its peak memory is the import's (with the engine's own, for PGlite, which runs inside the
 * process), not the demo loader's. The worker runs compiled into one file by esbuild, as a deployed build
 * would run it, not through tsx: tsx's own code, and Node 24.21's module loader, which reads drizzle-orm's
 * 180 KB package.json again for each of its hundreds of files, leave a process of 280 MB before an import
 * starts. `--unbundled` runs it through tsx instead, to compare.
 *
 * Usage: npm run bench:attendance [-- --marks 1000000 --rounds 5 --engines pglite,postgres --keep FILE
 *                                     --unbundled]
 *        HARBOUR_BENCH_PG_URL=postgres://user@host:port/postgres (a database is created there and dropped).
 * `--keep FILE` writes the generated register to FILE and leaves it there (or reads it, when it exists).
 * Not part of the test suite: it prints figures, it does not pass or fail.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { and, eq, sql } from 'drizzle-orm'
import { build } from 'esbuild'
import pg from 'pg'
import { openDatabase, type Database } from '../src/data/db.js'
import { pupils, schools } from '../src/data/schema/index.js'
import { addDays, todayInLondon } from '../src/domain/calendar/dates.js'
import { schoolDaysIn } from '../src/domain/calendar/school-calendar.js'
import { loadDemoIfEmpty } from '../src/services/demo.service.js'
import { loadCalendar } from '../src/services/schools.service.js'

const SECONDARY_URN = '900002'
const workerFile = fileURLToPath(new URL('./attendance-import-worker.ts', import.meta.url))
// Inside the project, so that the packages left out of the bundle are found in node_modules.
const bundledWorkerFile = fileURLToPath(new URL('./.build/attendance-import-worker.mjs', import.meta.url))

const { values } = parseArgs({
  options: {
    marks: { type: 'string', default: '1000000' },
    engines: { type: 'string', default: 'pglite,postgres' },
    keep: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    unbundled: { type: 'boolean', default: false },
  },
})

import type { Engine, Target, WorkerReport } from './attendance-import-worker.js'

const openTarget = (t: Target) =>
  t.engine === 'postgres' ? openDatabase({ databaseUrl: t.url }) : openDatabase({ dataDir: t.dataDir })

async function main(): Promise<void> {
  const wanted = Number(values.marks)
  const engines = values.engines.split(',') as Engine[]
  const adminUrl = process.env.HARBOUR_BENCH_PG_URL
  const work = mkdtempSync(path.join(tmpdir(), 'harbour-bench-attendance-'))
  const file = values.keep ?? path.join(work, 'register.csv')
  const rows: Array<[string, string]> = []
  try {
    for (const engine of engines) {
      if (engine === 'postgres' && !adminUrl) {
        process.stdout.write('PostgreSQL: skipped (set HARBOUR_BENCH_PG_URL to include it)\n')
        continue
      }
      const dbName = `harbour_bench_${randomBytes(4).toString('hex')}`
      const target: Target =
        engine === 'postgres'
          ? { engine, url: await createDatabase(adminUrl!, dbName) }
          : { engine, dataDir: path.join(work, 'pglite') }
      try {
        const started = Date.now()
        const database = await openTarget(target)
        await database.migrate()
        if (!(await loadDemoIfEmpty(database.db))) throw new Error('The database is not empty')
        // The register starts empty, so that every mark of the file is new (the demo may hold some of its own).
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`delete from attendance_mark_history`)
          await tx.execute(sql`delete from attendance_week`)
          await tx.execute(sql`update pupil set enrolled_on = null
            where left_on is null and school_id = (select id from school where urn = ${SECONDARY_URN})`)
        })
        // The file is written once, from the first engine's demo: the demo is the same in every engine.
        const span = statSafe(file) ? null : await writeRegister(database, file, wanted)
        await database.close()
        if (span) process.stdout.write(`File: ${span}\n`)
        process.stdout.write(`${engine}: demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
        const report = await runWorker(target, file)
        rows.push([engine, describe(report)])
      } finally {
        if (engine === 'postgres') await dropDatabase(adminUrl!, dbName)
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  process.stdout.write(`\n${rows.map(([e, line]) => `${e.padEnd(9)} ${line}`).join('\n')}\n`)
  process.stdout.write(
    'Targets: import ≤ 1.5× bare COPY on PostgreSQL, ≤ 2.5× on PGlite; peak memory < 300 MB.\n',
  )
}

function describe(r: WorkerReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const steps = (t: Record<string, number>) =>
    `read and check ${s(t.read ?? 0)}, merge ${s(t.merged ?? 0)}, alerts ${s(t.alerted ?? 0)}`
  return (
    `median of ${r.rounds}: bare COPY ${s(r.bareCopyMs)} | import ${s(r.importMs)} (${(r.importMs / r.bareCopyMs).toFixed(2)}×: ` +
    `${steps(r.importSteps)}) | again ${s(r.reimportMs)} (${(r.reimportMs / r.bareCopyMs).toFixed(2)}×, ` +
    `${r.reimport.unchanged} unchanged: ${steps(r.reimportSteps)}) | peak RSS ${r.peakRssMb} MB ` +
    `(${r.startRssMb} MB before the import), JS heap and buffers ${r.peakHeapMb} MB | ` +
    `${r.counts.imported} rows, ${r.counts.added} added`
  )
}

const statSafe = (file: string) => {
  try {
    return statSync(file).size > 0
  } catch {
    return false
  }
}

/** The demo secondary's register: every pupil on roll, both sessions of each school day, going back from yesterday. */
async function writeRegister(database: Database, file: string, wanted: number): Promise<string> {
  const today = todayInLondon(new Date())
  return database.db.transaction(async (tx) => {
    const [school] = await tx.select().from(schools).where(eq(schools.urn, SECONDARY_URN))
    const roll = await tx
      .select({ upn: pupils.upn, from: pupils.enrolledOn, to: pupils.leftOn })
      .from(pupils)
      .where(and(eq(pupils.schoolId, school!.id)))
    const { calendar } = await loadCalendar(tx, school!.id)
    const days = schoolDaysIn(calendar, '2000-01-01', addDays(today, -1)).reverse()
    const chosen: string[] = []
    let count = 0
    for (const day of days) {
      if (count >= wanted) break
      chosen.push(day)
      count += 2 * roll.filter((p) => (!p.from || p.from <= day) && (!p.to || p.to >= day)).length
    }
    chosen.reverse()
    const out = createWriteStream(file)
    out.write('upn,date,session,code\n')
    let written = 0
    let seed = 136
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (const day of chosen) {
      const lines: string[] = []
      for (const p of roll) {
        if ((p.from && p.from > day) || (p.to && p.to < day)) continue
        for (const session of ['AM', 'PM'] as const) {
          if (written >= wanted) break
          lines.push(`${p.upn},${day},${session},${codeFor(random(), session)}\n`)
          written++
        }
      }
      if (!out.write(lines.join(''))) await once(out, 'drain')
    }
    out.end()
    await finished(out)
    return `${written} marks of ${roll.length} pupils over ${chosen.length} school days, ${chosen[0]} to ${chosen.at(-1)}, ${(statSync(file).size / 1e6).toFixed(1)} MB`
  })
}

// Roughly the national pattern (DEMO.md "Attendance by group": about 9% absence in secondary).
function codeFor(r: number, session: 'AM' | 'PM'): string {
  if (r < 0.9) return session === 'AM' ? '/' : '\\'
  if (r < 0.92) return 'L'
  if (r < 0.955) return 'I'
  if (r < 0.965) return 'M'
  if (r < 0.975) return 'N'
  if (r < 0.985) return 'O'
  if (r < 0.99) return 'G'
  if (r < 0.995) return 'C'
  return 'U'
}

/**
 * The worker compiled into one file. PGlite stays outside (it loads its WebAssembly from beside its own files),
 * as do native modules; `require` is given for the CommonJS packages bundled into the ES module.
 */
async function bundleWorker(): Promise<string> {
  await build({
    entryPoints: [workerFile],
    outfile: bundledWorkerFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg-native'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  })
  return bundledWorkerFile
}

async function runWorker(target: Target, file: string): Promise<WorkerReport> {
  const args = values.unbundled ? [...process.execArgv, workerFile] : [await bundleWorker()]
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...args, '--rounds', values.rounds, '--target', JSON.stringify(target), '--file', file],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (s: string) => (out += s))
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`The ${target.engine} worker failed (${code})`))
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as WorkerReport)
    })
  })
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}

// Last, once every declaration above is initialised.
await main()
