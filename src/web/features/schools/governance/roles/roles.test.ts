import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { designatedRoleAppointments } from '../../../../../data/schema/index.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../../test-support/service-context.js'

// 23 November 2026: the 2026 to 2027 school year. No school here sets its calendar, so the year is
// 1 September to 31 July (PD-18).
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({ now: () => FIXED_NOW })
})
afterAll(async () => t?.close())

async function aSchoolSignedIn(role: 'designated_teacher' | 'governor' = 'designated_teacher') {
  const school = await aSchool(t.ctx, { name: 'Harbourside Primary' })
  const user = await aUser(t.ctx, role, school, { name: 'Dee Teacher' })
  const browser = new TestBrowser(t.app)
  await browser.signIn(user.user.email)
  const roles = `/schools/${school.urn}/governance/roles`
  return { school, user, browser, roles }
}

const dtFields = (over: Record<string, string> = {}) => ({
  role: 'designated_teacher',
  personName: 'Dee Teacher',
  'startDate-day': '1',
  'startDate-month': '9',
  'startDate-year': '2025',
  hasQts: 'yes',
  inductionCompleted: 'yes',
  onLeadershipTeam: 'yes',
  timeAllocated: 'Half a day a week',
  ...over,
})

const appointmentsOf = (schoolId: string) =>
  t.ctx.db.select().from(designatedRoleAppointments).where(eq(designatedRoleAppointments.schoolId, schoolId))

