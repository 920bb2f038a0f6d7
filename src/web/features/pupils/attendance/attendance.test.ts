import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../../data/schema/index.js'
import { loadCalendar, setCalendar } from '../../../../services/schools.service.js'
import { SYSTEM_ACTOR } from '../../../../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import {
  CALENDAR_2026_27,
  marksOnSchoolDays,
  recordMarks,
  type TestMark,
} from '../../../../test-support/attendance.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { dataPoints, elementById, tableRows } from '../../../../test-support/html-tables.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'

// FIXED_NOW is Monday 23 November 2026. CALENDAR_2026_27 starts the autumn term on 1 September, with half-term
// from 26 to 30 October: 55 school days, 110 sessions, so far.
describe('the pupil’s attendance page (issue 5 item 6)', () => {
  let t: TestApp
  let officer: TestBrowser
  let pupilId: string
  let url: string
  let otherSchoolPupilId: string
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    school = await aSchool(t.ctx)
    await setCalendar(t.ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
    const { calendar } = await loadCalendar(t.ctx.db, school.id)
    const pupil = await aPupil(t.ctx, school, { givenName: 'Robin', familyName: 'Marsh' })
    pupilId = pupil.id
    url = `/pupils/${pupilId}/attendance`
    await anEpisode(t.ctx, pupilId, aClaEpisode({ startDate: '2025-01-10' }))
    // Present every session, but ill all week from 7 September, and a mark for dual registration on the
    // afternoon of 17 November; an unexplained absence on the morning of 16 November, recoded later as illness.
    const marks: TestMark[] = marksOnSchoolDays(calendar, pupilId, '2026-09-01', '2026-11-23').map((m) =>
      m.date >= '2026-09-07' && m.date <= '2026-09-11'
        ? { ...m, code: 'I' }
        : m.date === '2026-11-17' && m.session === 'PM'
          ? { ...m, code: 'D' }
          : m.date === '2026-11-16' && m.session === 'AM'
            ? { ...m, code: 'N' }
            : m,
    )
    await recordMarks(t.ctx, school.id, marks)
    await recordMarks(t.ctx, school.id, [{ pupilId, date: '2026-11-16', session: 'AM', code: 'I' }])

    officer = new TestBrowser(t.app)
    await officer.signIn((await aUser(t.ctx, 'attendance_officer', school)).user.email)

    const other = await aSchool(t.ctx)
    otherSchoolPupilId = (await aPupil(t.ctx, other)).id
  })
  afterAll(async () => t?.close())

  it('shows the term’s figures from the marks: 98 of 109 possible sessions, persistently absent', async () => {
    const page = await officer.get(url)
    expect(page.statusCode).toBe(200)
    const rows = tableRows(page.body, 'term-figures')
    // Possible, attended, authorised, unauthorised, not counted, attendance.
    expect(rows[0]).toEqual(['Autumn term 2026', '109', '98', '11', '0', '1', '89.9% Persistent absence'])
    expect(rows[1]).toEqual(['Spring term 2027', 'Not started yet'])
    expect(rows[3]).toEqual(['School year so far', '109', '98', '11', '0', '1', '89.9% Persistent absence'])
  })

  it('draws a week-by-week chart whose bars are the table beside it, holiday week left out', async () => {
    const page = await officer.get(url)
    const chart = elementById(page.body, 'svg', 'weeks-chart')
    expect(chart).toContain('role="img"')
    expect(chart).toMatch(/<title id="weeks-chart-title">Robin Marsh: attendance week by week/)
    expect(chart).toContain(
      '<desc id="weeks-chart-desc">12 weeks with possible sessions. Lowest: 0.0% in the week beginning 7 September 2026',
    )
    const bars = dataPoints(chart)
    const table = dataPoints(elementById(page.body, 'table', 'weeks-table'))
    expect(bars.map((b) => [b.category, b.value])).toEqual(table.map((r) => [r.category, r.value]))
    expect(bars).toHaveLength(12)
    expect(bars.find((b) => b.category === 'Week beginning 26 October 2026')).toBeUndefined()
    expect(bars.find((b) => b.category === 'Week beginning 7 September 2026')!.value).toBe(0)
    // 16 to 20 November: 8 of the 9 possible sessions (the dual registration is not counted).
    expect(bars.find((b) => b.category === 'Week beginning 16 November 2026')!.value).toBe(88.9)
    const rows = tableRows(page.body, 'weeks-table')
    expect(rows).toContainEqual(['16 November 2026', '8 of 9', '88.9%'])
  })

  it('lists the term’s register with each code’s meaning, and the replaced mark only on request', async () => {
    const page = await officer.get(url)
    const register = tableRows(page.body, 'register')
    expect(register[0]![0]).toBe('1 September 2026')
    const monday = register.find((r) => r[0] === '16 November 2026')!
    expect(monday[1]).toBe('I Ill (not a medical appointment)')
    expect(register.find((r) => r[0] === '17 November 2026')![2]).toBe(
      'D Dual registered: attending the other school or provision',
    )
    expect(page.body).not.toContain('harbour-superseded')

    const withHistory = await officer.get(`${url}?history=yes`)
    const day = tableRows(withHistory.body, 'register').find((r) => r[0] === '16 November 2026')!
    expect(day[1]).toMatch(
      /^I Ill \(not a medical appointment\) N replaced .+: Absent: reason not yet given$/,
    )
    expect(withHistory.body).toContain('Hide marks that were replaced')
  })

  it('records one audit event for each view of the page', async () => {
    const events = async () =>
      (
        await t.ctx.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.pupilId, pupilId), eq(auditEvents.action, 'attendance.viewed')))
      )[0]!.n
    const before = await events()
    await officer.get(url)
    expect(await events()).toBe(before + 1)
  })

  it('leaves a placement move’s absences out of the recognition of full attendance, not the statutory figures', async () => {
    const dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
    const form = `${url}/adjustments/new`
    const empty = await dt.submit(form, form, {})
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('href="#fromDate-day"')
    const saved = await dt.submit(form, form, {
      'fromDate-day': '7',
      'fromDate-month': '9',
      'fromDate-year': '2026',
      'toDate-day': '11',
      'toDate-month': '9',
      'toDate-year': '2026',
      note: 'Moved to a new foster home',
    })
    expect(saved.statusCode).toBe(302)
    expect(saved.headers.location).toBe(`${url}#adjustments`)
    const page = await dt.get(url)
    expect(page.body).toContain('7 September 2026 to 11 September 2026: Moved to a new foster home')
    expect(page.body).toMatch(/Absent sessions left out \(placement moves\)\s*<\/dt>\s*<dd[^>]*>\s*10\s*</)
    // 98 of 99 once the move's ten sessions are left out; the statutory figure is unchanged.
    expect(page.body).toMatch(/Attendance for recognition\s*<\/dt>\s*<dd[^>]*>\s*99.0%/)
    expect(tableRows(page.body, 'term-figures')[0]![6]).toBe('89.9% Persistent absence')
  })

  it('shows another school’s pupil to nobody here, and the page to no governor', async () => {
    expect((await officer.get(`/pupils/${otherSchoolPupilId}/attendance`)).statusCode).toBe(404)
    const staff = new TestBrowser(t.app)
    await staff.signIn((await aUser(t.ctx, 'staff', school)).user.email)
    // Staff see only the pupils they are assigned to.
    expect((await staff.get(url)).statusCode).toBe(404)
    const governor = new TestBrowser(t.app)
    await governor.signIn((await aUser(t.ctx, 'governor', school)).user.email)
    expect((await governor.get(url)).statusCode).toBe(403)
  })

  it('is linked from the pupil’s page', async () => {
    const page = await officer.get(`/pupils/${pupilId}`)
    expect(page.body).toContain(`href="/pupils/${pupilId}/attendance"`)
  })
})
