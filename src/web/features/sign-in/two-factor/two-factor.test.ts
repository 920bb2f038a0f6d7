import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../../app.js'
import { setSetting } from '../../../../data/repositories/settings.repository.js'
import { aSchool, aUser, totpCode, TEST_PASSWORD } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { openTestDatabase } from '../../../../test-support/test-db.js'
import { setTwoFactorRequiredForAll } from '../../../../services/two-factor.service.js'
import { SYSTEM_ACTOR } from '../../../../services/users.service.js'

describe('signing in with two-factor authentication', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  // `aUser` set two-factor up with the code of the current step, so a sign-in uses the next one.
  const code = (secret: string, offsetSeconds = 30) =>
    totpCode(secret, new Date(t.ctx.now().getTime() + offsetSeconds * 1000))

  /** Posts the password and stops at the second step. */
  async function halfSignedIn(email: string, next?: string) {
    const browser = new TestBrowser(t.app)
    const res = await browser.submit(
      `/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`,
      '/sign-in',
      {
        email,
        password: TEST_PASSWORD,
        ...(next ? { next } : {}),
      },
    )
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in/two-factor')
    return browser
  }

  it('asks for a code after the password, and opens no page before it', async () => {
    const { user } = await aUser(t.ctx, 'designated_teacher', school)
    const browser = await halfSignedIn(user.email)
    const page = await browser.get('/sign-in/two-factor')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Enter the code from your authenticator app')
    expect(page.body).toContain('autocomplete="one-time-code"')
    expect(page.body).toContain('href="/sign-in/recovery-code"')
    // Half-way is not signed in: no navigation, and the register sends them to sign in.
    expect(page.body).not.toContain('href="/register"')
    const register = await browser.get('/register')
    expect(register.statusCode).toBe(302)
    expect(register.headers.location).toBe('/sign-in?next=%2Fregister')
    expect((await browser.get('/account')).headers.location).toBe('/sign-in?next=%2Faccount')
  })

  it('signs in with the right code and goes on to the page asked for', async () => {
    const { user, totpSecret } = await aUser(t.ctx, 'designated_teacher', school)
    const browser = await halfSignedIn(user.email, '/tasks')
    const res = await browser.submit('/sign-in/two-factor', '/sign-in/two-factor', {
      code: await code(totpSecret!),
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/tasks')
    expect((await browser.get('/register')).statusCode).toBe(200)
    // The second step is over: its page now sends the user back to sign in.
    expect((await browser.get('/sign-in/two-factor')).headers.location).toBe('/sign-in')
  })

  it('asks for the code when none is given, and refuses a wrong one, with an error summary', async () => {
    const { user } = await aUser(t.ctx, 'headteacher', school)
    const browser = await halfSignedIn(user.email)
    const empty = await browser.submit('/sign-in/two-factor', '/sign-in/two-factor', { code: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('There is a problem')
    expect(empty.body).toContain('href="#code"')
    expect(empty.body).toContain('Enter the 6-digit code from your authenticator app')
    const wrong = await browser.submit('/sign-in/two-factor', '/sign-in/two-factor', { code: '000000' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain(
      'The code is not right, or it has been used. Wait for a new code and try again',
    )
    expect((await browser.get('/register')).statusCode).toBe(302)
  })

  it('refuses a code that has been used already (a replay)', async () => {
    const { user, totpSecret } = await aUser(t.ctx, 'dsl', school)
    const used = await code(totpSecret!)
    const first = await halfSignedIn(user.email)
    expect(
      (await first.submit('/sign-in/two-factor', '/sign-in/two-factor', { code: used })).statusCode,
    ).toBe(302)
    const second = await halfSignedIn(user.email)
    const replay = await second.submit('/sign-in/two-factor', '/sign-in/two-factor', { code: used })
    expect(replay.statusCode).toBe(401)
    expect((await second.get('/register')).statusCode).toBe(302)
  })

  it('ends the half-finished sign-in after too many wrong codes', async () => {
    const { user, totpSecret } = await aUser(t.ctx, 'senco', school)
    const browser = await halfSignedIn(user.email)
    let res = await browser.submit('/sign-in/two-factor', '/sign-in/two-factor', { code: '000000' })
    for (let i = 0; i < 4; i++)
      res = await browser.submit('/sign-in/two-factor', '/sign-in/two-factor', { code: '000000' })
    expect(res.statusCode).toBe(429)
    expect(res.body).toContain('You have entered a wrong code too many times')
    expect((await browser.get('/sign-in/two-factor')).headers.location).toBe('/sign-in')
    // Even the right code, after signing in again, waits until the lock ends.
    const again = await halfSignedIn(user.email)
    const right = await again.submit('/sign-in/two-factor', '/sign-in/two-factor', {
      code: await code(totpSecret!),
    })
    expect(right.statusCode).toBe(429)
  })

  it('signs in with a recovery code once, and refuses the same code again', async () => {
    const { user } = await aUser(t.ctx, 'vs_adviser', null, { laCode: '919', twoFactor: false })
    const setUp = new TestBrowser(t.app)
    await setUp.signIn(user.email)
    const { recoveryCodes } = await setUp.setUpTwoFactor()

    const browser = await halfSignedIn(user.email)
    const page = await browser.get('/sign-in/recovery-code')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Enter a recovery code')
    const res = await browser.submit('/sign-in/recovery-code', '/sign-in/recovery-code', {
      code: recoveryCodes[0]!,
    })
    expect(res.statusCode).toBe(302)
    expect((await browser.get('/register')).statusCode).toBe(200)

    const other = await halfSignedIn(user.email)
    const again = await other.submit('/sign-in/recovery-code', '/sign-in/recovery-code', {
      code: recoveryCodes[0]!,
    })
    expect(again.statusCode).toBe(401)
    expect(again.body).toContain('The recovery code is not right, or it has been used')
  })

  it('warns when few recovery codes are left', async () => {
    const { user } = await aUser(t.ctx, 'staff', school, { twoFactor: false })
    const setUp = new TestBrowser(t.app)
    await setUp.signIn(user.email)
    await setUp.get('/account')
    const { recoveryCodes } = await setUp.setUpTwoFactor()
    for (const used of recoveryCodes.slice(0, 7)) {
      const browser = await halfSignedIn(user.email)
      await browser.submit('/sign-in/recovery-code', '/sign-in/recovery-code', { code: used })
    }
    const browser = await halfSignedIn(user.email)
    await browser.submit('/sign-in/recovery-code', '/sign-in/recovery-code', { code: recoveryCodes[7]! })
    const home = await browser.get('/tasks')
    expect(home.body).toContain('You signed in with a recovery code. You have 2 recovery codes left')
    expect(home.body).toContain('Get new recovery codes from your account page')
  })

  it('refuses the code form without its CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in/two-factor',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'code=123456',
    })
    expect(res.statusCode).toBe(403)
  })

  it('sends the second-step pages to sign in when no password was given', async () => {
    const browser = new TestBrowser(t.app)
    expect((await browser.get('/sign-in/two-factor')).headers.location).toBe('/sign-in')
    expect((await browser.get('/sign-in/recovery-code')).headers.location).toBe('/sign-in')
  })
})

describe('who is made to set two-factor up', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  it('sends a designated teacher without two-factor to set it up, from every page', async () => {
    const { user } = await aUser(t.ctx, 'designated_teacher', school, { twoFactor: false })
    const browser = new TestBrowser(t.app)
    const signedIn = await browser.signIn(user.email)
    expect(signedIn.headers.location).toBe('/account/two-factor/set-up')
    for (const url of ['/register', '/tasks', '/account', '/pupils/new', '/account/two-factor/turn-off'])
      expect((await browser.get(url)).headers.location, url).toBe('/account/two-factor/set-up')
    const form = await browser.submit(
      '/account/two-factor/set-up',
      '/tasks/00000000-0000-0000-0000-000000000000/done',
      {},
    )
    expect(form.statusCode).toBe(302)
    expect(form.headers.location).toBe('/account/two-factor/set-up')
  })

  it('shows the QR code with a name, the key as text, and refuses a wrong first code', async () => {
    const { user } = await aUser(t.ctx, 'admin', null, { twoFactor: false })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    const page = await browser.get('/account/two-factor/set-up')
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toMatch(
      /<svg role="img" aria-label="QR code for adding Harbour to your authenticator app"/,
    )
    expect(page.body).toMatch(/id="setup-key"[^>]*>[A-Z2-7]{4}( [A-Z2-7]{4})+</)
    expect(page.body).toContain('need to set up two-factor authentication before you can use Harbour')
    // A reload shows the same key, so a half-scanned code still works.
    const key = (body: string) => /id="setup-key"[^>]*>([^<]+)</.exec(body)![1]
    expect(key((await browser.get('/account/two-factor/set-up')).body)).toBe(key(page.body))

    const wrong = await browser.submit('/account/two-factor/set-up', '/account/two-factor/set-up', {
      code: '12345',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('There is a problem')
    expect(wrong.body).toContain('The code is not right, or it has been used')
    expect((await browser.get('/admin')).headers.location).toBe('/account/two-factor/set-up')
  })

  it('shows 10 recovery codes once, then lets the user in where they were going', async () => {
    const { user } = await aUser(t.ctx, 'vs_head', null, { laCode: '919', twoFactor: false })
    const browser = new TestBrowser(t.app)
    const res = await browser.submit('/sign-in?next=%2Ftasks', '/sign-in', {
      email: user.email,
      password: TEST_PASSWORD,
      next: '/tasks',
    })
    expect(res.headers.location).toBe('/account/two-factor/set-up')
    const { recoveryCodes, done } = await browser.setUpTwoFactor()
    expect(recoveryCodes).toHaveLength(10)
    expect(done.headers.location).toBe('/tasks')
    const tasks = await browser.get('/tasks')
    expect(tasks.statusCode).toBe(200)
    expect(tasks.body).toContain('Two-factor authentication is on')
    // Set up once: the set-up page now leads to the account page.
    expect((await browser.get('/account/two-factor/set-up')).headers.location).toBe('/account')
  })

  it('lets a staff member without two-factor sign in directly', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const browser = new TestBrowser(t.app)
    const res = await browser.signIn(user.email)
    expect(res.headers.location).toBe('/')
    expect((await browser.get('/register')).statusCode).toBe(200)
  })

  it('makes staff set it up when their school requires it of everyone', async () => {
    const strict = await aSchool(t.ctx)
    await setTwoFactorRequiredForAll(t.ctx, SYSTEM_ACTOR, strict.urn, true)
    const { user } = await aUser(t.ctx, 'staff', strict)
    const browser = new TestBrowser(t.app)
    expect((await browser.signIn(user.email)).headers.location).toBe('/account/two-factor/set-up')
    expect((await browser.get('/register')).headers.location).toBe('/account/two-factor/set-up')
  })
})

describe('a half-finished sign-in', () => {
  it('expires after 10 minutes, back to the password', async () => {
    let now = new Date()
    const t = await buildTestApp({ now: () => now })
    try {
      const { user, totpSecret } = await aUser(t.ctx, 'designated_teacher', await aSchool(t.ctx))
      const browser = new TestBrowser(t.app)
      await browser.submit('/sign-in', '/sign-in', { email: user.email, password: TEST_PASSWORD })
      expect((await browser.get('/sign-in/two-factor')).statusCode).toBe(200)
      const page = await browser.get('/sign-in/two-factor')
      now = new Date(now.getTime() + 10 * 60_000 + 1000)
      expect((await browser.get('/sign-in/two-factor')).headers.location).toBe('/sign-in')
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
      const late = await browser.post('/sign-in/two-factor', {
        _csrf: token,
        code: await totpCode(totpSecret!, now),
      })
      expect(late.headers.location).toBe('/sign-in')
      expect((await browser.get('/register')).statusCode).toBe(302)
    } finally {
      await t.close()
    }
  })
})

describe('the demonstration database', () => {
  it('lets its synthetic designated teacher sign in without two-factor', async () => {
    const database = await openTestDatabase()
    await setSetting(database.db, 'demo', true)
    const app = await buildApp({ database, rateLimit: false, sessionSecret: 'x'.repeat(48) })
    try {
      const ctx = app.harbour.ctx
      const school = await aSchool(ctx)
      const demoUser = await aUser(ctx, 'designated_teacher', school, {
        email: 'dt@example-school.demo.harbour.test',
        twoFactor: false,
      })
      const realUser = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
      const demo = new TestBrowser(app)
      expect((await demo.signIn(demoUser.user.email)).headers.location).toBe('/')
      const register = await demo.get('/register')
      expect(register.statusCode).toBe(200)
      expect(register.body).toContain('Demonstration.')
      // Someone added with a real address to the demonstration still needs two-factor.
      const other = new TestBrowser(app)
      expect((await other.signIn(realUser.user.email)).headers.location).toBe('/account/two-factor/set-up')
    } finally {
      await app.close()
      await database.close()
    }
  })
})
