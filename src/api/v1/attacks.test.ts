/**
 * Issue 3, "Bad input and attack", through the API (the whole list, pages too: web/attacks.test.ts).
 * Each attack is refused and changes nothing; a refusal for a record out of scope is the 404 of a record
 * that does not exist, whatever the request holds (DOMAIN.md PD-19).
 */
import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { pupils, statusEpisodes } from '../../data/schema/index.js'
import { assignStaff } from '../../services/contacts.service.js'
import { listLocalAuthorities } from '../../services/schools.service.js'
import { createTask } from '../../services/tasks.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUpn } from '../../test-support/builders.js'
import { databaseState } from '../../test-support/database-state.js'

const NOW = new Date('2026-03-16T10:00:00Z')

const PAYLOADS = {
  'a script element': '<script>alert(1)</script>',
  'SQL that would drop a table': "'; drop table pupil; --",
  'an attribute breakout': '"><img src=x onerror=alert(1)>',
}

let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
let otherSchool: Awaited<ReturnType<typeof aSchool>>
let dt: ApiClient
let admin: ApiClient
let claPupil: { id: string; episodeId: string; familyName: string }
let cswPupil: Awaited<ReturnType<typeof aPupil>>

beforeAll(async () => {
  t = await buildTestApp({ now: () => NOW })
  school = await aSchool(t.ctx)
  otherSchool = await aSchool(t.ctx)
  dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
  admin = new ApiClient(t.app, (await aTokenFor(t.ctx, 'admin', null)).token)
  const pupil = await aPupil(t.ctx, school, { familyName: 'Lookedafterapi' })
  const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode({ responsibleLaCode: '919' }))
  claPupil = { id: pupil.id, episodeId: episode.id, familyName: pupil.familyName }
  cswPupil = await aPupil(t.ctx, school, { familyName: 'Childinneedapi' })
  await anEpisode(t.ctx, cswPupil.id, { type: 'CIN', startDate: '2025-11-01' })
}, 60_000)
afterAll(async () => t?.close())

/** Every table but the sessions and the audit trail, which reads and refusals add to. */
const stateOfRecords = () => databaseState(t.ctx.db, ['session', 'audit_event'])

const token = async (role: Parameters<typeof aTokenFor>[1], at: { urn: string } | null, laCode?: string) =>
  new ApiClient(t.app, (await aTokenFor(t.ctx, role, at, laCode ? { laCode } : {})).token)

const detailOf = (res: LightMyRequestResponse) => json(res).detail

type ApiRequest =
  { method: 'GET'; url: string } | { method: 'PATCH' | 'POST'; url: string; body: Record<string, unknown> }

/** Reads and changes of one pupil, each with a body that would be accepted. */
function requestsAbout(pupilId: string, episodeId: string): ApiRequest[] {
  return [
    { method: 'GET', url: `/pupils/${pupilId}` },
    { method: 'GET', url: `/pupils/${pupilId}/status` },
    { method: 'GET', url: `/pupils/${pupilId}/episodes` },
    { method: 'PATCH', url: `/pupils/${pupilId}`, body: { version: 1, givenName: 'Changed' } },
    {
      method: 'POST',
      url: `/pupils/${pupilId}/episodes`,
      body: { type: 'KINSHIP', startDate: '2026-01-05' },
    },
    {
      method: 'POST',
      url: `/pupils/${pupilId}/episodes/${episodeId}/withdrawal`,
      body: { reason: 'Recorded in error' },
    },
  ]
}

async function send(api: ApiClient, r: ApiRequest) {
  return r.method === 'GET' ? api.get(r.url) : api.send(r.method, r.url, r.body)
}

