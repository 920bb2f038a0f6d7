import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../data/schema/index.js'
import { loadCalendar, setCalendar } from '../../../services/schools.service.js'
import { SYSTEM_ACTOR } from '../../../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { CALENDAR_2026_27, marksOnSchoolDays, recordMarks } from '../../../test-support/attendance.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../test-support/builders.js'
import { dataPoints, elementById, tableRows } from '../../../test-support/html-tables.js'
import { FIXED_NOW } from '../../../test-support/service-context.js'

// FIXED_NOW is Monday 23 November 2026: 78 sessions in the first half of the autumn term, 32 since half-term.
describe('the school’s attendance page: each cohort against all other pupils (issue 5 item 6)', () => {
  let t: TestApp
  let officer: TestBrowser
  let school: Awaited<ReturnType<typeof aSchool>>
  let claPupilId: string

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    school = await aSchool(t.ctx, { name: 'Cohort Academy' })
    await setCalendar(t.ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
    const { calendar } = await loadCalendar(t.ctx.db, school.id)
    const present = (id: string) => marksOnSchoolDays(calendar, id, '2026-09-01', '2026-11-23')
    // Looked after, off ill for the first two weeks of November (20 sessions): 90 of 110, 18.2% absent.
    const cla = await aPupil(t.ctx, school, { givenName: 'Ash', familyName: 'Looked', yearGroup: 8 })
    claPupilId = cla.id
    await anEpisode(t.ctx, cla.id, aClaEpisode({ startDate: '2025-01-10' }))
    const claMarks = present(cla.id).map((m) =>
      m.date >= '2026-11-02' && m.date <= '2026-11-13' ? { ...m, code: 'I' } : m,
    )
    // Two others: always present; and absent (O) on 2 mornings before half-term.
    const steady = await aPupil(t.ctx, school, { givenName: 'Cy', familyName: 'Steady' })
    const other = await aPupil(t.ctx, school, { givenName: 'Di', familyName: 'Other' })
    const otherMarks = present(other.id).map((m) =>
      (m.date === '2026-09-15' || m.date === '2026-09-16') && m.session === 'AM' ? { ...m, code: 'O' } : m,
    )
    await recordMarks(t.ctx, school.id, [...claMarks, ...present(steady.id), ...otherMarks])
    officer = new TestBrowser(t.app)
    await officer.signIn((await aUser(t.ctx, 'attendance_officer', school)).user.email)
  })
  afterAll(async () => t?.close())

  it('compares each cohort with all other pupils over the school year so far', async () => {
    const page = await officer.get('/attendance')
    expect(page.statusCode).toBe(200)
    const rows = tableRows(page.body, 'cohort-table')
    // Group, pupils, attendance, persistent absence, severe absence.
    expect(rows[0]).toEqual(['Looked after (CLA)', '1', '81.8%', '100.0%', '0.0%'])
    // 110 + 108 of 220.
    expect(rows[1]).toEqual(['All other pupils (not looked after)', '2', '99.1%', '0.0%', '0.0%'])
    expect(rows).toContainEqual(['Kinship care', '0', 'No figures', 'No figures', 'No figures'])
    expect(rows.at(-1)).toEqual(['All pupils', '3', '93.3%', '33.3%', '0.0%'])
  })

  it('draws the half-term trend of the chosen cohort against the others, the same figures as its table', async () => {
    const page = await officer.get('/attendance')
    const chart = elementById(page.body, 'svg', 'trend-chart')
    expect(chart).toContain('role="img"')
    expect(chart).toContain(
      '<title id="trend-chart-title">Attendance by half-term: Looked after (CLA) against all other pupils</title>',
    )
    const bars = dataPoints(chart)
    const cells = dataPoints(elementById(page.body, 'table', 'trend-table'))
    expect(bars).toEqual(cells)
    expect(bars).toEqual([
      { category: 'Autumn term 2026, first half', series: 'Looked after (CLA)', value: 100 },
      { category: 'Autumn term 2026, first half', series: 'All other pupils', value: 98.7 },
      // 12 of 32 since half-term, against 64 of 64.
      { category: 'Autumn term 2026, second half', series: 'Looked after (CLA)', value: 37.5 },
      { category: 'Autumn term 2026, second half', series: 'All other pupils', value: 100 },
    ])
    const kinship = await officer.get(`/attendance?school=${school.urn}&cohort=kinship`)
    expect(elementById(kinship.body, 'svg', 'trend-chart')).toContain('Kinship care against all other pupils')
  })

  it('lists the pupil persistently absent and falling, linked to their attendance, and says the threshold', async () => {
    const page = await officer.get('/attendance')
    const rows = tableRows(page.body, 'pupil-list')
    expect(rows).toEqual([
      [
        'Ash Looked Year 8 Looked after (CLA)',
        'Persistent absence; Falling: down 62.5 points',
        '81.8%',
        '100.0%',
        '37.5%',
      ],
    ])
    expect(page.body).toContain(`href="/pupils/${claPupilId}/attendance"`)
    expect(page.body).toContain('at least 5 percentage points lower than last half-term')
  })

  it('records one audit event for the page, about the school and no pupil', async () => {
    const events = () =>
      t.ctx.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.schoolId, school.id), eq(auditEvents.action, 'attendance.school_viewed')))
    const before = (await events())[0]!.n
    await officer.get('/attendance')
    expect((await events())[0]!.n).toBe(before + 1)
  })

  it('is in the navigation of those who may see it, and refused to others', async () => {
    expect((await officer.get('/tasks')).body).toMatch(/href="\/attendance"[^>]*>\s*Attendance/)
    const staff = new TestBrowser(t.app)
    await staff.signIn((await aUser(t.ctx, 'staff', school)).user.email)
    expect((await staff.get('/tasks')).body).not.toContain('href="/attendance"')
    expect((await staff.get('/attendance')).statusCode).toBe(403)
    const elsewhere = new TestBrowser(t.app)
    await elsewhere.signIn((await aUser(t.ctx, 'attendance_officer', await aSchool(t.ctx))).user.email)
    expect((await elsewhere.get(`/attendance?school=${school.urn}`)).statusCode).toBe(404)
  })
})
