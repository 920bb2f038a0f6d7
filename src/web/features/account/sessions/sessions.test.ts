import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'

// Issue 3 item 2: where you are signed in, and signing out everywhere.
describe('your sessions', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  it('lists the browsers you are signed in on, marking this one', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const laptop = new TestBrowser(t.app)
    const phone = new TestBrowser(t.app)
    await laptop.signIn(user.email)
    await phone.signIn(user.email)
    expect((await laptop.get('/account')).body).toContain('href="/account/sessions"')
    const page = await laptop.get('/account/sessions')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Signed in on 2 devices or browsers')
    expect(page.body.match(/This browser/g)).toHaveLength(1)
  })

  it('signs you out everywhere, here included', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const laptop = new TestBrowser(t.app)
    const phone = new TestBrowser(t.app)
    await laptop.signIn(user.email)
    await phone.signIn(user.email)
    const bystander = new TestBrowser(t.app)
    await bystander.signIn((await aUser(t.ctx, 'staff', school)).user.email)

    const res = await laptop.submit('/account/sessions', '/account/sessions/sign-out-everywhere', {})
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in')
    expect((await laptop.get('/sign-in')).body).toContain(
      'You have been signed out everywhere, including here',
    )
    expect((await laptop.get('/register')).statusCode).toBe(302)
    expect((await phone.get('/register')).statusCode).toBe(302)
    expect((await bystander.get('/register')).statusCode).toBe(200)
  })

  it('needs sign-in and a CSRF token', async () => {
    const anonymous = new TestBrowser(t.app)
    expect((await anonymous.get('/account/sessions')).headers.location).toBe(
      '/sign-in?next=%2Faccount%2Fsessions',
    )
    const { user } = await aUser(t.ctx, 'staff', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    expect((await browser.post('/account/sessions/sign-out-everywhere', {})).statusCode).toBe(403)
    expect((await browser.get('/register')).statusCode).toBe(200)
  })
})
