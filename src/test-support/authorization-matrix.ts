/**
 * The plumbing of the authorization matrix test (src/web/authorization-matrix.test.ts): the records
 * each route is called with, the request bodies, and sending a request as a role, by page or by API.
 */
import type { LightMyRequestResponse } from 'fastify'
import { ROLES, isVirtualSchoolRole, type Role } from '../domain/access/roles.js'
import {
  designatedRoleAppointments,
  managedMoves,
  offSiteDirections,
  peps,
  suspensionObligations,
  suspensionRisks,
  suspensions,
} from '../data/schema/index.js'
import { addContact, assignStaff, endStaffAssignment } from '../services/contacts.service.js'
import { withdrawEpisode } from '../services/episodes.service.js'
import { NotFoundError } from '../services/errors.js'
import { createTask } from '../services/tasks.service.js'
import { createApiToken, SYSTEM_ACTOR } from '../services/users.service.js'
import type { Target } from '../web/authorization-expectations.js'
import { ApiClient } from './api-client.js'
import { TestBrowser, type TestApp } from './app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from './builders.js'
import { anActiveTimetable, anOpenSupportPlan } from './attendance-records.js'
import { aSpendRow } from './funding.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type MatrixRoute = { method: Method; url: string; key: string }
export type Who = Role | 'signed out'
type Ids = Record<string, string>
export type Sent = { res: LightMyRequestResponse; sessionEnded?: boolean }

