/**
 * The report to governors (issue 7, "Done when": under 300 ms for the 1,200-pupil demo school). Loads the
 * standard demo and builds the report for the secondary school, interleaved in the same run with
 * baselines on the same database: `select 1`, and ONE hand-written SQL aggregate over the same tables (the
 * pupils on roll, their episodes, attendance marks by treatment and suspensions, grouped by looked-after
 * or not): the least any report of these figures must do. Then the service alone, the JSON API and the
 * page. Prints p50/p99 and each case's ratio to the two baselines.
 *
 * When the demo holds no attendance marks for the year reported (the demo's registers are optional), a
 * year of marks is made up first with generate_series, so that the report has a register to count; the
 * run says so.
 *
 * Usage: npm run bench:governors [-- --runs 50 --warmup 5 --year 2026] ; DATABASE_URL selects PostgreSQL (an
 * empty database, or one holding the demo). Not part of the test suite: it prints figures, it does not fail.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { openDatabase } from '../src/data/db.js'
import { ATTENDANCE_CODES } from '../src/domain/attendance/codes.js'
import { schoolYearOf, todayInLondon } from '../src/domain/calendar/dates.js'
import { reportWindow } from '../src/domain/reports/cohort-counts.js'
import { DEMO_PASSWORD, DEMO_SIGN_IN } from '../src/demo/generate.js'
import { loadDemoIfEmpty } from '../src/services/demo.service.js'
import { governorsReport } from '../src/services/reports.service.js'
import {
  actorFromUser,
  createApiToken,
  findUserByEmail,
  SYSTEM_ACTOR,
} from '../src/services/users.service.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    year: { type: 'string' },
  },
})
const runs = Number(values.runs)
const warmup = Number(values.warmup)

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' })
await database.migrate()
const started = Date.now()
const demo = await loadDemoIfEmpty(database.db)
if (!demo) throw new Error('The database holds pupils that are not the demo: use an empty database')
const secondary = demo.schools.find((s) => s.urn === '900002')!

const app = await buildApp({ database, rateLimit: false })
await app.ready()
const ctx = app.harbour.ctx
const today = todayInLondon(ctx.now())
const year = values.year ? Number(values.year) : schoolYearOf(today)
const window = reportWindow(year, today)
if (!window) throw new Error(`The ${year} school year has not started`)

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows
const [school] = rowsOf<{ id: string }>(
  await database.db.execute(sql`select id from school where urn = ${secondary.urn}`),
)
const schoolId = school!.id

const { marks } = rowsOf<{ marks: number }>(
  await database.db.execute(sql`
    select count(*)::int as marks from attendance_mark m join pupil p on p.id = m.pupil_id
     where p.school_id = ${schoolId}::uuid and m.date between ${window.from}::date and ${window.to}::date`),
)[0]!
let seeded = 0
if (marks === 0) {
  // Weekdays from 1 September, two sessions each, for every pupil on roll: about 1 in 12 an absence.
  const result = await database.db.execute(sql`
    insert into attendance_mark (pupil_id, date, session, code)
    select p.id, d::date, s.session,
           case when abs(hashtext(p.id::text || d::text || s.session)) % 100 < 5 then 'I'
                when abs(hashtext(p.id::text || d::text || s.session)) % 100 < 8 then 'O'
                when abs(hashtext(p.id::text || d::text || s.session)) % 100 < 9 then 'M'
                else '/' end
      from pupil p
      cross join generate_series(greatest(${window.from}::date, make_date(${year}, 9, 1)), ${window.to}::date,
                                 interval '1 day') d
      cross join (values ('AM'), ('PM')) s(session)
     where p.school_id = ${schoolId}::uuid and extract(isodow from d) < 6
    on conflict do nothing`)
  seeded = (result as { rowCount?: number; affectedRows?: number }).rowCount ?? 0
}
process.stdout.write(
  `Database: ${database.mode}; demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `secondary: ${secondary.pupils} pupils, ${secondary.cla} looked after; report for ${year} to ${year + 1} ` +
    `(${window.from} to ${window.to}); attendance marks: ${marks || seeded}` +
    `${marks === 0 ? ' (made up for this run: the demo has none for the year)' : ' (the demo’s)'}\n`,
)

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
const dtActor = actorFromUser((await findUserByEmail(ctx, DEMO_SIGN_IN.email))!)
const token = await createApiToken(ctx, SYSTEM_ACTOR, DEMO_SIGN_IN.email, 'bench')

const present = ATTENDANCE_CODES.filter((c) => c.treatment === 'present').map((c) => c.code)
const absent = ATTENDANCE_CODES.filter(
  (c) => c.treatment === 'authorised' || c.treatment === 'unauthorised',
).map((c) => c.code)

/** The baseline: one statement over the same tables, grouped by looked after or not. */
const handWritten = () =>
  database.db.execute(sql`
    with on_roll as (
      select id from pupil
       where school_id = ${schoolId}::uuid
         and (enrolled_on is null or enrolled_on <= ${window.to}::date)
         and (left_on is null or left_on >= ${window.from}::date)
    ), cla as (
      select distinct e.pupil_id from status_episode e join on_roll r on r.id = e.pupil_id
       where e.type = 'CLA' and e.superseded_by_id is null and e.withdrawn_reason is null
         and e.start_date <= ${window.to}::date and (e.end_date is null or e.end_date >= ${window.from}::date)
    ), marks as (
      select m.pupil_id,
             count(*) filter (where m.code = any(${sql.param(present)}::text[])) as present,
             count(*) filter (where m.code = any(${sql.param(absent)}::text[])) as absent
        from attendance_mark m join on_roll r on r.id = m.pupil_id
       where m.date between ${window.from}::date and ${window.to}::date
       group by m.pupil_id
    ), susp as (
      select pupil_id, count(*) as n, coalesce(sum(half_days), 0) as half_days from suspension
       where school_id = ${schoolId}::uuid and school_year = ${year} and status = 'active' group by pupil_id
    )
    select (c.pupil_id is not null) as looked_after, count(*) as pupils,
           sum(m.present) as present, sum(m.absent) as absent,
           count(*) filter (where m.absent * 10 >= m.present + m.absent and m.present + m.absent > 0) as persistent,
           count(s.pupil_id) as suspended, sum(s.half_days) as half_days
      from on_roll r
      left join cla c on c.pupil_id = r.id
      left join marks m on m.pupil_id = r.id
      left join susp s on s.pupil_id = r.id
     group by 1`)

