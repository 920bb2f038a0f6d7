/**
 * Issue 3, "Bad input and attack", through the forms (the list of attacks: attacks.test.ts).
 * - SQL and HTML in every text field that a page shows: stored exactly as given, shown escaped (the raw
 *   markup absent, the escaped form present) on every page that shows it, and no table harmed;
 * - what a refused form shows again (a search, a sign-in, a wrong telephone number) is escaped too;
 * - an overlong field (10,000 characters): the form again with a clear error (422, not a 500), and
 *   nothing stored.
 */
import { randomInt } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  contacts,
  localAuthorities,
  placementChanges,
  pupils,
  schoolClosures,
  schools,
  statusEpisodes,
  tasks,
  users,
} from '../data/schema/index.js'
import { assignStaff } from '../services/contacts.service.js'
import { listLocalAuthorities } from '../services/schools.service.js'
import { createTask } from '../services/tasks.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUpn, aUser } from '../test-support/builders.js'
import { databaseState } from '../test-support/database-state.js'

const NOW = new Date('2026-03-16T10:00:00Z')

const PAYLOADS = {
  'a script element': '<script>alert(1)</script>',
  'SQL that would drop a table': "'; drop table pupil; --",
  'an attribute breakout': '"><img src=x onerror=alert(1)>',
}

/** As Nunjucks's autoescape writes it. */
const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

type Who = 'dt' | 'admin' | 'staff'
/** A page that shows the form's fields: all of them, or those in `shows`. */
type Page = { as: Who; url: string; shows?: string[] }
type Posted = {
  res: LightMyRequestResponse
  /** What was stored for each field, read back from its column. */
  stored: () => Promise<Record<string, unknown>>
  /** The pages that show the fields (making what else they need to show them). */
  pages: () => Promise<Page[]>
}
type Post = (browser: TestBrowser, values: Record<string, string>) => Promise<Posted>

/** How a field must look to be accepted at all: emails and web addresses have a format. */
type Shape = 'text' | 'email' | 'website'

type Form = {
  name: string
  as: Who
  fields: Record<string, Shape>
  /**
   * Makes the records the form is about (a form's own, so the cases do not meet), and returns how to
   * post it with `values` for its text fields and every other field right.
   */
  prepare(): Promise<Post>
}

function shaped(shape: Shape, text: string): string {
  const noSpaces = text.replace(/ /g, '/')
  if (shape === 'email') return `${noSpaces}@attack.example`
  if (shape === 'website') return `https://attack.example/${noSpaces}`
  return text
}

let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
const browsers = new Map<Who, TestBrowser>()
let staffUserId: string
let nextNumber = randomInt(1000, 8000)

beforeAll(async () => {
  t = await buildTestApp({ now: () => NOW })
  school = await aSchool(t.ctx, { name: 'Bad Input School' })
  const people = {
    dt: await aUser(t.ctx, 'designated_teacher', school),
    admin: await aUser(t.ctx, 'admin', null),
    staff: await aUser(t.ctx, 'staff', school),
  }
  staffUserId = people.staff.user.id
  for (const [who, { user }] of Object.entries(people)) {
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    browsers.set(who as Who, browser)
  }
}, 60_000)
afterAll(async () => t?.close())

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  }
}

const pupilIdIn = (location: unknown) => /\/pupils\/([0-9a-f-]{36})/.exec(String(location))?.[1] ?? ''

