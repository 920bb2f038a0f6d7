import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser, TEST_PASSWORD } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { createPasswordResetLink } from '../../../services/password-reset.service.js'
import { findUserById, SYSTEM_ACTOR } from '../../../services/users.service.js'

// Issue 3 item 2: the page an administrator's single-use link opens.
describe('setting a new password through a reset link', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let clock = Date.now()

  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date(clock) })
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  async function aLink(name = 'Rowan Reset') {
    const { user } = await aUser(t.ctx, 'staff', school, { name })
    const { token } = await createPasswordResetLink(t.ctx, SYSTEM_ACTOR, user.id)
    return { user, url: `/reset-password/${token}` }
  }
  const set = (browser: TestBrowser, url: string, password: string, confirmPassword = password) =>
    browser.submit(url, url, { password, confirmPassword })

  it('asks for the new password twice, sets it and sends the person to sign in', async () => {
    const { user, url } = await aLink()
    const browser = new TestBrowser(t.app)
    const page = await browser.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('For Rowan Reset')
    expect(page.body).toContain('autocomplete="new-password"')
    const res = await set(browser, url, 'willow canal biscuit')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in')
    expect((await browser.get('/sign-in')).body).toContain('Your password has been changed')
    await browser.signIn(user.email, 'willow canal biscuit')
    expect(
      (
        await new TestBrowser(t.app).submit('/sign-in', '/sign-in', {
          email: user.email,
          password: TEST_PASSWORD,
        })
      ).statusCode,
    ).toBe(401)
  })

  it.each([
    ['too short', 'short one', 'Password must be 12 characters or more'],
    ['common', 'Password1234!', 'commonly used password'],
    ['their own name', 'rowan-reset-2026', 'must not contain the person’s name or email address'],
  ])('refuses a password that is %s, and the link still works', async (_, password, message) => {
    const { user, url } = await aLink()
    const browser = new TestBrowser(t.app)
    const res = await set(browser, url, password)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#password"')
    expect(res.body).toContain(message)
    expect(res.body).not.toContain(password)
    expect((await browser.get(url)).statusCode).toBe(200)
    expect((await findUserById(t.ctx, user.id))?.version).toBe(user.version)
  })

  it('asks again when the two passwords differ', async () => {
    const { url } = await aLink()
    const res = await set(new TestBrowser(t.app), url, 'willow canal biscuit', 'willow canal biscuits')
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#confirmPassword"')
  })

  it('shows a clear page for a used, expired or unknown link, and changes nothing', async () => {
    const { url } = await aLink()
    const browser = new TestBrowser(t.app)
    expect((await set(browser, url, 'willow canal biscuit')).statusCode).toBe(302)
    const used = await browser.get(url)
    expect(used.statusCode).toBe(404)
    expect(used.body).toContain('This link does not work')
    expect(used.body).toContain('Nothing has been changed')

    const expiring = await aLink()
    clock += 24 * 3_600_000
    const page = new TestBrowser(t.app)
    expect((await page.get(expiring.url)).statusCode).toBe(404)
    // A form post all the same, with a good CSRF token from another page of the same session.
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await page.get('/sign-in')).body)![1]!
    const late = await page.post(expiring.url, {
      _csrf: csrf,
      password: 'willow canal biscuit',
      confirmPassword: 'willow canal biscuit',
    })
    expect(late.statusCode).toBe(404)
    expect(late.body).toContain('This link does not work')
    expect((await findUserById(t.ctx, expiring.user.id))?.version).toBe(expiring.user.version)

    expect((await browser.get(`/reset-password/${'A'.repeat(43)}`)).statusCode).toBe(404)
    expect((await browser.get('/reset-password/%3Cscript%3E')).body).not.toContain('<script>alert')
  })

  it('refuses a form post without its CSRF token', async () => {
    const { user, url } = await aLink()
    const res = await new TestBrowser(t.app).post(url, {
      password: 'willow canal biscuit',
      confirmPassword: 'willow canal biscuit',
    })
    expect(res.statusCode).toBe(403)
    expect((await findUserById(t.ctx, user.id))?.version).toBe(user.version)
  })
})