const CALENDAR = {
  terms: [
    { name: 'autumn', start: '2026-09-03', end: '2026-12-18' },
    { name: 'spring', start: '2027-01-05', end: '2027-03-26' },
    { name: 'summer', start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: [],
}

const NO_TARGET = '00000000-0000-7000-8000-000000000000'

/** Routes that end the session they are sent in: each is sent in a session of its own. */
export const SESSION_ENDING = new Set(['POST /sign-out', 'POST /account/sessions/sign-out-everywhere'])

/**
 * One school with a user of every role (the Virtual School's for LA 919), another school, and the
 * records the routes are called with.
 */
export async function buildMatrixWorld(t: TestApp) {
  const ctx = t.ctx
  const school = await aSchool(ctx, { name: 'Matrix School' })
  const otherSchool = await aSchool(ctx, { name: 'Another School' })
  const users = new Map<Role, Awaited<ReturnType<typeof aUser>>>()
  for (const role of ROLES)
    users.set(
      role,
      await aUser(ctx, role, isVirtualSchoolRole(role) ? null : school, {
        laCode: '919',
        name: `Matrix ${role}`,
      }),
    )
  // Key adults for fresh assignments, so that the matrix's own staff member keeps theirs; and users for
  // the administration pages to act on, so that no matrix user is changed.
  const spareStaff = await aUser(ctx, 'staff', school)
  const otherStaff = await aUser(ctx, 'staff', otherSchool)
  const managedUser = await aUser(ctx, 'staff', school)
  const otherManagedUser = await aUser(ctx, 'staff', otherSchool)

  async function pupilWith(
    at: { urn: string; id: string },
    episode: Parameters<typeof anEpisode>[2],
    keyAdult: string,
  ) {
    const pupil = await aPupil(ctx, at)
    const { episode: saved } = await anEpisode(ctx, pupil.id, episode)
    const contact = await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
    })
    const assignment = await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: keyAdult, role: 'key_adult' })
    // A draft PEP, written straight to the table: the pupil with a social worker cannot have one by the rules.
    const [pep] = await ctx.db
      .insert(peps)
      .values({ pupilId: pupil.id, schoolId: at.id, meetingDate: '2026-10-01' })
      .returning()
    const plan = await anOpenSupportPlan(ctx.db, { id: pupil.id, schoolId: at.id })
    const timetable = await anActiveTimetable(ctx.db, { id: pupil.id, schoolId: at.id })
    const suspensionRecords = await aSuspensionRecordOf(pupil.id, at.id)
    return {
      ...suspensionRecords,
      id: pupil.id,
      episodeId: saved.id,
      planId: plan.id,
      timetableId: timetable.id,
      contactId: contact.id,
      assignmentId: assignment.id,
      pepId: pep!.id,
      // A section of the PEP form (/pupils/:id/peps/:pepId/edit/:section).
      section: 'child-voice',
    }
  }
  /**
   * A suspension with an open duty, an open at-risk record, an off-site direction and a proposed managed move
   * (issue 6), written straight to the tables: the pages about each are called with their ids.
   */
  async function aSuspensionRecordOf(pupilId: string, schoolId: string) {
    const [suspension] = await ctx.db
      .insert(suspensions)
      .values({
        pupilId,
        schoolId,
        category: 'SUSP',
        startDate: '2026-09-14',
        halfDays: 6,
        schoolYear: 2026,
        reasons: ['DB'],
        reasonTableVersion: 'A',
      })
      .returning()
    const [obligation] = await ctx.db
      .insert(suspensionObligations)
      .values({ suspensionId: suspension!.id, pupilId, kind: 'notify_local_authority', dueBy: '2026-09-14' })
      .returning()
    const [atRisk] = await ctx.db
      .insert(suspensionRisks)
      .values({ pupilId, schoolId, openedOn: '2026-09-10', concern: 'Matrix' })
      .returning()
    const [direction] = await ctx.db
      .insert(offSiteDirections)
      .values({
        pupilId,
        schoolId,
        provider: 'Matrix Centre',
        address: 'Matrix Road',
        contact: 'Matrix',
        daysAndTimes: 'Mondays',
        reasons: 'Matrix',
        startDate: '2026-11-02',
        endDate: '2026-12-18',
      })
      .returning()
    const [move] = await ctx.db
      .insert(managedMoves)
      .values({ pupilId, schoolId, receivingSchool: 'Matrix Academy', reason: 'Matrix' })
      .returning()
    return {
      suspensionId: suspension!.id,
      obligationId: obligation!.id,
      atRiskId: atRisk!.id,
      directionId: direction!.id,
      moveId: move!.id,
    }
  }

  // Looked after by the Virtual School's LA, and the matrix staff member's pupil (DESIGN.md layer 2).
  const claPupil = await pupilWith(
    school,
    aClaEpisode({ responsibleLaCode: '919' }),
    users.get('staff')!.user.id,
  )
  // With a social worker, not looked after: the Virtual School sees aggregates only (PD-12).
  const cswPupil = await pupilWith(school, { type: 'CIN', startDate: '2025-09-01' }, spareStaff.user.id)
  // Another school's pupil, looked after by another LA: nobody here may see them.
  const otherPupil = await pupilWith(
    otherSchool,
    aClaEpisode({ responsibleLaCode: '204' }),
    otherStaff.user.id,
  )
  const task = await createTask(ctx.db, {
    schoolId: school.id,
    pupilId: claPupil.id,
    kind: 'matrix',
    title: 'A task for the designated teacher',
    assigneeRole: 'designated_teacher',
    dueOn: '2026-10-10',
  })

  // A deputy DSL in each school, for the pages that end or correct an appointment (issue 7).
  const deputy = (schoolId: string) => ({
    schoolId,
    role: 'deputy_dsl' as const,
    personName: 'Matrix Deputy',
    startDate: '2026-09-01',
  })
  const [appointment] = await ctx.db.insert(designatedRoleAppointments).values(deputy(school.id)).returning()
  const [otherAppointment] = await ctx.db
    .insert(designatedRoleAppointments)
    .values(deputy(otherSchool.id))
    .returning()

  const browsers = new Map<Role, TestBrowser>()
  const clients = new Map<Role, ApiClient>()
  for (const role of ROLES) {
    const { user } = users.get(role)!
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    browsers.set(role, browser)
    clients.set(role, new ApiClient(t.app, await createApiToken(ctx, SYSTEM_ACTOR, user.email, 'matrix')))
  }

  const keyAdultOf = new Map([
    [claPupil.id, spareStaff.user.id],
    [cswPupil.id, spareStaff.user.id],
    [otherPupil.id, otherStaff.user.id],
  ])

  /** The ids each route is called with: every target its parameters allow. */
  function targetsOf(route: MatrixRoute): Array<{ target: Target; ids: Ids }> {
    if (/^(\/api\/v1|\/admin\/retention)?\/pupils\/:id/.test(route.url))
      return [
        { target: 'first', ids: claPupil },
        { target: 'csw_pupil', ids: cswPupil },
        { target: 'other_school_pupil', ids: otherPupil },
      ]
    if (route.url.includes(':urn'))
      return [
        // section: a section of the school's policy (/schools/:urn/policy/draft/:section).
        { target: 'first', ids: { urn: school.urn, appointmentId: appointment!.id, section: 'purpose' } },
        {
          target: 'other_school',
          ids: { urn: otherSchool.urn, appointmentId: otherAppointment!.id, section: 'purpose' },
        },
      ]
    if (/^\/admin\/users\/:id/.test(route.url))
      return [
        { target: 'first', ids: { id: managedUser.user.id } },
        { target: 'other_school', ids: { id: otherManagedUser.user.id } },
      ]
    if (/^(\/api\/v1)?\/tasks\/:id/.test(route.url)) return [{ target: 'first', ids: { id: task!.id } }]
    if (route.url.includes(':laCode'))
      return [
        { target: 'first', ids: { laCode: '919' } },
        { target: 'other_la', ids: { laCode: '204' } },
      ]
    return [
      {
        target: 'first',
        ids: { code: '919', token: 'not-a-real-token', '*': 'govuk-frontend.min.js', financialYear: '2030' },
      },
    ]
  }

  // Requests that would change what later requests find get a fresh record, put away afterwards.
  type Fresh = { ids: Ids; putAway: () => Promise<unknown> }
  const ignoreNotFound = (e: unknown) => {
    if (!(e instanceof NotFoundError)) throw e
  }
  async function freshAssignment(pupilId: string): Promise<Fresh> {
    const { id } = await assignStaff(ctx, SYSTEM_ACTOR, pupilId, {
      userId: keyAdultOf.get(pupilId)!,
      role: 'mentor',
    })
    return {
      ids: { assignmentId: id },
      putAway: () => endStaffAssignment(ctx, SYSTEM_ACTOR, pupilId, id).catch(ignoreNotFound),
    }
  }
  async function freshEpisode(pupilId: string): Promise<Fresh> {
    const { episode } = await anEpisode(ctx, pupilId, {
      type: 'KINSHIP',
      startDate: '2024-06-01',
      arrangement: 'informal',
    })
    return {
      ids: { episodeId: episode.id },
      putAway: () => withdrawEpisode(ctx, SYSTEM_ACTOR, pupilId, episode.id, 'Matrix').catch(ignoreNotFound),
    }
  }
  async function freshSpend(pupilId: string): Promise<Fresh> {
    const { spendId, remove } = await aSpendRow(ctx.db, pupilId)
    return { ids: { spendId }, putAway: remove }
  }
  const FRESH: Record<string, (pupilId: string) => Promise<Fresh>> = {
    'GET /pupils/:id/funding/spends/:spendId/impact': freshSpend,
    'POST /pupils/:id/funding/spends/:spendId/impact': freshSpend,
    'PATCH /api/v1/pupils/:id/funding/spends/:spendId': freshSpend,
    'POST /pupils/:id/staff/:assignmentId/remove': freshAssignment,
    'POST /pupils/:id/episodes/:episodeId/withdraw': freshEpisode,
    'POST /api/v1/pupils/:id/episodes/:episodeId/withdrawal': freshEpisode,
  }

  // API bodies that get past the route's schema, so that the service's access check decides; where
  // the service would then succeed, one it refuses as breaking a rule (422) after that check.
  const API_BODIES: Record<string, Record<string, unknown>> = {
    'POST /api/v1/schools': { urn: '1', laestab: '1', name: 'Matrix probe' },
    'PUT /api/v1/schools/:urn/calendar': CALENDAR,
    'POST /api/v1/pupils': {
      upn: 'A000000000000',
      givenName: 'Matrix',
      familyName: 'Probe',
      dateOfBirth: '2015-01-01',
      schoolUrn: school.urn,
    },
    'PATCH /api/v1/pupils/:id': { version: 1, upn: 'not a UPN' },
    // A last day on roll centuries ahead is refused (422) after the access check; nothing changes.
    'POST /api/v1/pupils/:id/leaving': { version: 1, leftOn: '2999-01-01', destination: 'other' },
    'POST /api/v1/pupils/:id/episodes': { type: 'CIN', startDate: '2999-01-01' },
    'POST /api/v1/pupils/:id/episodes/:episodeId/corrections': { startDate: '2999-01-01', reason: 'Matrix' },
    'POST /api/v1/pupils/:id/episodes/:episodeId/withdrawal': { reason: 'Matrix' },
    'POST /api/v1/pupils/:id/episodes/:episodeId/placement-changes': {
      changedOn: '2999-01-01',
      kind: 'placement',
    },
    'PUT /api/v1/local-authorities/:code': { name: '' },
    // A rubric with no level that can be approved is 422, after the access check; nothing is saved.
    'PUT /api/v1/virtual-schools/:laCode/settings': {
      schedule: {
        cadence: 'termly',
        customDueMonths: [],
        changeReviewDays: 20,
        changeReviewClock: 'school',
        includeShortBreaks: false,
        minimumAge: 2,
      },
      rubric: [{ value: 'matrix', label: 'Matrix', criteria: 'Matrix', approvable: false }],
      version: 0,
    },
    // PP+ (issue 4 item 5): nothing, against no target, is 422 after the access check; a stale version 409.
    'POST /api/v1/pupils/:id/funding/allocations': { financialYear: 2026, amountPence: 0 },
    'POST /api/v1/pupils/:id/funding/releases': { targetId: NO_TARGET, amountPence: 0 },
    'POST /api/v1/pupils/:id/funding/spends': {
      targetId: NO_TARGET,
      spentOn: '2026-10-01',
      amountPence: 0,
      description: 'Matrix',
      category: 'tuition',
    },
    'PATCH /api/v1/pupils/:id/funding/spends/:spendId': { impact: 'Matrix', version: 999 },
    'PUT /api/v1/funding/rates/:financialYear': { pence: 0, source: 'Matrix' },
    // A target without success criteria or owner is 422; a stale version 409; a draft cannot be decided (422).
    'POST /api/v1/pupils/:id/peps': {
      meetingDate: '2026-11-01',
      targets: [{ description: 'Matrix', successCriteria: '', owner: '', dueBy: '2027-01-01' }],
    },
    'PUT /api/v1/pupils/:id/peps/:pepId': { version: 999 },
    'POST /api/v1/pupils/:id/peps/:pepId/submit': { version: 999 },
    'POST /api/v1/pupils/:id/peps/:pepId/decision': { action: 'return', version: 999, feedback: 'Matrix' },
  }
  // Page forms are sent empty (a CSRF token only) unless an empty form would stop before the access check.
  const PAGE_BODIES: Record<string, Record<string, string>> = {
    'POST /pupils/:id/episodes/:episodeId/withdraw': { reason: 'Matrix' },
  }

  const csrfTokens = new Map<TestBrowser, string>()
  async function csrfTokenOf(browser: TestBrowser): Promise<string> {
    const known = csrfTokens.get(browser)
    if (known) return known
    // Any page has one, in its sign-out form: the not-found page will do.
    const page = await browser.get('/matrix-no-such-page')
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    if (!token) throw new Error(`No CSRF token for the session (status ${page.statusCode})`)
    csrfTokens.set(browser, token)
    return token
  }
  const isCsrfRefusal = (res: LightMyRequestResponse) =>
    res.statusCode === 403 && res.body.includes('Your form has expired')

  /** A page form as a browser sends it. A refused CSRF token is a broken test, never a refusal. */
  async function postForm(browser: TestBrowser, url: string, fields: Record<string, string>) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await browser.post(url, { ...fields, _csrf: await csrfTokenOf(browser) })
      if (!isCsrfRefusal(res)) return res
      csrfTokens.delete(browser) // the session was renewed (a change of privilege): take a new token
    }
    throw new Error(`The CSRF token was refused on POST ${url}`)
  }

  async function sessionFor(who: Role, route: MatrixRoute): Promise<TestBrowser> {
    if (!SESSION_ENDING.has(route.key)) return browsers.get(who)!
    const browser = new TestBrowser(t.app)
    await browser.signIn(users.get(who)!.user.email)
    return browser
  }

  /**
   * Sends `route` with `ids` as `who`; returns the response, after putting away any fresh record. For
   * a route that ends the session, also whether it did (its success is a redirect to sign in).
   */
  async function send(who: Who, route: MatrixRoute, ids: Ids): Promise<Sent> {
    const fresh = await FRESH[route.key]?.(ids.id!)
    const url = fill(route, { ...ids, ...fresh?.ids })
    try {
      const { method } = route
      if (url.startsWith('/api/')) {
        const client = who === 'signed out' ? new ApiClient(t.app, null) : clients.get(who)!
        const path = url.slice('/api/v1'.length)
        if (method === 'GET') return { res: await client.get(path) }
        const payload = JSON.stringify(API_BODIES[route.key] ?? {})
        const headers = { 'content-type': 'application/json' }
        return { res: await client.raw({ method, url: path, headers, payload }) }
      }
      if (who === 'signed out') return { res: await t.app.inject({ method, url }) }
      const browser = await sessionFor(who, route)
      if (method === 'GET') return { res: await browser.get(url) }
      const res = await postForm(browser, url, PAGE_BODIES[route.key] ?? {})
      if (!SESSION_ENDING.has(route.key)) return { res }
      const home = await browser.get('/')
      return { res, sessionEnded: home.headers.location === '/sign-in' }
    } finally {
      await fresh?.putAway()
    }
  }

  return { school, targetsOf, send }
}

function fill(route: MatrixRoute, ids: Ids): string {
  return route.url.replace(/:(\w+)|\*/g, (part, name: string | undefined) => {
    const value = ids[name ?? '*']
    if (value === undefined)
      throw new Error(`The matrix has no value for ${part} in ${route.key}: teach targetsOf about it`)
    return value
  })
}