const FORMS: Form[] = [
  {
    name: 'add a pupil',
    as: 'dt',
    fields: { givenName: 'text', familyName: 'text', preferredName: 'text' },
    prepare: async () => async (browser, values) => {
      const res = await browser.submit('/pupils/new', '/pupils/new', {
        upn: aUpn(),
        ...values,
        ...date('dateOfBirth', '2014-05-01'),
        yearGroup: '7',
        senProvision: 'N',
        schoolUrn: school.urn,
      })
      const id = pupilIdIn(res.headers.location)
      return {
        res,
        stored: async () => (await t.ctx.db.select().from(pupils).where(eq(pupils.id, id)))[0] ?? {},
        pages: async () => {
          // Staff told of a new social worker get a task whose title holds the pupil's name (POL-30).
          await assignStaff(t.ctx, SYSTEM_ACTOR, id, { userId: staffUserId, role: 'key_adult' })
          await anEpisode(t.ctx, id, { type: 'CIN', startDate: '2026-03-02' })
          return [
            { as: 'dt', url: `/pupils/${id}` },
            { as: 'dt', url: `/pupils/${id}/edit` },
            {
              as: 'dt',
              url: `/register?q=${encodeURIComponent(values.familyName!)}`,
              shows: ['givenName', 'familyName'],
            },
            { as: 'staff', url: '/tasks', shows: ['givenName', 'familyName'] },
          ]
        },
      }
    },
  },
  {
    name: 'change a pupil’s details',
    as: 'dt',
    fields: { givenName: 'text', familyName: 'text', preferredName: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      return async (browser, values) => ({
        res: await browser.submit(`/pupils/${pupil.id}/edit`, `/pupils/${pupil.id}/edit`, {
          upn: pupil.upn,
          ...values,
          ...date('dateOfBirth', pupil.dateOfBirth),
          yearGroup: '7',
          senProvision: 'N',
          version: String(pupil.version),
        }),
        stored: async () => (await t.ctx.db.select().from(pupils).where(eq(pupils.id, pupil.id)))[0]!,
        pages: async () => [{ as: 'dt', url: `/pupils/${pupil.id}` }],
      })
    },
  },
  {
    name: 'add a contact',
    as: 'dt',
    fields: { name: 'text', organisation: 'text', email: 'email' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const url = `/pupils/${pupil.id}/contacts/new`
      const stored = async () =>
        (await t.ctx.db.select().from(contacts).where(eq(contacts.pupilId, pupil.id)))[0]
      return async (browser, values) => ({
        res: await browser.submit(url, url, { role: 'social_worker', ...values }),
        stored: async () => (await stored()) ?? {},
        pages: async () => [
          { as: 'dt', url: `/pupils/${pupil.id}` },
          { as: 'dt', url: `/pupils/${pupil.id}/contacts/${(await stored())?.id}/edit` },
        ],
      })
    },
  },
  {
    name: 'add a status: the evidence of a PLA order',
    as: 'dt',
    fields: { evidenceDocument: 'text', evidenceSeenBy: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const url = `/pupils/${pupil.id}/episodes/new`
      return async (browser, values) => ({
        res: await browser.submit(`${url}?type=PLA`, url, {
          type: 'PLA',
          ...date('startDate', '2022-02-14'),
          route: 'adoption',
          ...values,
        }),
        stored: async () => {
          const [row] = await t.ctx.db
            .select()
            .from(statusEpisodes)
            .where(eq(statusEpisodes.pupilId, pupil.id))
          return { evidenceDocument: row?.evidence?.document, evidenceSeenBy: row?.evidence?.seenBy }
        },
        pages: async () => [{ as: 'dt', url: `/pupils/${pupil.id}` }],
      })
    },
  },
  {
    name: 'correct a status',
    as: 'dt',
    fields: { reason: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const { episode } = await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2025-11-01' })
      const url = `/pupils/${pupil.id}/episodes/${episode.id}/correct`
      return async (browser, values) => ({
        res: await browser.submit(url, url, { ...date('startDate', '2025-11-02'), ...values }),
        stored: async () => {
          const [row] = await t.ctx.db
            .select()
            .from(statusEpisodes)
            .where(eq(statusEpisodes.supersedesId, episode.id))
          return { reason: row?.correctionReason }
        },
        pages: async () => [{ as: 'dt', url: `/pupils/${pupil.id}` }],
      })
    },
  },
  {
    name: 'withdraw a status',
    as: 'dt',
    fields: { reason: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const { episode } = await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2025-11-01' })
      const url = `/pupils/${pupil.id}/episodes/${episode.id}/withdraw`
      return async (browser, values) => ({
        res: await browser.submit(url, url, values),
        stored: async () => {
          const [row] = await t.ctx.db
            .select()
            .from(statusEpisodes)
            .where(eq(statusEpisodes.supersedesId, episode.id))
          return { reason: row?.withdrawn }
        },
        pages: async () => [{ as: 'dt', url: `/pupils/${pupil.id}` }],
      })
    },
  },
  {
    name: 'record a change of placement',
    as: 'dt',
    fields: { note: 'text' },
    async prepare() {
      const pupil = await aPupil(t.ctx, school)
      const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
      const url = `/pupils/${pupil.id}/episodes/${episode.id}/placement-changes/new`
      return async (browser, values) => ({
        res: await browser.submit(url, url, {
          kind: 'placement',
          ...date('changedOn', '2026-02-02'),
          ...values,
        }),
        stored: async () =>
          (await t.ctx.db.select().from(placementChanges).where(eq(placementChanges.pupilId, pupil.id)))[0] ??
          {},
        pages: async () => [{ as: 'dt', url: `/pupils/${pupil.id}` }],
      })
    },
  },
  {
    name: 'mark a task done',
    as: 'dt',
    fields: { note: 'text' },
    async prepare() {
      const task = await createTask(t.ctx.db, {
        schoolId: school.id,
        kind: 'bad_input',
        title: 'A task to mark done',
        assigneeRole: 'designated_teacher',
        dueOn: '2026-04-01',
      })
      return async (browser, values) => ({
        res: await browser.submit('/tasks', `/tasks/${task!.id}/done`, values),
        stored: async () => {
          const [row] = await t.ctx.db.select().from(tasks).where(eq(tasks.id, task!.id))
          return { note: row?.doneNote }
        },
        pages: async () => [{ as: 'dt', url: '/tasks?done=1' }],
      })
    },
  },
  {
    name: 'add a school',
    as: 'admin',
    fields: { name: 'text' },
    prepare: async () => async (browser, values) => {
      const n = nextNumber++
      const urn = `2${String(n).padStart(5, '0')}`
      const stored = async () => (await t.ctx.db.select().from(schools).where(eq(schools.urn, urn)))[0]
      return {
        res: await browser.submit('/admin/schools/new', '/admin/schools/new', {
          urn,
          laestab: `937${String(n).padStart(4, '0')}`,
          phase: '',
          ...values,
        }),
        stored: async () => (await stored()) ?? {},
        pages: async () => [
          { as: 'admin', url: '/admin/schools' },
          { as: 'admin', url: `/admin/schools/${urn}` },
          // A pupil's page says which school they are at.
          { as: 'admin', url: `/pupils/${(await aPupil(t.ctx, { urn })).id}` },
        ],
      }
    },
  },
  {
    name: 'set the term dates: a closure’s reason',
    as: 'admin',
    fields: { closures: 'text' },
    prepare: async () => async (browser, values) => {
      const url = `/admin/schools/${school.urn}/calendar`
      return {
        res: await browser.submit(`${url}?year=2025`, url, {
          year: '2025',
          ...date('autumnStart', '2025-09-03'),
          ...date('autumnEnd', '2025-12-19'),
          ...date('springStart', '2026-01-05'),
          ...date('springEnd', '2026-03-27'),
          ...date('summerStart', '2026-04-13'),
          ...date('summerEnd', '2026-07-22'),
          closures: `2025-10-24 ${values.closures}`,
        }),
        stored: async () => {
          const [row] = await t.ctx.db
            .select()
            .from(schoolClosures)
            .where(eq(schoolClosures.schoolId, school.id))
            .orderBy(desc(schoolClosures.date))
          return { closures: row?.reason }
        },
        pages: async () => [{ as: 'admin', url: `${url}?year=2025` }],
      }
    },
  },
  {
    name: 'add a local authority',
    as: 'admin',
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
      return async (browser, values) => ({
        res: await browser.submit('/admin/local-authorities/new', '/admin/local-authorities/new', {
          code: String(code),
          ...values,
        }),
        stored: async () =>
          (
            await t.ctx.db
              .select()
              .from(localAuthorities)
              .where(eq(localAuthorities.code, String(code)))
          )[0] ?? {},
        pages: async () => [
          { as: 'admin', url: '/admin/local-authorities' },
          { as: 'admin', url: `/admin/local-authorities/${code}/edit` },
          // The looked after status form offers every LA by name.
          {
            as: 'dt',
            url: `/pupils/${(await aPupil(t.ctx, school)).id}/episodes/new?type=CLA`,
            shows: ['name'],
          },
        ],
      })
    },
  },
  {
    name: 'add a user',
    as: 'admin',
    fields: { name: 'text', email: 'email' },
    prepare: async () => async (browser, values) => {
      const stored = async () =>
        (await t.ctx.db.select().from(users).where(eq(users.email, values.email!)))[0]
      return {
        res: await browser.submit('/admin/users/new', '/admin/users/new', {
          ...values,
          role: 'staff',
          schoolUrn: school.urn,
          password: 'Zebra quartz mountain 2041!',
        }),
        stored: async () => (await stored()) ?? {},
        pages: async () => {
          const user = (await stored())!
          // A pupil's page names the staff assigned to them.
          const pupil = await aPupil(t.ctx, school)
          await assignStaff(t.ctx, SYSTEM_ACTOR, pupil.id, { userId: user.id, role: 'mentor' })
          return [
            { as: 'admin', url: '/admin/users' },
            { as: 'admin', url: `/admin/users/${user.id}` },
            { as: 'dt', url: `/pupils/${pupil.id}`, shows: ['name'] },
          ]
        },
      }
    },
  },
]

