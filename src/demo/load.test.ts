import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UNEXPLAINED_ABSENCE_TASK } from '../data/repositories/attendance-alerts.repository.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { buildDemo } from './build.js'
import { DEMO_REGISTER_FILE, loadDemo } from './generate.js'
import { demoRegister } from './register.js'

// Small, with a seed whose school has children looked after and on plans, so the alerts have pupils to tell of.
const OPTIONS = { size: 'small', seed: 4, today: '2026-11-23' } as const

let database: TestDatabase

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute<Record<string, unknown>>(query)) as { rows: T[] }
  return result.rows
}
const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(query))[0]!.n)

describe('loading the demo’s registers, suspensions and governance', () => {
  const built = buildDemo(OPTIONS)

  beforeAll(async () => {
    database = await openTestDatabase()
    await loadDemo(database.db, OPTIONS)
  }, 180_000)
  afterAll(async () => database?.close())

  it('writes this school year’s register up to yesterday, as one import', async () => {
    const expected = [...demoRegister(built, built.schools[0]!.id, '2026-08-01', '2026-11-22')].length
    expect(expected).toBeGreaterThan(10_000)
    expect(await count(sql`select count(*)::int as n from attendance_mark`)).toBe(expected)
    const imports = await rows<{ imported: number; file_name: string; source: string }>(
      sql`select imported, file_name, source from attendance_import`,
    )
    expect(imports).toEqual([{ imported: expected, file_name: DEMO_REGISTER_FILE, source: 'cli' }])
    expect(await count(sql`select count(*)::int as n from attendance_mark where date >= '2026-11-23'`)).toBe(
      0,
    )
  })

  it('marks no day the school is closed and no day the pupil was not on roll (PD-16)', async () => {
    const bad = await count(sql`
      select count(*)::int as n from attendance_mark m join pupil p on p.id = m.pupil_id
       where extract(isodow from m.date) > 5
          or exists (select 1 from school_closure c where c.school_id = p.school_id and c.date = m.date)
          or exists (select 1 from bank_holiday b where b.date = m.date)
          or not exists (select 1 from school_term t
                          where t.school_id = p.school_id and m.date between t.start_date and t.end_date)
          or m.date < p.enrolled_on or m.date > coalesce(p.left_on, 'infinity'::date)`)
    expect(bad).toBe(0)
    expect(await count(sql`select count(distinct pupil_id)::int as n from attendance_mark`)).toBeGreaterThan(
      100,
    )
  })

  it('raises the attendance alerts of the children with a social worker, as an import does (PD-6)', async () => {
    const tasks = await rows<{ pupil_id: string; source_key: string }>(
      sql`select pupil_id, source_key from task where kind = ${UNEXPLAINED_ABSENCE_TASK}`,
    )
    expect(tasks.length).toBeGreaterThanOrEqual(1)
    expect(tasks.length).toBeLessThanOrEqual(6)
    for (const t of tasks) {
      const [, , date, session] = t.source_key.split(':')
      const [mark] = await rows<{ code: string }>(
        sql`select code from attendance_mark where pupil_id = ${t.pupil_id}::uuid and date = ${date}::date and session = ${session}`,
      )
      expect(mark?.code).toBe('N')
      const social = await count(sql`
        select count(*)::int as n from status_episode
         where pupil_id = ${t.pupil_id}::uuid and type in ('CLA', 'CIN', 'CP') and superseded_by_id is null
           and start_date <= ${date}::date and (end_date is null or end_date >= ${date}::date)`)
      expect(social).toBeGreaterThan(0)
    }
    // The persistent absence of children on plans shows too.
    expect(
      await count(sql`select count(*)::int as n from task where kind like 'attendance_%'`),
    ).toBeGreaterThan(tasks.length)
  })

  it('writes the suspensions, with E in the register on their days', async () => {
    expect(await count(sql`select count(*)::int as n from suspension`)).toBe(built.suspensions.length)
    const unmatched = await count(sql`
      select count(*)::int as n from attendance_mark m
       where m.code = 'E' and not exists (
         select 1 from suspension s where s.pupil_id = m.pupil_id and s.start_date <= m.date)`)
    expect(unmatched).toBe(0)
  })

  it('writes the designated roles, the training and a draft report to governors', async () => {
    const dt = await rows<{ has_qts: boolean; on_leadership_team: boolean }>(
      sql`select has_qts, on_leadership_team from designated_role_appointment where role = 'designated_teacher'`,
    )
    expect(dt).toEqual([{ has_qts: true, on_leadership_team: true }])
    expect(await count(sql`select count(*)::int as n from training_session`)).toBe(
      built.governance.sessions.length,
    )
    expect(await count(sql`select count(*)::int as n from training_attendance`)).toBe(
      built.governance.attendances.length,
    )
    const reports = await rows<{ school_year: number; status: string }>(
      sql`select school_year, status from governors_report`,
    )
    expect(reports).toEqual([{ school_year: 2026, status: 'draft' }])
  })

  it('inserts nothing when it runs again', async () => {
    const tables = [
      'attendance_mark',
      'attendance_import',
      'task',
      'suspension',
      'designated_role_appointment',
    ]
    const counts = async () =>
      Promise.all(tables.map((t) => count(sql.raw(`select count(*)::int as n from ${t}`))))
    const before = await counts()
    await loadDemo(database.db, OPTIONS)
    expect(await counts()).toEqual(before)
  })
})
