/**
 * The import half of bench/attendance-import.bench.ts, in a process of its own that loads only what an import
 * needs: the import into an empty register (its peak memory measured), the same file again, then the bare COPY.
 * Prints one line of JSON, a WorkerReport.
 */
import { createReadStream, openAsBlob } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import pgCopyStreams from 'pg-copy-streams'
import { openDatabase, type Database } from '../src/data/db.js'
import { importAttendance } from '../src/services/attendance-import.service.js'
import { SYSTEM_ACTOR } from '../src/services/users.service.js'

const SECONDARY_URN = '900002'

export type Engine = 'pglite' | 'postgres'
export type Target = { engine: Engine; dataDir?: string; url?: string }
export type WorkerReport = {
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

/** In its own process: the import (its peak memory measured), the same file again, then the bare COPY. */
async function worker(target: Target, file: string, roundCount: number): Promise<void> {
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
  for (let round = 0; round < roundCount; round++) {
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

// Only when run as the worker (the bench imports this file's types alone).
if (process.argv.includes('--target')) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      target: { type: 'string' },
      file: { type: 'string' },
    },
  })
  await worker(JSON.parse(values.target!) as Target, values.file!, Number(values.rounds))
}