/** The value a field is given for one payload: the payload, shaped to be accepted, naming the field. */
const valueFor = (field: string, shape: Shape, payload: string) => shaped(shape, `${payload} ${field}`)

describe.each(Object.entries(PAYLOADS))('%s in every text field', (_, payload) => {
  it.each(FORMS.map((f) => [f.name, f] as const))(
    '%s: stored as given, shown escaped',
    async (_name, form) => {
      const values = Object.fromEntries(
        Object.entries(form.fields).map(([field, shape]) => [field, valueFor(field, shape, payload)]),
      )
      const post = await form.prepare()
      const { res, stored, pages } = await post(browsers.get(form.as)!, values)
      expect(res.statusCode, res.body.slice(0, 3000)).toBe(302)
      const row = await stored()
      for (const [field, value] of Object.entries(values))
        expect(row[field], `${field} as stored`).toBe(value)
      for (const page of await pages()) {
        const shown = await browsers.get(page.as)!.get(page.url)
        expect(shown.statusCode, page.url).toBe(200)
        for (const [field, value] of Object.entries(values)) {
          if (page.shows && !page.shows.includes(field)) continue
          const where = `${field} on ${page.url}`
          expect(shown.body, where).not.toContain(value)
          expect(shown.body, where).toContain(escapeHtml(value))
        }
      }
    },
  )
})

