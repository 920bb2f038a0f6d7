import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool } from '../../test-support/builders.js'
import { fixedContext } from '../../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import type { Tx } from '../db.js'
import { attendanceMarks } from '../schema/index.js'
import {
  copyRows,
  createStagingTables,
  mergeStaged,
  schoolRoll,
  type StagedMark,
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
  await database.db.insert(attendanceMarks).values([
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

async function* inBatches(rows: StagedMark[], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}

async function rowsOf<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result: unknown = await tx.execute(query)
  return (result as { rows: T[] }).rows
}

describe('the attendance import’s staging and merge', () => {
  it('stages every row with COPY, a backslash code included, in chunks on PGlite', async () => {
    const rows: StagedMark[] = Array.from({ length: 600 }, (_, i) => ({
      line: i + 2,
      pupilId,
      date: `2025-10-${String((i % 28) + 1).padStart(2, '0')}`,
      session: i % 2 ? 'PM' : 'AM',
      code: i % 3 ? '\\' : '/',
    }))
    const staged = await inRolledBack(async (tx) => {
      await createStagingTables(tx)
      // A chunk of 2 KB: on PGlite about forty COPY statements.
      const count = await copyRows(tx, inBatches(rows, 50), { pgliteChunkBytes: 2048 })
      const [stats] = await rowsOf<{ n: number; backslashes: number; last: number }>(
        tx,
        sql`select count(*)::int as n, count(*) filter (where code = '\\')::int as backslashes,
                   max(line) as last from attendance_staging`,
      )
      return { count, ...stats }
    })
    expect(staged).toEqual({ count: 600, n: 600, backslashes: 400, last: 601 })
  })

  it('merges: adds, supersedes into history, leaves equal marks, and lists what changed', async () => {
    const result = await inRolledBack(async (tx) => {
      await createStagingTables(tx)
      await copyRows(
        tx,
        inBatches(
          [
            { line: 2, pupilId, date: '2025-09-01', session: 'AM', code: 'I' },
            { line: 3, pupilId, date: '2025-09-01', session: 'PM', code: '\\' },
            { line: 4, pupilId, date: '2025-09-02', session: 'AM', code: '/' },
          ],
          10,
        ),
      )
      const counts = await mergeStaged(tx, {
        importId: '01900000-0000-7000-8000-000000000001',
        recordedBy: null,
        repeats: false,
      })
      const changed = await rowsOf<Record<string, unknown>>(
        tx,
        sql`select to_char(date, 'YYYY-MM-DD') as date, session, old_code, new_code from attendance_changed
             order by date, session`,
      )
      const history = await rowsOf<Record<string, unknown>>(
        tx,
        sql`select session, code, superseded_by_import_id::text as by from attendance_mark_history
             where pupil_id = ${pupilId}`,
      )
      return { counts, changed, history }
    })
    expect(result.counts).toEqual({ added: 1, superseded: 1, unchanged: 1 })
    expect(result.changed).toEqual([
      { date: '2025-09-01', session: 'AM', old_code: 'N', new_code: 'I' },
      { date: '2025-09-02', session: 'AM', old_code: null, new_code: '/' },
    ])
    expect(result.history).toEqual([{ session: 'AM', code: 'N', by: '01900000-0000-7000-8000-000000000001' }])
  })

  it('takes the last line of a repeated session', async () => {
    const code = await inRolledBack(async (tx) => {
      await createStagingTables(tx)
      await copyRows(
        tx,
        inBatches(
          [
            { line: 9, pupilId, date: '2025-09-03', session: 'AM', code: 'O' },
            { line: 2, pupilId, date: '2025-09-03', session: 'AM', code: 'N' },
            { line: 5, pupilId, date: '2025-09-03', session: 'AM', code: 'L' },
          ],
          1,
        ),
      )
      const counts = await mergeStaged(tx, {
        importId: '01900000-0000-7000-8000-000000000002',
        recordedBy: null,
        repeats: true,
      })
      expect(counts).toEqual({ added: 1, superseded: 0, unchanged: 0 })
      const [row] = await rowsOf<{ code: string }>(
        tx,
        sql`select code from attendance_mark where pupil_id = ${pupilId} and date = '2025-09-03'`,
      )
      return row!.code
    })
    expect(code).toBe('O')
  })

  it('reads the school’s roll for matching UPNs', async () => {
    const roll = await inRolledBack((tx) => schoolRoll(tx, schoolId))
    expect(roll).toEqual([expect.objectContaining({ id: pupilId, enrolledOn: null, leftOn: null })])
  })
})
