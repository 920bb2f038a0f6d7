/**
 * The register and the pupil page of the 1,200-pupil demo secondary under 32 concurrent connections,
 * against a bare Fastify route that runs the same service call in the same run (the baseline).
 * Usage: npm run bench [-- --seconds 10 --connections 32] ; DATABASE_URL selects PostgreSQL.
 * Not part of the test suite: it prints figures, it does not pass or fail.
 */
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Fastify from 'fastify'
import { buildApp } from '../src/app.js'
import { openDatabase } from '../src/data/db.js'
import { loadDemoIfEmpty } from '../src/services/demo.service.js'
import { listRegister } from '../src/services/pupils.service.js'
import { getPupilRecord } from '../src/services/pupil-record.service.js'
import { actorFromUser, findUserByEmail } from '../src/services/users.service.js'

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' } },
})
const seconds = Number(values.seconds)
const connections = Number(values.connections)

type Result = { p50: number; p99: number; rps: number; errors: number; non2xx: number }

async function load(url: string, headers: Record<string, string> = {}): Promise<Result> {
  const r = await autocannon({ url, connections, duration: seconds, headers })
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    errors: r.errors,
    non2xx: r.non2xx,
  }
}

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' })
await database.migrate()
const started = Date.now()
const demo = await loadDemoIfEmpty(database.db)
const secondary = demo?.schools.find((s) => s.urn === '900002')
process.stdout.write(
  `Database: ${database.mode}; demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `secondary: ${secondary?.pupils ?? '?'} pupils\n`,
)

const app = await buildApp({ database, rateLimit: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

// Sign in as the designated teacher of the secondary through the real form.
const signInPage = await fetch(`${base}/sign-in`)
const cookie0 = signInPage.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ')
const csrf = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())?.[1] ?? ''
const signIn = await fetch(`${base}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { cookie: cookie0, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: csrf, email: demo!.signIn.email, password: demo!.signIn.password }),
})
const cookie =
  signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ') || cookie0

const ctx = app.harbour.ctx
const user = (await findUserByEmail(ctx, demo!.signIn.email))!
const actor = actorFromUser(user)
const register = await listRegister(ctx, actor, {})
const pupilId = register.rows[0]!.id

// The baseline: a bare Fastify with no plugins, running the same service calls.
const bare = Fastify()
bare.get('/register', async () => (await listRegister(ctx, actor, {})).rows.length)
bare.get('/pupil', async () => (await getPupilRecord(ctx, actor, pupilId)).pupil.id)
await bare.listen({ port: 0, host: '127.0.0.1' })
const bareBase = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`

const rows: Array<[string, Result, Result]> = []
rows.push([
  'register (' + register.rows.length + ' rows)',
  await load(`${base}/register`, { cookie }),
  await load(`${bareBase}/register`),
])
rows.push([
  'pupil page',
  await load(`${base}/pupils/${pupilId}`, { cookie }),
  await load(`${bareBase}/pupil`),
])

process.stdout.write(`\n${connections} connections, ${seconds} s each\n`)
process.stdout.write(
  'page                 | Harbour p50/p99 ms | req/s | baseline p50/p99 ms | req/s | p50 ratio | p99 ratio\n',
)
for (const [name, h, b] of rows) {
  process.stdout.write(
    `${name.padEnd(20)} | ${h.p50}/${h.p99} | ${h.rps.toFixed(0)} | ${b.p50}/${b.p99} | ${b.rps.toFixed(0)} | ` +
      `${(h.p50 / Math.max(b.p50, 1)).toFixed(2)} | ${(h.p99 / Math.max(b.p99, 1)).toFixed(2)}` +
      (h.non2xx || h.errors ? `  (non-2xx ${h.non2xx}, errors ${h.errors})` : '') +
      '\n',
  )
}
await bare.close()
await app.close()
await database.close()