describe('SQL and HTML in what a form shows again', () => {
  it.each(Object.values(PAYLOADS))('%s as the email address of a refused sign-in', async (payload) => {
    const res = await new TestBrowser(t.app).submit('/sign-in', '/sign-in', { email: payload, password: 'x' })
    expect(res.statusCode).toBe(401)
    expect(res.body).not.toContain(payload)
    expect(res.body).toContain(`value="${escapeHtml(payload)}"`)
  })

  it.each(Object.values(PAYLOADS))('%s as a search of the register', async (payload) => {
    const res = await browsers.get('dt')!.get(`/register?q=${encodeURIComponent(payload)}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain(payload)
    expect(res.body).toContain(escapeHtml(payload))
  })

  it.each(Object.values(PAYLOADS))(
    '%s as a contact’s telephone number: refused, nothing stored',
    async (payload) => {
      const post = await FORMS.find((f) => f.name === 'add a contact')!.prepare()
      const before = await stateOfRecords()
      const { res } = await post(browsers.get('dt')!, { name: 'A Name', phone: payload })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('Enter a telephone number')
      expect(res.body).not.toContain(payload)
      expect(res.body).toContain(escapeHtml(payload))
      expect(await stateOfRecords()).toEqual(before)
    },
  )
})

/** The state of every table but the sessions and the audit trail, which opening a form adds to. */
const stateOfRecords = () => databaseState(t.ctx.db, ['session', 'audit_event'])

const TOO_LONG = 10_000

function overlong(shape: Shape): string {
  const fill = (length: number) => 'a'.repeat(length)
  if (shape === 'email') return `${fill(TOO_LONG - '@attack.example'.length)}@attack.example`
  if (shape === 'website')
    return `https://attack.example/${fill(TOO_LONG - 'https://attack.example/'.length)}`
  return fill(TOO_LONG)
}

describe(`an overlong field (${TOO_LONG} characters)`, () => {
  const cases = FORMS.flatMap((form) =>
    Object.entries(form.fields).map(([field, shape]) => [form.name, field, shape, form] as const),
  )
  it.each(cases)('%s, %s: the form again with the error, nothing stored', async (_f, field, shape, form) => {
    const post = await form.prepare()
    const good = Object.fromEntries(
      Object.entries(form.fields).map(([name, s]) => [name, shaped(s, `Fine ${name}`)]),
    )
    const before = await stateOfRecords()
    const { res } = await post(browsers.get(form.as)!, { ...good, [field]: overlong(shape) })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toMatch(/must be \d+ characters or fewer/)
    expect(await stateOfRecords()).toEqual(before)
  })
})