describe('records outside the token’s scope', () => {
  it('answers a token for another school’s user 404 for this school’s pupil, as for an id that is nobody’s', async () => {
    const theirs = await token('designated_teacher', otherSchool)
    const before = await stateOfRecords()
    const refused = requestsAbout(claPupil.id, claPupil.episodeId)
    const unknown = requestsAbout(randomUUID(), randomUUID())
    for (const [i, r] of refused.entries()) {
      const res = await send(theirs, r)
      const nobodys = await send(theirs, unknown[i]!)
      expect([res.statusCode, nobodys.statusCode], `${r.method} ${r.url}`).toEqual([404, 404])
      expect(detailOf(res)).toBe(detailOf(nobodys))
      expect(res.body).not.toContain(claPupil.familyName)
    }
    expect(await stateOfRecords()).toEqual(before)
  })

  it('answers a staff token 404 for every pupil id it guesses, and 200 for its own pupil', async () => {
    const { user, token: staffToken } = await aTokenFor(t.ctx, 'staff', school)
    const staff = new ApiClient(t.app, staffToken)
    const mine = await aPupil(t.ctx, school)
    await assignStaff(t.ctx, SYSTEM_ACTOR, mine.id, { userId: user.id, role: 'key_adult' })
    const elsewhere = await aPupil(t.ctx, otherSchool)
    const nobodys = await staff.get(`/pupils/${randomUUID()}`)
    const before = await stateOfRecords()
    for (const guess of [claPupil.id, cswPupil.id, elsewhere.id, 'not-an-id', "1' or '1'='1"]) {
      const res = await staff.get(`/pupils/${encodeURIComponent(guess)}`)
      expect(res.statusCode, guess).toBe(404)
      expect(detailOf(res)).toBe(detailOf(nobodys))
    }
    expect(await stateOfRecords()).toEqual(before)
    expect((await staff.get(`/pupils/${mine.id}`)).statusCode).toBe(200)
  })

  it('refuses a governor’s token every pupil record and change, with no name in the answer', async () => {
    const governor = await token('governor', school)
    const before = await stateOfRecords()
    for (const r of [
      ...requestsAbout(claPupil.id, claPupil.episodeId),
      { method: 'GET', url: '/pupils' } as const,
    ]) {
      const res = await send(governor, r)
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403)
      expect(res.body).not.toContain(claPupil.familyName)
    }
    expect(await stateOfRecords()).toEqual(before)
  })

  it('answers a Virtual School adviser 404 for a pupil with a social worker at a school in its area', async () => {
    const adviser = await token('vs_adviser', null, school.laCode)
    const cswEpisode = (
      json(await dt.get(`/pupils/${cswPupil.id}/episodes`)).episodes as Array<{ id: string }>
    )[0]!
    const before = await stateOfRecords()
    // Changing a pupil's details is not the Virtual School's to do at all: 403, whoever the pupil.
    const mayDo = (r: { method: string }) => r.method !== 'PATCH'
    const refused = requestsAbout(cswPupil.id, cswEpisode.id).filter(mayDo)
    const unknown = requestsAbout(randomUUID(), randomUUID()).filter(mayDo)
    for (const [i, r] of refused.entries()) {
      const res = await send(adviser, r)
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404)
      expect(detailOf(res)).toBe(detailOf(await send(adviser, unknown[i]!)))
      expect(res.body).not.toContain(cswPupil.familyName)
    }
    expect(await stateOfRecords()).toEqual(before)
    // The child its LA looks after, at the same school, it may read (PD-12).
    expect((await adviser.get(`/pupils/${claPupil.id}`)).statusCode).toBe(200)
  })
})

