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
 * The import runs in a process of its own (this file with --worker), so that its peak memory is the import's
 * (with the engine's own, for PGlite, which runs inside the process), not the demo loader's.
 *
 * Usage: npm run bench:attendance [-- --marks 1000000 --rounds 3 --engines pglite,postgres --keep FILE]
 *        HARBOUR_BENCH_PG_URL=postgres://user@host:port/postgres (a database is created there and dropped).
 * `--keep FILE` writes the generated register to FILE and leaves it there (or reads it, when it exists).
 * Not part of the test suite: it prints figures, it does not pass or fail.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { finished } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { and, eq, sql } from 'drizzle-orm'
import pg from 'pg'
import pgCopyStreams from 'pg-copy-streams'
import { openDatabase, type Database } from '../src/data/db.js'
import { pupils, schools } from '../src/data/schema/index.js'
import { addDays, todayInLondon } from '../src/domain/calendar/dates.js'
import { schoolDaysIn } from '../src/domain/calendar/school-calendar.js'
import { importAttendance } from '../src/services/attendance-import.service.js'
import { loadDemoIfEmpty } from '../src/services/demo.service.js'
import { loadCalendar } from '../src/services/schools.service.js'
import { SYSTEM_ACTOR } from '../src/services/users.service.js'

const SECONDARY_URN = '900002'
const here = fileURLToPath(import.meta.url)

const { values } = parseArgs({
  options: {
    marks: { type: 'string', default: '1000000' },
    engines: { type: 'string', default: 'pglite,postgres' },
    keep: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    worker: { type: 'string' },
    target: { type: 'string' },
    file: { type: 'string' },
  },
})

type Engine = 'pglite' | 'postgres'
type Target = { engine: Engine; dataDir?: string; url?: string }
type WorkerReport = {
  rounds: number
  bareCopyMs: number
  importMs: number
  reimportMs: number
  /** Milliseconds of each step: reading and checking the file, the merge, the alerts. */
  importSteps: Record<string, number>
  reimportSteps: Record<string, number>
  counts: { imported: number; added: number; superseded: number; unchanged: number }
  reimport: { added: number; superseded: number; unchanged: number }
  peakRssMb: number
  /** The worker's memory before the import, with the database open. */
  startRssMb: number
  peakHeapMb: number
}

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

function runWorker(target: Target, file: string): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        here,
        '--worker',
        '1',
        '--rounds',
        values.rounds,
        '--target',
        JSON.stringify(target),
        '--file',
        file,
      ],
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

/** In its own process: the import (its peak memory measured), the same file again, then the bare COPY. */
async function worker(target: Target, file: string): Promise<void> {
  const database = await openTarget(target)
  const ctx = { db: database.db, now: () => new Date() }
  const startRssMb = Math.round(process.memoryUsage().rss / 1e6)
  let peakHeap = 0
  const sample = setInterval(() => {
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers)
  }, 50)
  const timed = async () => {
    const steps: Record<string, number> = {}
    const t0 = performance.now()
    let last = t0
    const result = await importAttendance(ctx, SYSTEM_ACTOR, {
      schoolUrn: SECONDARY_URN,
      source: 'cli',
      input: createReadStream(file),
      onStep: (step) => {
        const now = performance.now()
        steps[step] = now - last
        last = now
      },
    })
    return { ms: performance.now() - t0, steps, result }
  }
  // Rounds of: the import into an empty register, the same file again, the bare COPY. Medians are reported, so
  // that a burst of other work on the machine does not decide the figures.
  const rounds: Array<{
    first: Awaited<ReturnType<typeof timed>>
    again: Awaited<ReturnType<typeof timed>>
    bare: number
  }> = []
  let peakRssMb = 0
  for (let round = 0; round < Number(values.rounds); round++) {
    await database.db.execute(sql`truncate attendance_week, attendance_mark_history`)
    const first = await timed()
    if (round === 0) {
      clearInterval(sample)
      peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    }
    const again = await timed()
    rounds.push({ first, again, bare: await bareCopy(database, target, file) })
  }
  await database.close()
  const median = <T>(
    pick: (r: (typeof rounds)[number]) => number,
    of: (r: (typeof rounds)[number]) => T,
  ): T => {
    const sorted = [...rounds].sort((a, b) => pick(a) - pick(b))
    return of(sorted[Math.floor(sorted.length / 2)]!)
  }
  const middle = (pick: (r: (typeof rounds)[number]) => number) => median(pick, pick)
  const report: WorkerReport = {
    rounds: rounds.length,
    bareCopyMs: middle((r) => r.bare),
    importMs: middle((r) => r.first.ms),
    reimportMs: middle((r) => r.again.ms),
    importSteps: median(
      (r) => r.first.ms,
      (r) => r.first.steps,
    ),
    reimportSteps: median(
      (r) => r.again.ms,
      (r) => r.again.steps,
    ),
    counts: rounds[0]!.first.result,
    reimport: rounds[0]!.again.result,
    peakRssMb,
    startRssMb,
    peakHeapMb: Math.round(peakHeap / 1e6),
  }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

/** The baseline: the same file, as it is, into a table with no index, by the engine's own COPY. */
async function bareCopy(database: Database, target: Target, file: string): Promise<number> {
  const ddl = 'create table bench_bare_copy (upn text, date text, session text, code text)'
  if (database.mode === 'pglite') {
    const pglite = database.pglite!
    await pglite.exec(`drop table if exists bench_bare_copy; ${ddl}`)
    const t0 = performance.now()
    await pglite.query(`copy bench_bare_copy from '/dev/blob' (format csv, header true)`, [], {
      blob: await openAsBlob(file),
    })
    return performance.now() - t0
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    await client.query(`drop table if exists bench_bare_copy; ${ddl}`)
    const t0 = performance.now()
    await pipeline(
      createReadStream(file),
      client.query(pgCopyStreams.from('copy bench_bare_copy from stdin (format csv, header true)')),
    )
    return performance.now() - t0
  } finally {
    await client.end()
  }
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
if (values.worker) await worker(JSON.parse(values.target!) as Target, values.file!)
else await main()
