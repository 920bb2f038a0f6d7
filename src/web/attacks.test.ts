/**
 * Issue 3, "Bad input and attack": each attack on the pages tried, and shown refused with nothing changed.
 * The whole list, and where each part is tested:
 *
 * - form posts without their CSRF token, or with another session's: every POST route, here
 * - a forged session cookie, an expired one and one signed out: here (idle and absolute lifetimes:
 *   sign-in/account-protection.test.ts)
 * - an API token for another school's user reading this school's pupil: api/v1/attacks.test.ts
 * - a staff member guessing other pupils' ids: here and in the API file (the audit event it writes:
 *   middleware/refusals.test.ts)
 * - a governor asking for a pupil's page or API record: here and in the API file (the governor's own
 *   pages hold no name: features/governors/no-leak.test.ts)
 * - a Virtual School adviser asking for a pupil of a school in its area who has a social worker but is not
 *   looked after: here and in the API file
 * - SQL and HTML in every text field that is shown, and an overlong field: web/bad-input.test.ts and the API file
 * - a replayed two-factor code: the code used to set two-factor up, here (a code used to sign in:
 *   features/sign-in/two-factor/two-factor.test.ts; the rule: services/two-factor.service.test.ts)
 * - 6 wrong passwords in a row, and the right one refused until the lock ends: here
 *
 * And around them: every route × every role (authorization-matrix.test.ts).
 */
import { randomUUID } from 'node:crypto'
import type { RouteOptions } from 'fastify'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, sessions, users } from '../data/schema/index.js'
import { addContact, assignStaff } from '../services/contacts.service.js'
import { createTask } from '../services/tasks.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../test-support/app.js'
import {
  aClaEpisode,
  anEpisode,
  aPupil,
  aSchool,
  aUser,
  TEST_PASSWORD,
  totpCode,
} from '../test-support/builders.js'
import { databaseState } from '../test-support/database-state.js'

const NOW = new Date('2026-03-16T10:00:00Z')
const CSRF_REFUSAL = 'Your form has expired'

let t: TestApp
const postRoutes: string[] = []
let school: Awaited<ReturnType<typeof aSchool>>
let admin: Awaited<ReturnType<typeof aUser>>
let dt: Awaited<ReturnType<typeof aUser>>
let staff: Awaited<ReturnType<typeof aUser>>
let claPupil: { id: string; episodeId: string; contactId: string; assignmentId: string; familyName: string }
let cswPupil: Awaited<ReturnType<typeof aPupil>>
let taskId: string

beforeAll(async () => {
  t = await buildTestApp({
    now: () => NOW,
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat())
        if (method === 'POST' && !route.url.startsWith('/api/')) postRoutes.push(route.url)
    },
  })
  const { ctx } = t
  school = await aSchool(t.ctx, { name: 'Attack School' })
  admin = await aUser(ctx, 'admin', null)
  dt = await aUser(ctx, 'designated_teacher', school)
  staff = await aUser(ctx, 'staff', school)
  const pupil = await aPupil(ctx, school, { familyName: 'Lookedafterattack' })
  const { episode } = await anEpisode(ctx, pupil.id, aClaEpisode({ responsibleLaCode: '919' }))
  const contact = await addContact(ctx, SYSTEM_ACTOR, pupil.id, { role: 'social_worker', name: 'Sam Worker' })
  const assignment = await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, {
    userId: staff.user.id,
    role: 'key_adult',
  })
  claPupil = {
    id: pupil.id,
    episodeId: episode.id,
    contactId: contact.id,
    assignmentId: assignment.id,
    familyName: pupil.familyName,
  }
  cswPupil = await aPupil(ctx, school, { familyName: 'Childinneedattack' })
  await anEpisode(ctx, cswPupil.id, { type: 'CIN', startDate: '2025-11-01' })
  const task = await createTask(ctx.db, {
    schoolId: school.id,
    pupilId: pupil.id,
    kind: 'attack',
    title: 'A task for the designated teacher',
    assigneeRole: 'designated_teacher',
    dueOn: '2026-04-01',
  })
  taskId = task!.id
}, 60_000)
afterAll(async () => t?.close())

