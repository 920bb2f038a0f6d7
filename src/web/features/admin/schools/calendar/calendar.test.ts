import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getCalendar } from '../../../../../services/schools.service.js'

const NOW = new Date('2026-03-02T12:00:00Z')

describe('setting a school’s calendar', () => {
  let t: TestApp
  let admin: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const dates = (name: string, iso: string) => {
    const [y, m, d] = iso.split('-')
    return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! }
  }
  const year2026 = (over: Record<string, string> = {}) => ({
    year: '2026',
    ...dates('autumnStart', '2026-09-03'),
    ...dates('autumnEnd', '2026-12-18'),
    ...dates('springStart', '2027-01-05'),
    ...dates('springEnd', '2027-03-26'),
    ...dates('summerStart', '2027-04-12'),
    ...dates('summerEnd', '2027-07-21'),
    closures: '',
    ...over,
  })
  const save = (urn: string, fields: Record<string, string>) =>
    browser.submit(`/admin/schools/${urn}/calendar?year=2026`, `/admin/schools/${urn}/calendar`, fields)

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    admin = await aUser(t.ctx, 'admin', null)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  it('shows one school year’s form, this year by default', async () => {
    const school = await aSchool(t.ctx)
    const res = await browser.get(`/admin/schools/${school.urn}/calendar`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Calendar for 2025 to 2026')
    expect(res.body).toContain('name="autumnStart-day"')
    expect(res.body).toContain('name="closures"')
    expect((await browser.get(`/admin/schools/${school.urn}/calendar?year=2026`)).body).toContain(
      'Calendar for 2026 to 2027',
    )
  })

  it('saves the terms and closures, ranges as weekdays, and shows them on the school’s page', async () => {
    const school = await aSchool(t.ctx)
    const res = await save(
      school.urn,
      year2026({ closures: '2026-09-04 INSET day\n\n26/10/2026 to 30/10/2026 Half term\n5/1/2027' }),
    )
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/admin/schools/${school.urn}`)
    const page = await browser.get(`/admin/schools/${school.urn}`)
    expect(page.body).toContain('The 2026 to 2027 calendar has been saved')
    expect(page.body).toContain('3 September 2026')
    expect(page.body).toContain('21 July 2027')
    expect(page.body).toContain('28 October 2026: Half term')
    const { closures } = await getCalendar(t.ctx, admin.actor, school.urn)
    expect(closures.map((c) => c.date)).toEqual([
      '2026-09-04',
      '2026-10-26',
      '2026-10-27',
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2027-01-05',
    ])
    // The form opens again with what was saved.
    const again = await browser.get(`/admin/schools/${school.urn}/calendar?year=2026`)
    expect(again.body).toContain('2026-10-26 Half term')
  })

  it('refuses a term that ends before it starts, and saves nothing', async () => {
    const school = await aSchool(t.ctx)
    const res = await save(school.urn, year2026(dates('springEnd', '2026-12-20')))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#springEnd-day"')
    expect(res.body).toContain('Term end date must be the same as or after the start date')
    expect((await getCalendar(t.ctx, admin.actor, school.urn)).terms).toHaveLength(0)
  })

  it('names the line of a closure it cannot read', async () => {
    const school = await aSchool(t.ctx)
    const res = await save(school.urn, year2026({ closures: '2026-10-23 INSET\nnext Friday\n31/02/2027' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#closures"')
    expect(res.body).toContain('Line 2: start the line with a date')
    expect(res.body).toContain('Line 3: 31/02/2027 is not a real date')
    expect(res.body).toContain('next Friday')
    expect((await getCalendar(t.ctx, admin.actor, school.urn)).terms).toHaveLength(0)
  })

  it('names the line of a closure outside the terms', async () => {
    const school = await aSchool(t.ctx)
    const res = await save(school.urn, year2026({ closures: '2026-10-23\n2026-12-24 Christmas Eve' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Line 2: The closure on 2026-12-24 is not inside any of the terms given')
  })

  it('refuses a term in another school year', async () => {
    const school = await aSchool(t.ctx)
    const res = await save(school.urn, year2026(dates('autumnStart', '2025-09-03')))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#autumnStart-day"')
    expect(res.body).toContain('The autumn term must start in the 2026 to 2027 school year')
  })
})
