/**
 * The PEP dashboard (issue 4 item 6, "Done when": under 100 ms p50 for the DT of the 1,200-pupil demo school).
 * Loads the standard demo, signs in as the secondary's designated teacher and as the Virtual School adviser, and
 * renders `/peps` one request at a time through `app.inject`, interleaved in the same run with baselines on the
 * same database: `select 1`; a bare select of the school's children looked after (the dashboard's first query,
 * without the schedule, PEPs, PP+, audit or page); the service alone; and a plain page (`/account`: sign-in,
 * session and layout, no data). Prints p50/p99 and each case's ratio to the two query baselines.
 *
 * Usage: npm run bench:peps [-- --runs 300 --warmup 30 --schools 0] ; DATABASE_URL selects PostgreSQL (an empty
 * database, or one holding the demo). `--schools N` adds N demo secondaries (size 'large'), so the Virtual
 * School's page covers more children. Not part of the test suite: it prints figures, it does not pass or fail.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { openDatabase } from '../src/data/db.js'
import { lookedAfterPupilsOn } from '../src/data/repositories/peps.repository.js'
import { todayInLondon } from '../src/domain/calendar/dates.js'
import { DEMO_PASSWORD, DEMO_SIGN_IN } from '../src/demo/generate.js'
import { VS_ADVISER_EMAIL } from '../src/demo/users.js'
import { loadDemoIfEmpty } from '../src/services/demo.service.js'
import { pepDashboard } from '../src/services/pep-dashboard.service.js'
import { actorFromUser, findUserByEmail } from '../src/services/users.service.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    schools: { type: 'string', default: '0' },
  },
})
const runs = Number(values.runs)
const warmup = Number(values.warmup)
const extraSchools = Number(values.schools)

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' })
await database.migrate()
const started = Date.now()
const demo = await loadDemoIfEmpty(
  database.db,
  extraSchools > 0 ? { size: 'large', schools: extraSchools } : {},
)
if (!demo) throw new Error('The database holds pupils that are not the demo: use an empty database')
const secondary = demo.schools.find((s) => s.urn === '900002')!
const allCla = demo.schools.reduce((sum, s) => sum + s.cla, 0)
process.stdout.write(
  `Database: ${database.mode}; demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `${demo.schools.length} schools; secondary: ${secondary.pupils} pupils, ${secondary.cla} looked after; ` +
    `all schools: ${allCla} looked after\n`,
)

const app = await buildApp({ database, rateLimit: false })
await app.ready()
const ctx = app.harbour.ctx

/** Signs in through the real form, as a browser would, and returns the session cookie. */
async function signIn(server: FastifyInstance, email: string): Promise<string> {
  const form = await server.inject({ method: 'GET', url: '/sign-in' })
  const cookie0 = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
  const res = await server.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: cookie0, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString(),
  })
  if (res.statusCode !== 302 || res.headers.location === '/sign-in/two-factor')
    throw new Error(`Could not sign in as ${email}: ${res.statusCode} → ${String(res.headers.location)}`)
  const jar = new Map(form.cookies.map((c) => [c.name, c.value]))
  for (const c of res.cookies) jar.set(c.name, c.value)
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

const dtCookie = await signIn(app, DEMO_SIGN_IN.email)
const vsCookie = await signIn(app, VS_ADVISER_EMAIL)
const dtUser = (await findUserByEmail(ctx, DEMO_SIGN_IN.email))!
const dtActor = actorFromUser(dtUser)
const today = todayInLondon(ctx.now())

async function page(cookie: string, url = '/peps'): Promise<void> {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } })
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`)
}

const cases: Array<{ name: string; run: () => Promise<unknown> }> = [
  { name: 'select 1', run: () => database.db.execute(sql`select 1`) },
  {
    name: 'bare select: CLA pupils',
    run: () => ctx.db.transaction((tx) => lookedAfterPupilsOn(tx, { schoolId: dtActor.schoolId! }, today)),
  },
  { name: 'service: pepDashboard', run: () => pepDashboard(ctx, dtActor, {}) },
  { name: 'DT page /peps', run: () => page(dtCookie) },
  { name: 'plain page /account', run: () => page(dtCookie, '/account') },
  { name: 'VS adviser page /peps', run: () => page(vsCookie) },
]

const dt = await pepDashboard(ctx, dtActor, {})
process.stdout.write(
  `DT dashboard: ${dt.rows.length} children (${Object.entries(dt.counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')})\n`,
)

// Interleaved, one request at a time: every case sees the same warm caches and the same background noise.
const timings = new Map(cases.map((c) => [c.name, [] as number[]]))
for (let i = 0; i < warmup + runs; i++) {
  for (const c of cases) {
    const t0 = performance.now()
    await c.run()
    if (i >= warmup) timings.get(c.name)!.push(performance.now() - t0)
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const stats = new Map(
  [...timings].map(([name, t]) => {
    const sorted = [...t].sort((a, b) => a - b)
    return [name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }] as const
  }),
)
const select1 = stats.get('select 1')!
const bare = stats.get('bare select: CLA pupils')!
const ms = (n: number) => n.toFixed(2).padStart(8)
process.stdout.write(`\n${runs} runs each (after ${warmup} warm-up), one at a time, ${database.mode}\n`)
process.stdout.write('case                     |   p50 ms |   p99 ms | p50 ÷ select 1 | p50 ÷ bare select\n')
for (const [name, s] of stats) {
  process.stdout.write(
    `${name.padEnd(24)} | ${ms(s.p50)} | ${ms(s.p99)} | ${(s.p50 / select1.p50).toFixed(1).padStart(14)} | ` +
      `${(s.p50 / bare.p50).toFixed(1).padStart(17)}\n`,
  )
}
const target = stats.get('DT page /peps')!.p50
process.stdout.write(
  `\nTarget (issue 4): the DT's page under 100 ms p50: ${target < 100 ? 'met' : 'NOT met'}\n`,
)

await app.close()
await database.close()
