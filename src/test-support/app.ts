import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../app.js'
import type { ServiceContext } from '../services/context.js'
import { openTestDatabase, type TestDatabase } from './test-db.js'
import { TEST_PASSWORD } from './builders.js'

export type TestApp = {
  app: FastifyInstance
  database: TestDatabase
  ctx: ServiceContext
  close(): Promise<void>
}

export async function buildTestApp(options: { now?: () => Date } = {}): Promise<TestApp> {
  const database = await openTestDatabase()
  const app = await buildApp({ database, rateLimit: false, now: options.now, sessionSecret: 'x'.repeat(48) })
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
  constructor(private readonly app: FastifyInstance) {}

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
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } })
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
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
    this.keep(res)
    return res
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.submit('/sign-in', '/sign-in', { email, password })
    if (res.statusCode !== 302) throw new Error(`Sign-in failed for ${email}: ${res.statusCode}`)
    return res
  }
}