describe('the designated roles page', () => {
  it('shows every role vacant as a problem, from the first day of the school year', async () => {
    const { browser, roles } = await aSchoolSignedIn()
    const page = await browser.get(roles)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-l">Designated roles</h1>')
    expect(page.body).toContain('No designated teacher from 1 September 2026')
    expect(page.body).toContain('No designated governor from 1 September 2026')
    expect(page.body).toContain('6 problems with the designated roles this school year')
    expect(page.body).toContain('The school’s term dates for 2026 to 2027 are not set')
    expect(page.body).toContain('Add an appointment')
  })

  it('is reached from the menu, which marks it as the current page', async () => {
    const { browser, roles } = await aSchoolSignedIn()
    const res = await browser.get('/governance')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(roles)
    const page = await browser.get(roles)
    expect(page.body).toMatch(
      /<a class="govuk-service-navigation__link" href="\/governance" aria-current="page">\s*<strong[^>]*>Roles and training</,
    )
  })

  it('saves a designated teacher without QTS, and shows it as breaking DT-1', async () => {
    const { school, browser, roles } = await aSchoolSignedIn()
    const res = await browser.submit(`${roles}/new`, `${roles}/new`, dtFields({ hasQts: 'no' }))
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`${roles}?schoolYear=2026`)
    const page = await browser.get(res.headers.location!)
    expect(page.body).toContain('Dee Teacher is the designated teacher from 1 September 2025')
    expect(page.body).toContain(
      'Dee Teacher does not have qualified teacher status. The law requires the designated teacher to have it, unless they are the headteacher or acting headteacher (DT-1)',
    )
    expect(page.body).not.toContain('No designated teacher from')
    expect(page.body).toContain('Half a day a week')
    expect(await appointmentsOf(school.id)).toEqual([expect.objectContaining({ hasQts: false })])
  })

  it('refuses an overlapping designated teacher, saying who holds the role, and saves nothing', async () => {
    const { school, browser, roles } = await aSchoolSignedIn()
    await browser.submit(`${roles}/new`, `${roles}/new`, dtFields())
    const res = await browser.submit(
      `${roles}/new`,
      `${roles}/new`,
      dtFields({ personName: 'Second Teacher', 'startDate-year': '2026' }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain(
      '<a href="#startDate-day">Dee Teacher is already the designated teacher from 1 September 2025 with no end date.',
    )
    expect(res.body).toContain('value="Second Teacher"')
    expect(await appointmentsOf(school.id)).toHaveLength(1)
  })

  it('asks for what is missing, linking each problem to its field', async () => {
    const { school, browser, roles } = await aSchoolSignedIn()
    const res = await browser.submit(`${roles}/new`, `${roles}/new`, {
      role: 'designated_teacher',
      'startDate-day': '31',
      'startDate-month': '2',
      'startDate-year': '2026',
    })
    expect(res.statusCode).toBe(422)
    for (const [href, message] of [
      ['#startDate-day', 'The start date must be a real date'],
      ['#personName', 'Enter the name of the person appointed'],
      ['#hasQts', 'Say whether the designated teacher has qualified teacher status'],
    ])
      expect(res.body).toContain(`<a href="${href}">${message}</a>`)
    expect(await appointmentsOf(school.id)).toEqual([])
  })

  it('ends an appointment, after which the register shows the role vacant', async () => {
    const { school, browser, roles } = await aSchoolSignedIn()
    await browser.submit(`${roles}/new`, `${roles}/new`, dtFields())
    const [appointment] = await appointmentsOf(school.id)
    const endUrl = `${roles}/${appointment!.id}/end`
    const form = await browser.get(endUrl)
    expect(form.body).toContain('End Dee Teacher’s appointment')
    const early = await browser.submit(endUrl, endUrl, {
      'endDate-day': '1',
      'endDate-month': '1',
      'endDate-year': '2025',
      version: '1',
    })
    expect(early.statusCode).toBe(422)
    expect(early.body).toContain('The end date must be the same as or after the start date, 1 September 2025')
    const res = await browser.submit(endUrl, endUrl, {
      'endDate-day': '31',
      'endDate-month': '12',
      'endDate-year': '2026',
      version: '1',
    })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(res.headers.location!)
    expect(page.body).toContain('Dee Teacher’s appointment ends on 31 December 2026')
    expect(page.body).toContain('No designated teacher from 1 January 2027')
  })

  it('corrects an appointment, and says so when someone else changed it first', async () => {
    const { school, browser, roles } = await aSchoolSignedIn()
    await browser.submit(`${roles}/new`, `${roles}/new`, dtFields({ hasQts: 'no' }))
    const [appointment] = await appointmentsOf(school.id)
    const editUrl = `${roles}/${appointment!.id}/edit`
    const form = await browser.get(editUrl)
    expect(form.body).toContain('value="Dee Teacher"')
    expect(form.body).toMatch(/name="hasQts" type="radio" value="no" checked/)
    const res = await browser.submit(editUrl, editUrl, { ...dtFields(), version: '1' })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(res.headers.location!)
    expect(page.body).toContain('The appointment of Dee Teacher has been corrected')
    expect(page.body).not.toContain('does not have qualified teacher status')
    const stale = await browser.submit(editUrl, editUrl, { ...dtFields({ hasQts: 'no' }), version: '1' })
    expect(stale.statusCode).toBe(409)
  })
})

describe('governors and other schools', () => {
  it('lets a governor read the register, with nothing to change it', async () => {
    const { school, browser, roles } = await aSchoolSignedIn('governor')
    const dt = await aUser(t.ctx, 'designated_teacher', school)
    const dtBrowser = new TestBrowser(t.app)
    await dtBrowser.signIn(dt.user.email)
    await dtBrowser.submit(`${roles}/new`, `${roles}/new`, dtFields())
    const page = await browser.get(roles)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Dee Teacher')
    expect(page.body).not.toContain('Add an appointment')
    expect(page.body).not.toMatch(/\/end"|\/edit"/)
    expect((await browser.get(`${roles}/new`)).statusCode).toBe(403)
    expect((await browser.submit(roles, `${roles}/new`, dtFields())).statusCode).toBe(403)
    expect(await appointmentsOf(school.id)).toHaveLength(1)
  })

  it('treats another school’s register as not there', async () => {
    const { browser } = await aSchoolSignedIn()
    const other = await aSchool(t.ctx)
    expect((await browser.get(`/schools/${other.urn}/governance/roles`)).statusCode).toBe(404)
    expect((await browser.get(`/schools/${other.urn}/governance/roles/new`)).statusCode).toBe(404)
  })
})
