import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { setCalendar } from '../../../../../services/schools.service.js'

const NOW = new Date('2026-03-02T12:00:00Z')

describe('a school’s page in administration', () => {
  let t: TestApp
  let admin: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    admin = await aUser(t.ctx, 'admin', null)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  it('shows the school’s details and its terms and closures by school year', async () => {
    const school = await aSchool(t.ctx, { name: 'Calendar High' })
    await setCalendar(t.ctx, admin.actor, school.urn, {
      terms: [
        { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
        { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
        { name: 'summer', start: '2026-04-13', end: '2026-07-22' },
      ],
      closures: [{ date: '2025-10-24', reason: 'INSET day' }],
    })
    const res = await browser.get(`/admin/schools/${school.urn}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Calendar High')
    expect(res.body).toContain(school.laestab)
    expect(res.body).toContain('2025 to 2026 school year')
    expect(res.body).toContain('22 July 2026')
    expect(res.body).toContain('24 October 2025: INSET day')
    expect(res.body).toContain(`href="/admin/schools/${school.urn}/calendar?year=2025"`)
    // Next year has no terms yet: a link to set them.
    expect(res.body).toContain('Set the 2026 to 2027 calendar')
  })

  it('shows the not-found page for an unknown school', async () => {
    expect((await browser.get('/admin/schools/999999')).statusCode).toBe(404)
  })
})