/** The state of every table but the sessions and the audit trail, which reads and refusals add to. */
const stateOfRecords = () => databaseState(t.ctx.db, ['session', 'audit_event'])

/** A form post carrying exactly the cookie header given, as a forged or replayed request would. */
function postWithCookie(url: string, cookie: string, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  })
}

const getWithCookie = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } })

const csrfTokenOn = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1]

/** A pupil's details as a change form would post them, so that a post let through would change the pupil. */
const changedPupil = {
  upn: 'A207000016049',
  givenName: 'Changed',
  familyName: 'Byanattacker',
  'dateOfBirth-day': '1',
  'dateOfBirth-month': '5',
  'dateOfBirth-year': '2014',
  yearGroup: '7',
  senProvision: 'N',
  version: '1',
}

describe('form posts without their CSRF token', () => {
  /** Every parameter of a route filled in with a real record, so a post let through would change it. */
  function urlOf(route: string): string {
    const onPupil = route.startsWith('/pupils/:id')
    const ids: Record<string, string> = {
      id: onPupil ? claPupil.id : route.startsWith('/tasks/') ? taskId : staff.user.id,
      episodeId: claPupil.episodeId,
      contactId: claPupil.contactId,
      assignmentId: claPupil.assignmentId,
      urn: school.urn,
      code: '919',
    }
    // A parameter the list does not know (a route added later) gets an id: the token is checked first.
    return route.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? randomUUID())
  }

  const fields = { ...changedPupil, name: 'Changed by an attacker', reason: 'An attack', note: 'An attack' }

  it('finds the forms from the router, so a new one cannot be missed', () => {
    expect(postRoutes.length).toBeGreaterThan(20)
    expect(postRoutes).toEqual(expect.arrayContaining(['/pupils/:id/edit', '/sign-in', '/sign-out']))
  })

  it('refuses every form post without a token, and one with another session’s token, changing nothing', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
    const victim = `harbour_session=${browser.cookie('harbour_session')!}`
    // The attacker's own session gives them a good token, but for their session only.
    const attacker = new TestBrowser(t.app)
    await attacker.signIn(dt.user.email)
    const attackersToken = csrfTokenOn((await attacker.get('/tasks')).body)!
    const before = await databaseState(t.ctx.db)
    const notRefused: string[] = []
    for (const route of postRoutes) {
      const url = urlOf(route)
      for (const [how, extra] of [
        ['no token', {}],
        ['another session’s token', { _csrf: attackersToken }],
      ] as const) {
        const res = await postWithCookie(url, victim, { ...fields, ...extra })
        if (res.statusCode !== 403 || !res.body.includes(CSRF_REFUSAL))
          notRefused.push(`POST ${route} with ${how}: ${res.statusCode}`)
      }
    }
    expect(notRefused).toEqual([])
    // Not a row changed anywhere, the audit trail and the sessions included.
    expect(await databaseState(t.ctx.db)).toEqual(before)
    // Neither "sign out" nor "sign out everywhere" went through: the session still works.
    expect((await browser.get('/admin')).statusCode).toBe(200)
  })

  it('accepts the same post with the session’s own token: the token is all that was missing', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
    const pupil = await aPupil(t.ctx, school)
    const res = await browser.submit(`/pupils/${pupil.id}/edit`, `/pupils/${pupil.id}/edit`, {
      ...changedPupil,
      upn: pupil.upn,
    })
    expect(res.statusCode).toBe(302)
    expect((await browser.get(`/pupils/${pupil.id}`)).body).toContain('Changed Byanattacker')
  })
})