async function get(url: string, headers: Record<string, string>): Promise<void> {
  const res = await app.inject({ method: 'GET', url, headers })
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`)
}

const cases: Array<{ name: string; run: () => Promise<unknown> }> = [
  { name: 'select 1', run: () => database.db.execute(sql`select 1`) },
  { name: 'hand-written aggregate', run: handWritten },
  { name: 'service: governorsReport', run: () => governorsReport(ctx, dtActor, secondary.urn, year) },
  {
    name: 'API: JSON report',
    run: () =>
      get(`/api/v1/schools/${secondary.urn}/reports/governors?schoolYear=${year}`, {
        authorization: `Bearer ${token}`,
      }),
  },
  { name: 'page: /governors', run: () => get(`/governors?schoolYear=${year}`, { cookie: dtCookie }) },
]

const { report } = await governorsReport(ctx, dtActor, secondary.urn, year)
process.stdout.write(
  `Report: ${report.counts.roll} on roll, ${report.counts.cla} looked after; sections: ` +
    `${report.sections.map((s) => ('status' in s ? `${s.id} (${s.status})` : s.id)).join(', ')}\n`,
)

// Interleaved, one at a time: every case sees the same warm caches and the same background noise.
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
const baseline = stats.get('hand-written aggregate')!
const ms = (n: number) => n.toFixed(2).padStart(8)
process.stdout.write(`\n${runs} runs each (after ${warmup} warm-up), one at a time, ${database.mode}\n`)
process.stdout.write(
  'case                      |   p50 ms |   p99 ms | p50 ÷ select 1 | p50 ÷ hand-written\n',
)
for (const [name, s] of stats) {
  process.stdout.write(
    `${name.padEnd(25)} | ${ms(s.p50)} | ${ms(s.p99)} | ${(s.p50 / select1.p50).toFixed(1).padStart(14)} | ` +
      `${(s.p50 / baseline.p50).toFixed(1).padStart(18)}\n`,
  )
}
const target = stats.get('service: governorsReport')!.p50
process.stdout.write(
  `\nTarget (issue 7): the report for the 1,200-pupil school under 300 ms: ${target < 300 ? 'met' : 'NOT met'} ` +
    `(p50 ${target.toFixed(0)} ms, ${(target / baseline.p50).toFixed(1)}× the hand-written aggregate)\n`,
)

await app.close()
await database.close()
