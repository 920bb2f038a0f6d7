import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessions } from '../../../data/schema/index.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { aSchool, aUser, TEST_PASSWORD } from '../../../test-support/builders.js'

// Issue 3 item 2, through the pages: lockout, rate limits, session lifetimes, cookies and HTTPS.

const signInForm = (browser: TestBrowser, email: string, password: string) =>
  browser.submit('/sign-in', '/sign-in', { email, password })

/** The error a refused sign-in shows, without the parts that echo what was typed. */
const refusalOf = (body: string) =>
  /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1]

describe('lockout after wrong passwords', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  it('refuses 6 wrong passwords in a row, then the right one, saying to wait 15 minutes', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const browser = new TestBrowser(t.app)
    const statuses = []
    let last = ''
    for (let i = 0; i < 6; i++) {
      const res = await signInForm(browser, user.email, `wrong password ${i}`)
      statuses.push(res.statusCode)
      last = res.body
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401])
    expect(last).toContain('There have been too many attempts to sign in. Try again in 15 minutes')
    const right = await signInForm(browser, user.email, TEST_PASSWORD)
    expect(right.statusCode).toBe(401)
    expect(right.body).toContain('Try again in 15 minutes')
    expect((await browser.get('/register')).headers.location).toBe('/sign-in?next=%2Fregister')
  })

  it('says the same for an email address that has no account, so it reveals nothing', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const real = new TestBrowser(t.app)
    const made_up = new TestBrowser(t.app)
    for (let i = 0; i < 5; i++) {
      const a = await signInForm(real, user.email, 'a wrong password')
      const b = await signInForm(made_up, 'no.such.person@school.example', 'a wrong password')
      expect(refusalOf(a.body)).toBe(refusalOf(b.body))
      expect(a.statusCode).toBe(b.statusCode)
    }
    expect(refusalOf((await signInForm(made_up, 'no.such.person@school.example', 'x')).body)).toContain(
      'too many attempts',
    )
  })
})

describe('rate limits (on here, as in production)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  beforeAll(async () => {
    t = await buildTestApp({ rateLimit: true })
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  it('allows 10 sign-in attempts a minute for one email from one address, then shows a 429 page', async () => {
    const browser = new TestBrowser(t.app)
    const email = 'limited@school.example'
    for (let i = 0; i < 10; i++) expect((await signInForm(browser, email, 'guess')).statusCode).toBe(401)
    const limited = await signInForm(browser, email, 'guess')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBeDefined()
    expect(limited.headers['content-type']).toContain('text/html')
    expect(limited.body).toContain('Sorry, there have been too many requests')
    expect(limited.body).toContain('Try again in 1 minute')
    // Another email from the same address is counted apart, so one person’s typos do not lock out the office.
    const { user } = await aUser(t.ctx, 'staff', school)
    expect((await signInForm(browser, user.email, TEST_PASSWORD)).statusCode).toBe(302)
  })

  it('allows 300 API requests a minute per token, then answers 429 problem+json', async () => {
    const call = (token: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/schools', headers: { authorization: `Bearer ${token}` } })
    const token = 'hbr_made-up-token-that-is-counted-all-the-same'
    for (let i = 0; i < 300; i++) expect((await call(token)).statusCode).toBe(401)
    const limited = await call(token)
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toContain('application/problem+json')
    expect(limited.headers['retry-after']).toBeDefined()
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' })
    expect(limited.json<{ detail: string }>().detail).toMatch(/^Too many requests: try again in \d+ seconds$/)
    expect((await call(`${token}-another`)).statusCode).toBe(401)
  })
})

describe('session lifetimes', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let clock = Date.now()
  const later = (minutes: number) => {
    clock += minutes * 60_000
  }
  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date(clock) })
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  async function signedIn() {
    const { user } = await aUser(t.ctx, 'staff', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    return { user, browser }
  }

  it('signs out a session idle for 30 minutes, saying why, and deletes it', async () => {
    const { user, browser } = await signedIn()
    later(29)
    expect((await browser.get('/register')).statusCode).toBe(200)
    later(30)
    const res = await browser.get('/register')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in?next=%2Fregister')
    const page = await browser.get(res.headers.location!)
    expect(page.body).toContain('You were signed out because you were inactive')
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0)
    // Said once only.
    expect((await browser.get('/sign-in')).body).not.toContain('because you were inactive')
  })

  it('keeps a session in use going, writing the last-seen time at most once a minute', async () => {
    const { user, browser } = await signedIn()
    const stored = async () =>
      (await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id)))[0]!.data
    for (let i = 0; i < 4; i++) {
      later(20)
      expect((await browser.get('/register')).statusCode).toBe(200)
    }
    const seen = (await stored()).lastSeenAt
    expect(seen).toBe(clock)
    later(0.5)
    await browser.get('/register')
    expect((await stored()).lastSeenAt).toBe(seen)
  })

  it('signs out after the absolute lifetime however busy the session is', async () => {
    const strict = await buildTestApp({
      now: () => new Date(clock),
      security: { lockout: { attempts: 5, minutes: 15 }, session: { idleMinutes: 30, absoluteHours: 1 } },
    })
    try {
      const { user } = await aUser(strict.ctx, 'staff', await aSchool(strict.ctx))
      const browser = new TestBrowser(strict.app)
      await browser.signIn(user.email)
      for (let i = 0; i < 2; i++) {
        later(25)
        expect((await browser.get('/register')).statusCode).toBe(200)
      }
      later(10)
      const res = await browser.get('/register')
      expect(res.headers.location).toBe('/sign-in?next=%2Fregister')
      expect((await browser.get('/sign-in')).body).toContain(
        'You were signed out because you had been signed in for 1 hour.',
      )
    } finally {
      await strict.close()
    }
  })
})

describe('cookies and HTTPS', () => {
  let direct: TestApp
  let proxied: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  beforeAll(async () => {
    direct = await buildTestApp()
    proxied = await buildTestApp({ trustProxy: true })
    school = await aSchool(proxied.ctx)
  })
  afterAll(async () => {
    await direct?.close()
    await proxied?.close()
  })

  const sessionCookieOf = (res: { headers: Record<string, unknown> }) =>
    [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('harbour_session=')) as string

  it('behind a trusted TLS proxy, marks the session cookie Secure and sends HSTS', async () => {
    const { user } = await aUser(proxied.ctx, 'staff', school)
    const browser = new TestBrowser(proxied.app, { 'x-forwarded-proto': 'https' })
    const res = await browser.signIn(user.email)
    const cookie = sessionCookieOf(res)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect((await browser.get('/register')).statusCode).toBe(200)
  })

  it('over plain HTTP, sends neither Secure nor HSTS (but HttpOnly and SameSite=Lax)', async () => {
    const { user } = await aUser(proxied.ctx, 'staff', school)
    const res = await new TestBrowser(proxied.app).signIn(user.email)
    const cookie = sessionCookieOf(res)
    expect(cookie).not.toMatch(/Secure/)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('without TRUST_PROXY, believes no X-Forwarded-Proto', async () => {
    const { user } = await aUser(direct.ctx, 'staff', await aSchool(direct.ctx))
    const res = await new TestBrowser(direct.app, { 'x-forwarded-proto': 'https' }).signIn(user.email)
    expect(sessionCookieOf(res)).not.toMatch(/Secure/)
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })
})