describe('a pupil out of scope, or unknown, is 404 whatever the request holds', () => {
  const LONG = 'a'.repeat(10_000)
  type Bad = { what: string; contentType: string; payload: string; inScope: number }
  const asJson = (body: unknown) => ({ contentType: 'application/json', payload: JSON.stringify(body) })
  /** Bodies that a pupil in scope is refused for: `broken` breaks the route's schema. */
  const badBodies = (
    valid: Record<string, unknown>,
    broken: Record<string, unknown>,
    overlongField: string,
  ): Bad[] => [
    { what: 'a body that is not JSON', contentType: 'application/json', payload: '{"oops', inScope: 400 },
    { what: 'a body that is not JSON at all', contentType: 'text/plain', payload: 'hello', inScope: 415 },
    { what: 'a body that breaks the schema', ...asJson({ ...valid, ...broken }), inScope: 422 },
    { what: 'an overlong field', ...asJson({ ...valid, [overlongField]: LONG }), inScope: 422 },
    {
      what: 'a body over 1 MB',
      ...asJson({ ...valid, [overlongField]: 'a'.repeat(1024 * 1024) }),
      inScope: 413,
    },
  ]
  const routes = () => [
    {
      route: 'PATCH /pupils/{id}',
      method: 'PATCH' as const,
      url: (p: string, _e: string) => `/pupils/${p}`,
      bodies: badBodies({ version: 1 }, { version: 'one' }, 'familyName'),
    },
    {
      route: 'POST /pupils/{id}/episodes',
      method: 'POST' as const,
      url: (p: string, _e: string) => `/pupils/${p}/episodes`,
      bodies: badBodies({ type: 'CIN', startDate: '2026-01-05' }, { type: 'NOPE' }, 'note'),
    },
    {
      route: 'POST /pupils/{id}/episodes/{episodeId}/corrections',
      method: 'POST' as const,
      url: (p: string, e: string) => `/pupils/${p}/episodes/${e}/corrections`,
      bodies: [
        ...badBodies({ startDate: '2024-01-10', reason: 'A reason' }, { startDate: 'soon' }, 'reason'),
        // Past the schema, refused by the service: it too looks for the pupil first.
        { what: 'a reason of spaces', ...asJson({ startDate: '2024-01-10', reason: '   ' }), inScope: 422 },
      ],
    },
    {
      route: 'POST /pupils/{id}/episodes/{episodeId}/withdrawal',
      method: 'POST' as const,
      url: (p: string, e: string) => `/pupils/${p}/episodes/${e}/withdrawal`,
      bodies: [
        ...badBodies({ reason: 'A reason' }, { reason: 5 }, 'reason'),
        { what: 'a reason of spaces', ...asJson({ reason: '   ' }), inScope: 422 },
      ],
    },
    {
      route: 'POST /pupils/{id}/episodes/{episodeId}/placement-changes',
      method: 'POST' as const,
      url: (p: string, e: string) => `/pupils/${p}/episodes/${e}/placement-changes`,
      bodies: badBodies({ changedOn: '2026-02-02', kind: 'placement' }, { kind: 'sideways' }, 'note'),
    },
  ]

  it.each(routes().map((r) => [r.route, r] as const))('%s', async (_, route) => {
    const theirs = await token('designated_teacher', otherSchool)
    const before = await stateOfRecords()
    for (const bad of route.bodies) {
      const sent = (api: ApiClient, url: string) =>
        api.raw({
          method: route.method,
          url,
          headers: { 'content-type': bad.contentType },
          payload: bad.payload,
        })
      const refused = await sent(theirs, route.url(claPupil.id, claPupil.episodeId))
      const unknown = await sent(theirs, route.url(randomUUID(), claPupil.episodeId))
      expect([refused.statusCode, unknown.statusCode], `${bad.what}`).toEqual([404, 404])
      expect(detailOf(refused)).toBe(detailOf(unknown))
      // The same request about a pupil in scope gets as far as the body: it is the scope that answered.
      const inScope = await sent(dt, route.url(claPupil.id, claPupil.episodeId))
      expect(inScope.statusCode, `${bad.what}, in scope`).toBe(bad.inScope)
    }
    expect(await stateOfRecords()).toEqual(before)
  })

  it('GET /pupils/{id}/status with a date that is not one', async () => {
    const theirs = await token('designated_teacher', otherSchool)
    const refused = await theirs.get(`/pupils/${claPupil.id}/status?on=not-a-date`)
    expect(refused.statusCode).toBe(404)
    expect((await dt.get(`/pupils/${claPupil.id}/status?on=not-a-date`)).statusCode).toBe(422)
  })

  it('answers a role that may not make the change 403, whatever the body', async () => {
    const governor = await token('governor', school)
    const res = await governor.raw({
      method: 'PATCH',
      url: `/pupils/${claPupil.id}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"oops',
    })
    expect(res.statusCode).toBe(403)
  })
})

/** One API body with its free-text fields, read back through the API after it was accepted. */
type Body = {
  name: string
  client: () => ApiClient
  /** The text fields, by their path in the body; email and website fields must look like one. */
  fields: Record<string, 'text' | 'email' | 'website'>
  /** Makes what the request is about, and returns how to send it and how to read back what was stored. */
  prepare(): Promise<{
    send(values: Record<string, string>): Promise<LightMyRequestResponse>
    readBack(sent: LightMyRequestResponse): Promise<Record<string, unknown>>
  }>
}

const episodesOf = async (pupilId: string) =>
  json(await dt.get(`/pupils/${pupilId}/episodes`)).episodes as Array<Record<string, unknown>>

const BODIES: Body[] = [
  {
    name: 'POST /pupils',
    client: () => dt,
    fields: { givenName: 'text', familyName: 'text', preferredName: 'text' },
    prepare: async () => ({
      send: (values) =>
        dt.post('/pupils', { upn: aUpn(), dateOfBirth: '2014-05-01', schoolUrn: school.urn, ...values }),
      readBack: async (sent) => json(await dt.get(`/pupils/${String(json(sent).id)}`)),
    }),
  },
  {
    name: 'PATCH /pupils/{id}',
    client: () => dt,
    fields: { givenName: 'text', familyName: 'text', preferredName: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      return {
        send: (values) => dt.patch(`/pupils/${pupil.id}`, { version: pupil.version, ...values }),
        readBack: async () => json(await dt.get(`/pupils/${pupil.id}`)),
      }
    },
  },
  {
    name: 'POST /pupils/{id}/episodes',
    client: () => dt,
    fields: { note: 'text', 'evidence.document': 'text', 'evidence.seenBy': 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      return {
        send: (values) =>
          dt.post(`/pupils/${pupil.id}/episodes`, {
            type: 'PLA',
            startDate: '2022-02-14',
            route: 'adoption',
            note: values.note,
            evidence: { document: values['evidence.document'], seenBy: values['evidence.seenBy'] },
          }),
        readBack: async () => {
          const [e] = await episodesOf(pupil.id)
          const evidence = e!.evidence as Record<string, unknown>
          return { note: e!.note, 'evidence.document': evidence.document, 'evidence.seenBy': evidence.seenBy }
        },
      }
    },
  },
  {
    name: 'POST /pupils/{id}/episodes/{episodeId}/corrections',
    client: () => dt,
    fields: { reason: 'text', note: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const { episode } = await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2025-11-01' })
      return {
        send: (values) =>
          dt.post(`/pupils/${pupil.id}/episodes/${episode.id}/corrections`, {
            startDate: '2025-11-02',
            ...values,
          }),
        readBack: async () => {
          const rows = await episodesOf(pupil.id)
          const corrected = rows.find((e) => e.supersedesId === episode.id)!
          // The reason is kept with the row, and shown on the pupil's page; the API gives the note.
          const [row] = await t.ctx.db
            .select()
            .from(statusEpisodes)
            .where(eq(statusEpisodes.id, corrected.id as string))
          return { reason: row!.correctionReason, note: corrected.note }
        },
      }
    },
  },
  {
    name: 'POST /pupils/{id}/episodes/{episodeId}/withdrawal',
    client: () => dt,
    fields: { reason: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const { episode } = await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2025-11-01' })
      return {
        send: (values) => dt.post(`/pupils/${pupil.id}/episodes/${episode.id}/withdrawal`, values),
        readBack: async (sent) => ({ reason: json(sent).withdrawnReason }),
      }
    },
  },
  {
    name: 'POST /pupils/{id}/episodes/{episodeId}/placement-changes',
    client: () => dt,
    fields: { note: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
      return {
        send: (values) =>
          dt.post(`/pupils/${pupil.id}/episodes/${episode.id}/placement-changes`, {
            changedOn: '2026-02-02',
            kind: 'placement',
            ...values,
          }),
        readBack: async () => {
          const [e] = await episodesOf(pupil.id)
          const [change] = e!.placementChanges as Array<Record<string, unknown>>
          return { note: change!.note }
        },
      }
    },
  },
  {
    name: 'POST /tasks/{id}/done',
    client: () => dt,
    fields: { note: 'text' },
    async prepare() {
      const task = await createTask(t.ctx.db, {
        schoolId: school.id,
        kind: 'bad_input',
        title: 'A task to mark done',
        assigneeRole: 'designated_teacher',
        dueOn: '2026-04-01',
      })
      return {
        send: (values) => dt.post(`/tasks/${task!.id}/done`, values),
        readBack: async () => {
          const all = json(await dt.get('/tasks?includeDone=true')).tasks as Array<Record<string, unknown>>
          return { note: all.find((x) => x.id === task!.id)!.doneNote }
        },
      }
    },
  },
  {
    name: 'POST /schools',
    client: () => admin,
    fields: { name: 'text', phase: 'text' },
    prepare: async () => {
      const n = Math.floor(Math.random() * 9000) + 1000
      const urn = `3${String(n).padStart(5, '0')}`
      return {
        send: (values) => admin.post('/schools', { urn, laestab: `938${n}`, ...values }),
        readBack: async () => json(await admin.get(`/schools/${urn}`)),
      }
    },
  },
  {
    name: 'PUT /schools/{urn}/calendar',
    client: () => admin,
    fields: { 'closures.0.reason': 'text' },
    prepare: async () => ({
      send: (values) =>
        admin.put(`/schools/${school.urn}/calendar`, {
          terms: [
            { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
            { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
            { name: 'summer', start: '2026-04-13', end: '2026-07-22' },
          ],
          closures: [{ date: '2025-10-24', reason: values['closures.0.reason'] }],
        }),
      readBack: async () => {
        const calendar = json(await admin.get(`/schools/${school.urn}/calendar`))
        const closures = calendar.closures as Array<{ date: string; reason: string }>
        return { 'closures.0.reason': closures.find((c) => c.date === '2025-10-24')?.reason }
      },
    }),
  },
  {
    name: 'PUT /local-authorities/{code}',
    client: () => admin,
    fields: {
      name: 'text',
      virtualSchoolName: 'text',
      virtualSchoolEmail: 'email',
      virtualSchoolWebsite: 'website',
    },
    async prepare() {
      const known = new Set((await listLocalAuthorities(t.ctx)).map((la) => la.code))
      let code = 999
      while (known.has(String(code))) code--
      return {
        send: (values) => admin.put(`/local-authorities/${code}`, values),
        readBack: async () => json(await admin.get(`/local-authorities/${code}`)),
      }
    },
  },
]

function shaped(shape: 'text' | 'email' | 'website', text: string): string {
  const noSpaces = text.replace(/ /g, '/')
  if (shape === 'email') return `${noSpaces}@attack.example`
  if (shape === 'website') return `https://attack.example/${noSpaces}`
  return text
}

describe.each(Object.entries(PAYLOADS))('%s in every text field', (_, payload) => {
  it.each(BODIES.map((b) => [b.name, b] as const))(
    '%s: kept and given back exactly as sent',
    async (_n, body) => {
      const values = Object.fromEntries(
        Object.entries(body.fields).map(([field, shape]) => [field, shaped(shape, `${payload} ${field}`)]),
      )
      const { send, readBack } = await body.prepare()
      const sent = await send(values)
      expect(sent.statusCode, sent.body).toBeLessThan(300)
      expect(sent.headers['content-type']).toMatch(/^application\/json/)
      const stored = await readBack(sent)
      for (const [field, value] of Object.entries(values)) expect(stored[field], field).toBe(value)
    },
  )

  it('in a search and in a record’s id: only what matches, nothing harmed', async () => {
    const search = await dt.get(`/pupils?q=${encodeURIComponent(payload)}`)
    expect(search.statusCode).toBe(200)
    expect(search.headers['content-type']).toMatch(/^application\/json/)
    // The search is for the text as typed: only pupils given it as a name are found (above, by this test).
    for (const p of json(search).pupils as Array<Record<string, string | null>>)
      expect([p.givenName, p.familyName, p.preferredName].some((n) => n?.includes(payload))).toBe(true)
    expect(json(await dt.get(`/pupils?q=${encodeURIComponent("' or '1'='1")}`)).pupils).toEqual([])
    expect((await dt.get(`/pupils/${encodeURIComponent(payload)}`)).statusCode).toBe(404)
    // The pupil table is still there, and still holds every pupil.
    expect((await t.ctx.db.select({ id: pupils.id }).from(pupils)).length).toBeGreaterThan(2)
  })
})

describe('an overlong field (10,000 characters)', () => {
  const long = (shape: 'text' | 'email' | 'website') => shaped(shape, 'a'.repeat(10_000))
  const cases = BODIES.flatMap((body) =>
    Object.entries(body.fields).map(([field, shape]) => [body.name, field, shape, body] as const),
  )
  it.each(cases)('%s, %s: 422 naming the field, nothing stored', async (_n, field, shape, body) => {
    const good = Object.fromEntries(Object.entries(body.fields).map(([f, s]) => [f, shaped(s, `Fine ${f}`)]))
    const { send } = await body.prepare()
    const before = await stateOfRecords()
    const res = await send({ ...good, [field]: long(shape) })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    const errors = json(res).errors as Array<{ path: string; message: string }>
    expect(errors.find((e) => e.path === field)?.message).toMatch(/at most \d+ characters/)
    expect(await stateOfRecords()).toEqual(before)
  })
})