describe('forged and expired session cookies', () => {
  async function signedInAs(user: { email: string }) {
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    const cookie = browser.cookie('harbour_session')!
    const page = await browser.get(`/pupils/${claPupil.id}/edit`)
    return { browser, cookie, token: csrfTokenOn(page.body)! }
  }

  /** Asks for a pupil's page and posts a change to them with `cookie`; both must be sent to sign in. */
  async function expectSignedOut(cookie: string, token: string) {
    const before = await stateOfRecords()
    const page = await getWithCookie(`/pupils/${claPupil.id}`, `harbour_session=${cookie}`)
    expect(page.statusCode).toBe(302)
    expect(page.headers.location).toBe(`/sign-in?next=%2Fpupils%2F${claPupil.id}`)
    expect(page.body).not.toContain(claPupil.familyName)
    const post = await postWithCookie(`/pupils/${claPupil.id}/edit`, `harbour_session=${cookie}`, {
      ...changedPupil,
      _csrf: token,
    })
    expect(post.statusCode).toBe(302)
    expect(post.headers.location).toMatch(/^\/sign-in/)
    expect(await stateOfRecords()).toEqual(before)
  }

  it('refuses a made-up session id, signed or not', async () => {
    const { token } = await signedInAs(dt.user)
    await expectSignedOut(randomUUID(), token)
    await expectSignedOut(`${randomUUID()}.${'A'.repeat(43)}`, token)
  })

  it('refuses a real session id with its signature changed, or under another session’s signature', async () => {
    const mine = await signedInAs(dt.user)
    const theirs = await signedInAs(admin.user)
    const [mySid, mySignature] = decodeURIComponent(mine.cookie).split('.') as [string, string]
    const [theirSid] = decodeURIComponent(theirs.cookie).split('.') as [string, string]
    const flipped = mySignature.startsWith('A') ? `B${mySignature.slice(1)}` : `A${mySignature.slice(1)}`
    await expectSignedOut(encodeURIComponent(`${mySid}.${flipped}`), mine.token)
    await expectSignedOut(encodeURIComponent(`${theirSid}.${mySignature}`), mine.token)
    // Both sessions themselves are untouched by the attempts.
    expect((await mine.browser.get('/register')).statusCode).toBe(200)
  })

  it('refuses a session cookie whose session has expired', async () => {
    const { cookie, token } = await signedInAs(dt.user)
    await t.ctx.db
      .update(sessions)
      .set({ expiresAt: new Date(NOW.getTime() - 1000) })
      .where(eq(sessions.userId, dt.user.id))
    await expectSignedOut(cookie, token)
  })

  it('refuses the cookie of a session that was signed out, replayed afterwards', async () => {
    const { browser, cookie, token } = await signedInAs(dt.user)
    await browser.submit('/tasks', '/sign-out', {})
    await expectSignedOut(cookie, token)
  })
})

describe('records outside the user’s scope', () => {
  /** The page for `url`, with the parts that differ from one request to the next taken out. */
  const comparable = (html: string) => html.replace(/value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '')

  it('shows a staff member the same 404 for any pupil id they guess, and changes nothing', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(staff.user.email)
    const otherSchool = await aSchool(t.ctx)
    const elsewhere = await aPupil(t.ctx, otherSchool, { familyName: 'Elsewhereattack' })
    const nobodys = await browser.get(`/pupils/${randomUUID()}`)
    expect(nobodys.statusCode).toBe(404)
    const before = await stateOfRecords()
    for (const guess of [cswPupil.id, elsewhere.id, 'not-an-id', `${claPupil.id}'--`]) {
      const res = await browser.get(`/pupils/${encodeURIComponent(guess)}`)
      expect(res.statusCode, guess).toBe(404)
      expect(comparable(res.body)).toBe(comparable(nobodys.body))
    }
    expect(await stateOfRecords()).toEqual(before)
    // Their own pupil opens, so the 404s are about scope, not a broken page.
    expect((await browser.get(`/pupils/${claPupil.id}`)).statusCode).toBe(200)
  })

  it('refuses a governor every page of a pupil of their own school, and a change, without a name', async () => {
    const governor = await aUser(t.ctx, 'governor', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(governor.user.email)
    const before = await stateOfRecords()
    for (const page of ['', '/edit', '/contacts/new', '/episodes/new', '/access-history']) {
      const res = await browser.get(`/pupils/${claPupil.id}${page}`)
      expect(res.statusCode, page).toBe(403)
      expect(res.body).not.toContain(claPupil.familyName)
    }
    const change = await browser.submit('/governors', `/pupils/${claPupil.id}/edit`, changedPupil)
    expect(change.statusCode).toBe(403)
    expect(await stateOfRecords()).toEqual(before)
  })

  it('shows a Virtual School adviser a 404 for a pupil with a social worker at a school in its area', async () => {
    const adviser = await aUser(t.ctx, 'vs_adviser', null, { laCode: school.laCode })
    const browser = new TestBrowser(t.app)
    await browser.signIn(adviser.user.email)
    const nobodys = await browser.get(`/pupils/${randomUUID()}`)
    const before = await stateOfRecords()
    const page = await browser.get(`/pupils/${cswPupil.id}`)
    expect(page.statusCode).toBe(404)
    expect(comparable(page.body)).toBe(comparable(nobodys.body))
    const contact = await browser.submit('/register', `/pupils/${cswPupil.id}/contacts/new`, {
      role: 'social_worker',
      name: 'Added by the adviser',
    })
    expect(contact.statusCode).toBe(404)
    expect(await stateOfRecords()).toEqual(before)
    // The child the LA looks after, at the same school, opens (PD-12).
    expect((await browser.get(`/pupils/${claPupil.id}`)).statusCode).toBe(200)
  })
})

