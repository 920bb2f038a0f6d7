import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'

// A day in the 2026 to 2027 school year.
const NOW = new Date('2026-10-05T10:00:00Z')

describe('the governors’ report page (DOMAIN.md PD-11, POL-26)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let governor: TestBrowser
  let claPupil: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx, { name: 'Quayside Primary' })
    for (let i = 0; i < 8; i++) {
      const p = await aPupil(t.ctx, school, { yearGroup: 4, givenName: 'Robin', familyName: `Pagepupil${i}` })
      if (i === 0) claPupil = p
      if (i < 2) await anEpisode(t.ctx, p.id, aClaEpisode())
      if (i >= 2 && i < 5)
        await anEpisode(t.ctx, p.id, { type: 'KINSHIP', startDate: '2025-01-01', arrangement: 'formal' })
    }
    const { user } = await aUser(t.ctx, 'governor', school)
    governor = new TestBrowser(t.app)
    const signedIn = await governor.signIn(user.email)
    expect(signedIn.headers.location).toBe('/')
  })
  afterAll(async () => t?.close())

  it('is where a governor lands after signing in', async () => {
    const home = await governor.get('/')
    expect(home.statusCode).toBe(302)
    expect(home.headers.location).toBe('/governors')
  })

  it('shows how many children, the breakdown with small numbers withheld, and no names', async () => {
    const res = await governor.get('/governors')
    expect(res.statusCode).toBe(200)
    const body = res.body
    expect(body).toContain('Governors’ report')
    expect(body).toContain('Quayside Primary')
    expect(body).toContain('How many children')
    expect(body).toContain('names are never shown')
    const countCell = (label: string, n: number) =>
      new RegExp(`${label}</th>\\s*<td class="govuk-table__cell govuk-table__cell--numeric">${n}</td>`)
    expect(body).toMatch(countCell('Looked after \\(CLA\\)', 2))
    expect(body).toMatch(countCell('Kinship care', 3))
    expect(body).toMatch(countCell('On roll', 8))
    // Two looked-after children in Years 3 to 6: the breakdown of CLA says so only as withheld.
    expect(body).toContain('fewer than 3 pupils')
    expect(body).toContain('<li>Looked after (CLA) by year group</li>')
    expect(body).toContain('Years 3 to 6')
    expect(body).not.toContain('Pagepupil')
    expect(body).not.toContain(claPupil.upn)
    expect(body).toContain('the 2026 to 2027 school year so far')
  })

  it('offers the navigation item “Governors’ report” and nothing with pupils in it', async () => {
    const body = (await governor.get('/governors')).body
    expect(body).toContain('href="/governors"')
    expect(body).not.toContain('href="/register"')
    expect(body).not.toContain('href="/tasks"')
    expect(body).not.toContain('href="/pupils')
  })

  it('shows an earlier school year when chosen, and ignores one that is not offered', async () => {
    const earlier = await governor.get('/governors?schoolYear=2025')
    expect(earlier.statusCode).toBe(200)
    expect(earlier.body).toContain('the 2025 to 2026 school year,')
    expect(earlier.body).toMatch(/<option value="2025" selected>2025 to 2026<\/option>/)
    const longAgo = await governor.get('/governors?schoolYear=2012')
    expect(longAgo.body).toMatch(/<option value="2012" selected>2012 to 2013<\/option>/)
    const future = await governor.get('/governors?schoolYear=2031')
    expect(future.statusCode).toBe(200)
    expect(future.body).toContain('the 2026 to 2027 school year so far')
  })

  it('refuses a governor the register, a pupil’s page and another school’s report', async () => {
    expect((await governor.get('/register')).statusCode).toBe(403)
    expect((await governor.get(`/pupils/${claPupil.id}`)).statusCode).toBe(403)
    const other = await aSchool(t.ctx)
    expect((await governor.get(`/governors?school=${other.urn}`)).statusCode).toBe(404)
  })

  it('is for the roles with report:read: the head sees it, a SENCO gets the 403 page', async () => {
    const head = new TestBrowser(t.app)
    await head.signIn((await aUser(t.ctx, 'headteacher', school)).user.email)
    const page = await head.get('/governors')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('href="/governors"')
    const senco = new TestBrowser(t.app)
    await senco.signIn((await aUser(t.ctx, 'senco', school)).user.email)
    expect((await senco.get('/governors')).statusCode).toBe(403)
    expect((await senco.get('/register')).body).not.toContain('href="/governors"')
  })

  it('lets an administrator of every school choose the school', async () => {
    const admin = new TestBrowser(t.app)
    await admin.signIn((await aUser(t.ctx, 'admin', null)).user.email)
    const choose = await admin.get('/governors')
    expect(choose.statusCode).toBe(200)
    expect(choose.body).toContain(`href="/governors?school=${school.urn}&amp;schoolYear=2026"`)
    const report = await admin.get(`/governors?school=${school.urn}`)
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('Quayside Primary')
    expect(report.body).toContain(`name="school" value="${school.urn}"`)
  })

  it('is not found for a Virtual School head, who has no school, and is not in their navigation', async () => {
    const vs = new TestBrowser(t.app)
    await vs.signIn((await aUser(t.ctx, 'vs_head', null, { laCode: '919' })).user.email)
    const res = await vs.get('/governors')
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain('href="/governors"')
  })

  it('sends someone signed out to sign in', async () => {
    const res = await new TestBrowser(t.app).get('/governors')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in?next=%2Fgovernors')
  })
})
