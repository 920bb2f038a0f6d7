import { sql } from 'drizzle-orm'
import { weekStartOf } from '../../domain/attendance/week-slots.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool } from '../../test-support/builders.js'
import { fixedContext } from '../../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import type { Tx } from '../db.js'
import { insertMarks } from '../../test-support/attendance.js'
import {
  STAGING,
  WeekCopyRows,
  copyLines,
  copyWeeks,
  createStagingTables,
  mergeStagedWeeks,
  schoolRoll,
  startImport,
  storedWeeks,
} from './attendance-import.repository.js'

let database: TestDatabase
let pupilId: string
let schoolId: string

beforeAll(async () => {
  database = await openTestDatabase()
  const ctx = fixedContext(database)
  const school = await aSchool(ctx)
  schoolId = school.id
  pupilId = (await aPupil(ctx, school)).id
  // Marks already in the register: Monday morning N (to be recoded), Monday afternoon present (to stay).
  await insertMarks(database.db, [
    { pupilId, date: '2025-09-01', session: 'AM', code: 'N' },
    { pupilId, date: '2025-09-01', session: 'PM', code: '\\' },
  ])
})
afterAll(async () => database?.close())

/** Runs `work` in a transaction that is always rolled back, so each test starts from the same register. */
async function inRolledBack<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined
  await database.db
    .transaction(async (tx) => {
      result = await work(tx)
      tx.rollback()
    })
    .catch((e: unknown) => {
      if (!(e instanceof Error) || !/rollback/i.test(e.message)) throw e
    })
  return result!
}

async function rowsOf<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result: unknown = await tx.execute(query)
  return (result as { rows: T[] }).rows
}

// COPY's text doubles a backslash (the code `\`, present in the afternoon).
// Monday 1 September 2025: week 2905 (days from 1 January 1970, plus 3, over 7).
const WEEK = 2905
const codes = (...slots: string[]) =>
  slots
    .map((c) => c.padEnd(2))
    .join('')
    .padEnd(28)

describe('the attendance import’s staging and merge', () => {
  it('reads a stored week as the import compares it, through the view’s trigger', async () => {
    const weeks = await inRolledBack((tx) => storedWeeks(tx, [pupilId], '2025-09-01', '2025-09-01'))
    expect(weeks).toEqual([
      {
        pupilId,
        week: WEEK,
        codes: codes('N', '\\'),
        imports: '{NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
      },
    ])
  })

  it('stages every line with COPY, a backslash code included, in chunks on PGlite', async () => {
    const lines = Array.from(
      { length: 600 },
      (_, i) =>
        `${pupilId}\t2025-10-${String((i % 28) + 1).padStart(2, '0')}\tAM\t${i % 3 ? '\\\\' : '/'}\t\\N\n`,
    )
    const staged = await inRolledBack(async (tx) => {
      await createStagingTables(tx)
      // A chunk of 2 KB: on PGlite about forty COPY statements.
      await copyLines(tx, STAGING.history, lines, { pgliteChunkBytes: 2048 })
      const [stats] = await rowsOf<{ n: number; backslashes: number }>(
        tx,
        sql`select count(*)::int as n, count(*) filter (where code = '\\')::int as backslashes
              from attendance_history_staging where import_number is null`,
      )
      return stats
    })
    expect(staged).toEqual({ n: 600, backslashes: 400 })
  })

  it('merges: keeps superseded marks in history with their import, rewrites changed weeks, inserts new ones', async () => {
    const result = await inRolledBack(async (tx) => {
      const earlier = await startImport(tx, {
        id: '01900000-0000-7000-8000-000000000001',
        schoolId,
        source: 'cli',
        fileName: null,
        createdBy: null,
      })
      await createStagingTables(tx)
      await copyLines(tx, STAGING.history, [`${pupilId}\t2025-09-01\tAM\tN\t${earlier}\n`])
      const changed = new WeekCopyRows()
      changed.add(pupilId, WEEK, codes('I', '\\', '/'), [7, null, 7, ...Array<null>(11).fill(null)])
      await copyWeeks(tx, 'staging', changed.finish())
      const added = new WeekCopyRows()
      added.add(pupilId, WEEK + 1, codes('L'), [7, ...Array<null>(13).fill(null)])
      await copyWeeks(tx, 'register', added.finish())
      await mergeStagedWeeks(tx, '01900000-0000-7000-8000-000000000002')
      const marks = await rowsOf<Record<string, unknown>>(
        tx,
        sql`select to_char(date, 'YYYY-MM-DD') as date, session, code from attendance_mark
             where pupil_id = ${pupilId} order by date, session`,
      )
      const history = await rowsOf<Record<string, unknown>>(
        tx,
        sql`select session, code, import_id::text as import, superseded_by_import_id::text as by
              from attendance_mark_history where pupil_id = ${pupilId}`,
      )
      const weeks = await rowsOf<Record<string, unknown>>(
        tx,
        sql`select to_char(week_start, 'YYYY-MM-DD') as monday, codes, imports::text as imports
              from attendance_week where pupil_id = ${pupilId} order by week_start`,
      )
      return { marks, history, weeks }
    })
    // Written in COPY's binary format: the uuid, the Monday, the codes and the imports (nulls too) as given.
    expect(result.weeks).toEqual([
      {
        monday: '2025-09-01',
        codes: codes('I', '\\', '/'),
        imports: '{7,NULL,7,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
      },
      {
        monday: '2025-09-08',
        codes: codes('L'),
        imports: '{7,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
      },
    ])
    expect(result.marks).toEqual([
      { date: '2025-09-01', session: 'AM', code: 'I' },
      { date: '2025-09-01', session: 'PM', code: '\\' },
      { date: '2025-09-02', session: 'AM', code: '/' },
      { date: '2025-09-08', session: 'AM', code: 'L' },
    ])
    expect(result.history).toEqual([
      {
        session: 'AM',
        code: 'N',
        import: '01900000-0000-7000-8000-000000000001',
        by: '01900000-0000-7000-8000-000000000002',
      },
    ])
  })

  it('copies weeks while they are still being written, a megabyte of COPY data at a time', async () => {
    const weeks = 8000
    const copied = await inRolledBack(async (tx) => {
      const rows = new WeekCopyRows()
      const imports = Array<number | null>(14).fill(null)
      let taken = 0
      function* data(): Generator<Buffer> {
        for (let i = 1; i <= weeks; i++) {
          rows.add(pupilId, WEEK + i, codes('/', '\\'), imports)
          const ready = rows.take()
          taken += ready.length
          yield* ready
        }
        yield* rows.finish()
      }
      await copyWeeks(tx, 'register', data())
      const [count] = await rowsOf<{ n: number; last: string }>(
        tx,
        sql`select count(*)::int as n, to_char(max(week_start), 'YYYY-MM-DD') as last
              from attendance_week where pupil_id = ${pupilId} and week_start > '2025-09-01'`,
      )
      return { ...count, taken }
    })
    // 8,000 weeks are about 1.5 MB: one megabyte went before the rest was written.
    expect(copied).toEqual({ n: weeks, last: weekStartOf(WEEK + weeks), taken: 1 })
  })

  it('reads the school’s roll for matching UPNs', async () => {
    const roll = await inRolledBack((tx) => schoolRoll(tx, schoolId))
    expect(roll).toEqual([expect.objectContaining({ id: pupilId, enrolledOn: null, leftOn: null })])
  })
})
