import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { eq } from 'drizzle-orm'
import { buildApp, type AppOptions } from '../app.js'
import type { ServiceContext } from '../services/context.js'
import { openTestDatabase, type TestDatabase } from './test-db.js'
import { users } from '../data/schema/index.js'
import { TEST_PASSWORD, totpCode, totpSecretOf } from './builders.js'

export type TestApp = {
  app: FastifyInstance
  database: TestDatabase
  ctx: ServiceContext
  close(): Promise<void>
}

export async function buildTestApp(
  options: { now?: () => Date; onRoute?: AppOptions['onRoute'] } & Pick<
    AppOptions,
    'rateLimit' | 'trustProxy' | 'security'
  > = {},
): Promise<TestApp> {
  const database = await openTestDatabase()
  const app = await buildApp({
    database,
    rateLimit: options.rateLimit ?? false,
    trustProxy: options.trustProxy,
    security: options.security,
    now: options.now,
    sessionSecret: 'x'.repeat(48),
    onRoute: options.onRoute,
  })
  await app.ready()
  return {
    app,
    database,
    ctx: app.harbour.ctx,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}

/** A browser-like session for `app.inject`: keeps cookies and reads the CSRF token from forms. */
export class TestBrowser {
  private cookies = new Map<string, string>()
  /** `headers` go with every request (say `x-forwarded-proto: https`, as from a TLS-terminating proxy). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The value of a cookie the browser holds: the session cookie, to replay or tamper with. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private keep(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader() },
    })
    this.keep(res)
    return res
  }

  /** Posts a form the way a browser would, with the CSRF token from the page at `formUrl`. */
  async submit(
    formUrl: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(formUrl)
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    if (!token) throw new Error(`No CSRF token on ${formUrl} (status ${page.statusCode})`)
    const body = new URLSearchParams()
    body.append('_csrf', token)
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item)
    const res = await this.app.inject({
      method: 'POST',
      url: action,
      headers: {
        ...this.headers,
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    })
    this.keep(res)
    return res
  }

  /**
   * Signs in and, for a user with two-factor on, enters a code made from their secret (the one
   * `aUser`/`withTwoFactor` set up, or `totpSecret`). A user who must still set two-factor up is left
   * on the set-up page's redirect; `setUpTwoFactor()` goes through it.
   */
  async signIn(
    email: string,
    password = TEST_PASSWORD,
    options: { totpSecret?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.submit('/sign-in', '/sign-in', { email, password })
    if (res.statusCode !== 302) throw new Error(`Sign-in failed for ${email}: ${res.statusCode}`)
    if (res.headers.location !== '/sign-in/two-factor') return res
    const secret = options.totpSecret ?? totpSecretOf(email)
    if (!secret) throw new Error(`${email} has two-factor sign-in on: pass { totpSecret }`)
    // A test signs one user in many times within 30 seconds, and a code's time-step is accepted once.
    // Each sign-in here stands for one in a later step; two-factor.service.test.ts tests the replay rule.
    const { ctx } = this.app.harbour
    await ctx.db.update(users).set({ totpLastStep: null }).where(eq(users.email, email.trim().toLowerCase()))
    const code = await totpCode(secret, ctx.now())
    const second = await this.submit('/sign-in/two-factor', '/sign-in/two-factor', { code })
    if (second.statusCode !== 302)
      throw new Error(`Two-factor step failed for ${email}: ${second.statusCode}`)
    return second
  }

  /** Goes through the set-up page as its user would; returns the secret and the recovery codes shown. */
  async setUpTwoFactor(): Promise<{ secret: string; recoveryCodes: string[]; done: LightMyRequestResponse }> {
    const page = await this.get('/account/two-factor/set-up')
    const secret = /id="setup-key"[^>]*>([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/ /g, '')
    if (!secret) throw new Error(`No set-up key on the set-up page (status ${page.statusCode})`)
    const code = await totpCode(secret, this.app.harbour.ctx.now())
    const shown = await this.submit('/account/two-factor/set-up', '/account/two-factor/set-up', { code })
    const recoveryCodes = [
      ...shown.body.matchAll(/<code[^>]*>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/g),
    ].map((m) => m[1]!)
    if (shown.statusCode !== 200 || recoveryCodes.length === 0)
      throw new Error(`Two-factor set-up failed: ${shown.statusCode}`)
    const token = /name="_csrf" value="([^"]+)"/.exec(shown.body)![1]!
    const done = await this.post('/account/two-factor/recovery-codes/saved', {
      _csrf: token,
      after: 'set_up',
    })
    return { secret, recoveryCodes, done }
  }

  /** Posts a form with the fields given (the caller supplies `_csrf`). */
  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        ...this.headers,
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(fields).toString(),
    })
    this.keep(res)
    return res
  }
}