describe('a replayed two-factor code', () => {
  it('refuses, at sign-in, the code that was used to set two-factor up', async () => {
    const { user } = await aUser(t.ctx, 'dsl', school, { twoFactor: false })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    const setUp = await browser.get('/account/two-factor/set-up')
    const secret = /id="setup-key"[^>]*>([A-Z2-7 ]+)</.exec(setUp.body)![1]!.replace(/ /g, '')
    const code = await totpCode(secret, t.ctx.now())
    await browser.submit('/account/two-factor/set-up', '/account/two-factor/set-up', { code })
    await browser.submit('/tasks', '/sign-out', {})

    const again = new TestBrowser(t.app)
    const password = await again.submit('/sign-in', '/sign-in', {
      email: user.email,
      password: TEST_PASSWORD,
    })
    expect(password.headers.location).toBe('/sign-in/two-factor')
    const replay = await again.submit('/sign-in/two-factor', '/sign-in/two-factor', { code })
    expect(replay.statusCode).toBe(401)
    expect((await again.get('/register')).headers.location).toBe('/sign-in?next=%2Fregister')
    const signIns = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, 'auth.signed_in')))
    expect(signIns).toHaveLength(1) // the first sign-in, before set-up; none from the replay
  })
})

describe('6 wrong passwords in a row', () => {
  let clock = NOW.getTime()
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp({ now: () => new Date(clock) })
  })
  afterAll(async () => app?.close())

  const signInForm = (browser: TestBrowser, email: string, password: string) =>
    browser.submit('/sign-in', '/sign-in', { email, password })

  it('locks the account: the right password is refused until the 15 minutes are up, then let in', async () => {
    const { user } = await aUser(app.ctx, 'staff', await aSchool(app.ctx))
    const browser = new TestBrowser(app.app)
    for (let i = 0; i < 6; i++)
      expect((await signInForm(browser, user.email, `wrong password ${i}`)).statusCode).toBe(401)
    for (const minutes of [0, 14]) {
      clock = NOW.getTime() + minutes * 60_000
      const refused = await signInForm(browser, user.email, TEST_PASSWORD)
      expect(refused.statusCode, `after ${minutes} minutes`).toBe(401)
      expect(refused.body).toContain('There have been too many attempts to sign in')
      expect((await browser.get('/tasks')).headers.location).toBe('/sign-in?next=%2Ftasks')
    }
    // Nobody was signed in while locked, however often the right password came.
    const [row] = await app.ctx.db.select().from(users).where(eq(users.id, user.id))
    expect(row!.lockedUntil).toEqual(new Date(NOW.getTime() + 15 * 60_000))
    clock = NOW.getTime() + 15 * 60_000 + 1000
    const allowed = await signInForm(browser, user.email, TEST_PASSWORD)
    expect(allowed.statusCode).toBe(302)
    expect((await browser.get('/tasks')).statusCode).toBe(200)
  })
})
