import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../data/db.js'
import { addDays } from '../domain/calendar/dates.js'
import { validateUpn } from '../domain/identifiers/upn.js'
import { buildDemo } from './build.js'
import { demoCalendar, easterSunday } from './calendar.js'
import { DEMO_PASSWORD, DEMO_SIGN_IN, loadDemo, type DemoSummary } from './generate.js'
import { birthRange } from './pupils.js'

const TODAY = '2026-11-23'
const SCHOOL_YEAR = 2026

let database: Database
let summary: DemoSummary

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  // The Db type is driver-neutral, so its raw result is unknown; both drivers return { rows }.
  const result = (await database.db.execute<Record<string, unknown>>(query)) as { rows: T[] }
  return result.rows
}

async function tableCounts(): Promise<Record<string, number>> {
  const tables = [
    'school',
    'pupil',
    'status_episode',
    'placement_change',
    'contact',
    'pupil_staff',
    'task',
    'app_user',
    'pep',
    'pep_target',
    'pep_event',
  ]
  const counts: Record<string, number> = {}
  for (const t of tables) {
    const [row] = await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${t}`))
    counts[t] = Number(row?.n)
  }
  return counts
}

describe('loadDemo (small)', () => {
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' })
    await database.migrate()
    summary = await loadDemo(database.db, { size: 'small', seed: 1, today: TODAY })
  }, 120_000)

  afterAll(async () => {
    await database?.close()
  })

  it('makes one primary school of about 120 pupils on roll', () => {
    expect(summary.schools).toHaveLength(1)
    const [school] = summary.schools
    expect(school?.urn).toBe('900001')
    expect(school?.pupils).toBeGreaterThanOrEqual(100)
    expect(school?.pupils).toBeLessThanOrEqual(140)
  })

  it('gives every pupil a UPN with a valid check letter, unique in the school', async () => {
    const upns = await rows<{ upn: string }>(sql`select upn from pupil`)
    expect(upns.length).toBeGreaterThan(0)
    for (const { upn } of upns) expect(validateUpn(upn), upn).toMatchObject({ ok: true, laCode: '919' })
    expect(new Set(upns.map((r) => r.upn)).size).toBe(upns.length)
  })

  it('gives every pupil a date of birth that fits their year group', async () => {
    const pupils = await rows<{ upn: string; date_of_birth: string; year_group: number }>(
      sql`select upn, date_of_birth, year_group from pupil`,
    )
    for (const p of pupils) {
      const range = birthRange(SCHOOL_YEAR, p.year_group)
      expect(
        p.date_of_birth >= range.from && p.date_of_birth <= range.to,
        `${p.upn} ${p.date_of_birth}`,
      ).toBe(true)
    }
  })

  it('never has a pupil looked after and previously looked after on the same day (DEF-13)', async () => {
    const clashes = await rows<{ pupil_id: string }>(sql`
      select a.pupil_id from status_episode a join status_episode b on a.pupil_id = b.pupil_id
      where a.type = 'CLA' and b.type = 'PLA'
        and a.start_date <= coalesce(b.end_date, 'infinity'::date)
        and b.start_date <= coalesce(a.end_date, 'infinity'::date)`)
    expect(clashes).toEqual([])
  })

  it('dates every episode within the child’s life, never ending before it starts or starting in the future', async () => {
    const bad = await rows<{ id: string }>(sql`
      select e.id from status_episode e join pupil p on p.id = e.pupil_id
      where (e.end_date is not null and e.end_date < e.start_date)
         or e.start_date > ${TODAY}::date or e.end_date > ${TODAY}::date
         or e.start_date < p.date_of_birth`)
    expect(bad).toEqual([])
  })

  it('has cohort shares in plausible ranges', () => {
    const s = summary.schools[0]!
    expect(s.cla / s.pupils).toBeLessThanOrEqual(0.03)
    expect(s.pla / s.pupils).toBeLessThanOrEqual(0.04)
    expect(s.cswCurrent / s.pupils).toBeLessThanOrEqual(0.05)
    expect(s.cswEver6 / s.pupils).toBeGreaterThanOrEqual(0.05)
    expect(s.cswEver6 / s.pupils).toBeLessThanOrEqual(0.16)
    expect(s.cswEver6).toBeGreaterThanOrEqual(s.cswCurrent)
    expect(s.kinship / s.pupils).toBeLessThanOrEqual(0.05)
  })

  it('creates the school’s staff, the administrator and the Virtual School, with one password', () => {
    const emails = summary.users.map((u) => u.email)
    expect(emails).toEqual(
      expect.arrayContaining([
        'admin@demo.harbour.test',
        'dt@primary.demo.harbour.test',
        'staff1@primary.demo.harbour.test',
        'staff6@primary.demo.harbour.test',
      ]),
    )
    expect(summary.users.filter((u) => u.role === 'vs_head' || u.role === 'vs_adviser')).toHaveLength(2)
    expect(summary.signIn).toEqual({ email: 'dt@primary.demo.harbour.test', password: DEMO_PASSWORD })
    expect(DEMO_SIGN_IN.email).toBe('dt@secondary.demo.harbour.test')
  })

  it('writes a calendar for 2024 to 2026 with INSET days and half terms inside the terms', async () => {
    const terms = await rows<{ school_year: number; n: number }>(
      sql`select school_year, count(*)::int as n from school_term group by school_year order by school_year`,
    )
    expect(terms).toEqual([
      { school_year: 2024, n: 3 },
      { school_year: 2025, n: 3 },
      { school_year: 2026, n: 3 },
    ])
    const outside = await rows<{ date: string }>(sql`
      select c.date from school_closure c where not exists (
        select 1 from school_term t where t.school_id = c.school_id and c.date between t.start_date and t.end_date)`)
    expect(outside).toEqual([])
  })

  it('inserts nothing when it runs again', async () => {
    const before = await tableCounts()
    const again = await loadDemo(database.db, { size: 'small', seed: 1, today: TODAY })
    expect(await tableCounts()).toEqual(before)
    expect(again.schools).toEqual(summary.schools)
  })

  it('makes the same pupils from the same seed', async () => {
    const stored = await rows<{ upn: string }>(sql`select upn from pupil order by upn limit 10`)
    const rebuilt = buildDemo({ seed: 1, today: TODAY, size: 'small' })
    const upns = rebuilt.pupils.map((p) => p.upn).sort()
    expect(upns.slice(0, 10)).toEqual(stored.map((r) => r.upn))
    const other = buildDemo({ seed: 2, today: TODAY, size: 'small' })
    expect(other.pupils.map((p) => p.givenName)).not.toEqual(rebuilt.pupils.map((p) => p.givenName))
  })
})

describe('demo calendar', () => {
  it('finds Easter', () => {
    expect(easterSunday(2025)).toBe('2025-04-20')
    expect(easterSunday(2026)).toBe('2026-04-05')
    expect(easterSunday(2027)).toBe('2027-03-28')
  })

  it('starts and ends terms on weekdays, with five INSET days and three half-term weeks', () => {
    for (const year of [2024, 2025, 2026]) {
      const { terms, closures } = demoCalendar(year)
      for (const t of terms) {
        for (const d of [t.startDate, t.endDate])
          expect(new Date(`${d}T00:00:00Z`).getUTCDay() % 6).not.toBe(0)
      }
      expect(closures.filter((c) => c.reason === 'INSET day')).toHaveLength(5)
      expect(closures.filter((c) => c.reason === 'Half term')).toHaveLength(15)
      expect(terms[0]!.startDate.slice(5, 7)).toBe('09')
      expect(addDays(terms[2]!.endDate, 0) >= `${year + 1}-07-17`).toBe(true)
    }
  })
})
