import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser, totpCode } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'

describe('the account page', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  const inHalfAMinute = () => new Date(t.ctx.now().getTime() + 30_000)

  it('is linked from every page and shows two-factor on, without a way to turn it off when required', async () => {
    const { user } = await aUser(t.ctx, 'designated_teacher', school, { name: 'Dana Teacher' })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    expect((await browser.get('/register')).body).toContain('href="/account"')
    const page = await browser.get('/account')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Dana Teacher')
    expect(page.body).toContain(user.email)
    expect(page.body).toMatch(/govuk-tag--green">\s*On\s*</)
    expect(page.body).toContain('10 of 10 not used yet')
    expect(page.body).toContain('Get new recovery codes')
    expect(page.body).not.toContain('href="/account/two-factor/turn-off"')
    expect(page.body).toContain('you cannot turn it off')
    expect((await browser.get('/account/two-factor/turn-off')).statusCode).toBe(403)
  })

  it('gives new recovery codes once, and the old ones stop working', async () => {
    const { user } = await aUser(t.ctx, 'headteacher', school, { twoFactor: false })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    const { recoveryCodes: old } = await browser.setUpTwoFactor()
    const res = await browser.submit('/account', '/account/two-factor/recovery-codes', {})
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const fresh = [...res.body.matchAll(/<code[^>]*>([a-z2-9-]{14})<\/code>/g)].map((m) => m[1])
    expect(fresh).toHaveLength(10)
    expect(fresh).not.toContain(old[0])
    expect(res.body).toContain('You will not see these codes again')
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!
    const saved = await browser.post('/account/two-factor/recovery-codes/saved', {
      _csrf: token,
      after: 'account',
    })
    expect(saved.headers.location).toBe('/account')
    const account = await browser.get('/account')
    expect(account.body).toContain('You have new recovery codes. Your old ones no longer work')
    expect(account.body).not.toContain(fresh[0])

    const other = new TestBrowser(t.app)
    await other.submit('/sign-in', '/sign-in', {
      email: user.email,
      password: 'correct horse battery staple',
    })
    const refused = await other.submit('/sign-in/recovery-code', '/sign-in/recovery-code', { code: old[0]! })
    expect(refused.statusCode).toBe(401)
    const accepted = await other.submit('/sign-in/recovery-code', '/sign-in/recovery-code', {
      code: fresh[0]!,
    })
    expect(accepted.statusCode).toBe(302)
  })

  it('lets a staff member set two-factor up by choice and turn it off again with a code', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    const off = await browser.get('/account')
    expect(off.body).toMatch(/govuk-tag--grey">\s*Off\s*</)
    expect(off.body).toContain('href="/account/two-factor/set-up"')
    const setUpPage = await browser.get('/account/two-factor/set-up')
    expect(setUpPage.body).not.toContain('before you can use Harbour')
    const { secret } = await browser.setUpTwoFactor()
    const on = await browser.get('/account')
    expect(on.body).toContain('href="/account/two-factor/turn-off"')

    const wrong = await browser.submit('/account/two-factor/turn-off', '/account/two-factor/turn-off', {
      code: '',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Enter the 6-digit code from your authenticator app')
    const res = await browser.submit('/account/two-factor/turn-off', '/account/two-factor/turn-off', {
      code: await totpCode(secret, inHalfAMinute()),
    })
    expect(res.statusCode).toBe(302)
    const after = await browser.get('/account')
    expect(after.body).toContain('Two-factor authentication is off')
    expect(after.body).toMatch(/govuk-tag--grey">\s*Off\s*</)

    // Signing in again goes straight in.
    expect((await new TestBrowser(t.app).signIn(user.email)).headers.location).toBe('/')
  })

  it('refuses the account forms without their CSRF token', async () => {
    const { user } = await aUser(t.ctx, 'staff', school, { twoFactor: true })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    for (const url of ['/account/two-factor/recovery-codes', '/account/two-factor/turn-off'])
      expect((await browser.post(url, { code: '123456' })).statusCode, url).toBe(403)
  })
})
