import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool } from '../../test-support/builders.js'
import { fixedContext } from '../../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import type { Tx } from '../db.js'
import { insertMarks } from '../../test-support/attendance.js'
import {
  STAGING,
  copyLines,
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
      await copyLines(tx, STAGING.changedWeeks, [
        `${pupilId}\t2025-09-01\t${codes('I', '\\', '/').replace('\\', '\\\\')}\t{7,NULL,7,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}\n`,
      ])
      await copyLines(tx, STAGING.newWeeks, [
        `${pupilId}\t2025-09-08\t${codes('L')}\t{7,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}\n`,
      ])
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
      return { marks, history }
    })
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

  it('reads the school’s roll for matching UPNs', async () => {
    const roll = await inRolledBack((tx) => schoolRoll(tx, schoolId))
    expect(roll).toEqual([expect.objectContaining({ id: pupilId, enrolledOn: null, leftOn: null })])
  })
})
