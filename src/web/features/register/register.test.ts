import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'

describe('the register page', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dtEmail: string
  let looked: Awaited<ReturnType<typeof aPupil>>
  let notInCohort: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dtEmail = (await aUser(t.ctx, 'designated_teacher', school)).user.email
    looked = await aPupil(t.ctx, school, { givenName: 'Morgan', familyName: 'Lookedafter' })
    await anEpisode(t.ctx, looked.id, aClaEpisode())
    notInCohort = await aPupil(t.ctx, school, { givenName: 'Sam', familyName: 'Nocohort' })
  })
  afterAll(async () => t?.close())

  it('sends someone who is not signed in to the sign-in page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/register' })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in?next=%2Fregister')
  })

  it('lists looked-after pupils and leaves out pupils with no status', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(dtEmail)
    const res = await browser.get('/register')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Lookedafter, Morgan')
    expect(res.body).not.toContain('Nocohort')
  })

  it('finds any pupil on roll by UPN, even with no status', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(dtEmail)
    const res = await browser.get(`/register?q=${notInCohort.upn.toLowerCase()}`)
    expect(res.body).toContain('Nocohort, Sam')
    expect(res.body).toContain('No current status')
  })

  it('filters by cohort', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(dtEmail)
    expect((await browser.get('/register?cohort=pla')).body).not.toContain('Lookedafter')
    expect((await browser.get('/register?cohort=cla')).body).toContain('Lookedafter')
  })

  it('refuses a wrong password with an error summary', async () => {
    const browser = new TestBrowser(t.app)
    const res = await browser.submit('/sign-in', '/sign-in', {
      email: dtEmail,
      password: 'wrong password here',
    })
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain('href="#email"')
  })

  it('refuses a form posted without its CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(dtEmail)}&password=x`,
    })
    expect(res.statusCode).toBe(403)
  })
})
