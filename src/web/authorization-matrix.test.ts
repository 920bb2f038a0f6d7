/**
 * The authorization matrix (issue 3, "Done when"): every route of the app, pages and API, taken from
 * the router as it is built, called as every role and signed out, and compared with the table in
 * authorization-expectations.ts. A route the table does not know fails the test, so a new route
 * cannot go unchecked.
 *
 * Refused is 401, 403, 404 or a redirect to sign in. Anything else short of a 5xx counts as let
 * through, 422 included (the request got past access control to validation), and so does a 400:
 * the strict reading, so that what matters most holds: no role gets through where the table says no.
 */
import type { RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../domain/access/roles.js'
import { buildTestApp, type TestApp } from '../test-support/app.js'
import {
  buildMatrixWorld,
  SESSION_ENDING,
  type MatrixRoute,
  type Method,
  type Sent,
  type Who,
} from '../test-support/authorization-matrix.js'
import { allowedOn, EXPECTATIONS } from './authorization-expectations.js'

// A day in the 2026 to 2027 school year; every record the matrix makes is dated before it.
const NOW = new Date('2026-10-05T10:00:00Z')

let t: TestApp
let world: Awaited<ReturnType<typeof buildMatrixWorld>>
const routes: MatrixRoute[] = []

beforeAll(async () => {
  const added: Array<Pick<RouteOptions, 'method' | 'url'>> = []
  // Every route the app has, as the router adds it: nothing to keep in step by hand.
  t = await buildTestApp({ now: () => NOW, onRoute: (route) => added.push(route) })
  const hasGet = (url: string) => added.some((r) => r.url === url && [r.method].flat().includes('GET'))
  for (const r of added)
    for (const method of [r.method].flat()) {
      // Fastify adds a HEAD route for each GET route, with the same hooks: checked as the GET.
      if (method === 'HEAD' && hasGet(r.url)) continue
      const key = `${method} ${r.url}`
      if (!routes.some((x) => x.key === key)) routes.push({ method: method as Method, url: r.url, key })
    }
  world = await buildMatrixWorld(t)
}, 120_000)
afterAll(async () => t?.close())

type Outcome = 'allowed' | 'refused' | 'error'

function outcomeOf({ res, sessionEnded }: Sent): Outcome {
  if (res.statusCode >= 500) return 'error'
  // Signing out everywhere succeeds by sending the user to sign in.
  if (sessionEnded) return 'allowed'
  if ([401, 403, 404].includes(res.statusCode)) return 'refused'
  const redirect = res.statusCode >= 300 && res.statusCode < 400
  if (redirect && /^\/sign-in(\?|$)/.test(String(res.headers.location ?? ''))) return 'refused'
  return 'allowed'
}

/** Every route the table knows, as `who`; the ones that may end the session last. */
async function runAs(who: Who) {
  const last = (r: MatrixRoute) =>
    Number(SESSION_ENDING.has(r.key)) * 2 + Number('public' in EXPECTATIONS[r.key]!)
  const ordered = routes.filter((r) => r.key in EXPECTATIONS).sort((a, b) => last(a) - last(b))
  const wrong: string[] = []
  const errors: string[] = []
  for (const route of ordered) {
    for (const { target, ids } of world.targetsOf(route)) {
      const sent = await world.send(who, route, ids)
      const { res } = sent
      const outcome = outcomeOf(sent)
      const allowed = allowedOn(EXPECTATIONS[route.key]!, target)
      const to = res.headers.location ? ` → ${String(res.headers.location)}` : ''
      const line = `${route.key} [${target}] as ${who}: ${res.statusCode}${to}`
      if (outcome === 'error') errors.push(line)
      else if (allowed === 'anyone') continue
      else if (outcome === 'allowed' && (who === 'signed out' || !allowed.includes(who)))
        wrong.push(`UNEXPECTED ALLOW ${line}`)
      else if (outcome === 'refused' && who !== 'signed out' && allowed.includes(who))
        wrong.push(`unexpected refusal ${line}`)
    }
  }
  return { wrong, errors }
}

describe('the authorization matrix: every route × every role (issue 3)', () => {
  it('takes the routes from the router, pages and API alike', () => {
    expect(routes.length).toBeGreaterThan(60)
    expect(routes.map((r) => r.key)).toEqual(
      expect.arrayContaining(['GET /pupils/:id', 'GET /api/v1/pupils/:id', 'GET /governors']),
    )
  })

  it('has an expectation for every route, and none for a route that is not there', () => {
    const keys = routes.map((r) => r.key)
    const missing = keys.filter((k) => !(k in EXPECTATIONS))
    expect(missing, 'routes missing from authorization-expectations.ts').toEqual([])
    const stale = Object.keys(EXPECTATIONS).filter((k) => !keys.includes(k))
    expect(stale, 'expectations for routes that are not there').toEqual([])
  })

  it.each([...ROLES, 'signed out' as const])(
    'lets %s reach exactly what the table says',
    async (who) => {
      const { wrong, errors } = await runAs(who)
      expect(errors, 'server errors').toEqual([])
      // What matters most first: nobody gets through where the table says no.
      expect(wrong.filter((w) => w.startsWith('UNEXPECTED ALLOW'))).toEqual([])
      expect(wrong).toEqual([])
      // Each role sends every route on every target: minutes on a busy machine, seconds on a quiet one.
    },
    300_000,
  )
})
