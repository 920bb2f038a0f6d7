import { and, count, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  auditEvents,
  managedMoves,
  offSiteDirections,
  suspensionObligations,
} from '../../../data/schema/index.js'
import { addContact } from '../../../services/contacts.service.js'
import { createPep } from '../../../services/peps.service.js'
import { SYSTEM_ACTOR } from '../../../services/users.service.js'
import { ApiClient, aTokenFor } from '../../../test-support/api-client.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import {
  aClaEpisode,
  anEpisode,
  aPupil,
  aSchool,
  aSchoolCalendar,
  aUser,
} from '../../../test-support/builders.js'
import { openAtRisk } from '../../../services/suspension-risk.service.js'
import { recordSuspension } from '../../../services/suspensions.service.js'
import { anActiveTimetable, anOpenSupportPlan } from '../../../test-support/attendance-records.js'
import { aSpendRow } from '../../../test-support/funding.js'

/** Every GET route the app has, from the router: a route added later cannot be missed. */
function getRoutes(app: FastifyInstance): string[] {
  const routes: string[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ method: 'GET', commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line)
    if (!match) continue
    stack.length = match[1]!.length / 4
    stack.push(match[2]!)
    if (match[3]?.split(', ').includes('GET')) routes.push(stack.join(''))
  }
  return routes
}

// DESIGN.md "Access control and audit": every read of a pupil's record writes exactly one audit event
// about that pupil: not none (an unrecorded look), not two (a history that overstates who looked).
describe('each read of a pupil’s record writes exactly one audit event', () => {
  let t: TestApp
  let browser: TestBrowser
  let adminBrowser: TestBrowser
  let api: ApiClient
  let urls: Record<string, string>

  beforeAll(async () => {
    t = await buildTestApp()
    const school = await aSchool(t.ctx)
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const contact = await addContact(t.ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
    })
    const dt = await aUser(t.ctx, 'designated_teacher', school)
    const pep = await createPep(t.ctx, dt.actor, pupil.id, { meetingDate: '2026-10-01' })
    // The PEP pages that write or decide are the designated teacher's and the Virtual School's, not the DSL's.
    const writer = new TestBrowser(t.app)
    await writer.signIn(dt.user.email)
    const adviser = new TestBrowser(t.app)
    await adviser.signIn((await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })).user.email)
    // The designated safeguarding lead may open every one of these pages but the administrator's.
    const dsl = await aUser(t.ctx, 'dsl', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dsl.user.email)
    adminBrowser = new TestBrowser(t.app)
    await adminBrowser.signIn((await aUser(t.ctx, 'admin', school)).user.email)
    api = new ApiClient(t.app, (await aTokenFor(t.ctx, 'dsl', school)).token)
    // PP+ is read by the designated teacher and the Virtual School (funding:read), not the DSL.
    const { spendId } = await aSpendRow(t.ctx.db, pupil.id)
    const dtApi = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
    const plan = await anOpenSupportPlan(t.ctx.db, { id: pupil.id, schoolId: school.id })
    const timetable = await anActiveTimetable(t.ctx.db, { id: pupil.id, schoolId: school.id })
    // Issue 6: a suspension long enough to need education from the sixth day, with its open duties, an at-risk
    // record, an off-site direction and a managed move; and the headteacher's draft of another suspension.
    await aSchoolCalendar(t.ctx, school)
    const head = await aUser(t.ctx, 'headteacher', school)
    const atRisk = await openAtRisk(t.ctx, dsl.actor, pupil.id, { concern: 'Read events' })
    const vsConsultation = { date: '2026-11-20', with: 'Jo Adviser' }
    const suspension = await recordSuspension(t.ctx, head.actor, pupil.id, {
      startDate: '2026-11-30',
      days: 6,
      reasons: ['DB'],
      vsConsultation,
    })
    const [obligation] = await t.ctx.db
      .select()
      .from(suspensionObligations)
      .where(
        and(
          eq(suspensionObligations.suspensionId, suspension.id),
          eq(suspensionObligations.kind, 'notify_local_authority'),
        ),
      )
    const [direction] = await t.ctx.db
      .insert(offSiteDirections)
      .values({
        pupilId: pupil.id,
        schoolId: school.id,
        provider: 'Read Events Centre',
        address: '1 Road',
        contact: 'Sam',
        daysAndTimes: 'Mondays',
        reasons: 'Read events',
        startDate: '2027-01-11',
        endDate: '2027-02-12',
      })
      .returning()
    const [move] = await t.ctx.db
      .insert(managedMoves)
      .values({
        pupilId: pupil.id,
        schoolId: school.id,
        receivingSchool: 'Another Academy',
        reason: 'Read events',
      })
      .returning()
    const headBrowser = new TestBrowser(t.app)
    await headBrowser.signIn(head.user.email)
    const draftUrl = `/pupils/${pupil.id}/suspensions/new`
    const draft = await headBrowser.submit(draftUrl, draftUrl, {
      'startDate-day': '14',
      'startDate-month': '12',
      'startDate-year': '2026',
      kind: 'days',
      days: '1',
      reasons: 'DB',
      'vsConsultation-date-day': '20',
      'vsConsultation-date-month': '11',
      'vsConsultation-date-year': '2026',
      'vsConsultation-with': 'Jo Adviser',
    })
    if (draft.statusCode !== 302) throw new Error(`The suspension draft was refused: ${draft.statusCode}`)
    const s = `/pupils/${pupil.id}/suspensions`
    const p = `/pupils/${pupil.id}`
    urls = {
      '/pupils/:id/suspensions': s,
      '/pupils/:id/suspensions/new': `${s}/new`,
      '/pupils/:id/suspensions/new/check': `${s}/new/check`,
      '/pupils/:id/suspensions/:suspensionId': `${s}/${suspension.id}`,
      '/pupils/:id/suspensions/:suspensionId/cancel': `${s}/${suspension.id}/cancel`,
      '/pupils/:id/suspensions/:suspensionId/board-decision': `${s}/${suspension.id}/board-decision`,
      '/pupils/:id/suspensions/:suspensionId/day6-provision': `${s}/${suspension.id}/day6-provision`,
      '/pupils/:id/suspensions/obligations/:obligationId/done': `${s}/obligations/${obligation!.id}/done`,
      '/pupils/:id/suspensions/at-risk/new': `${s}/at-risk/new`,
      '/pupils/:id/suspensions/at-risk/:atRiskId/edit': `${s}/at-risk/${atRisk.atRisk.id}/edit`,
      '/pupils/:id/suspensions/at-risk/:atRiskId/close': `${s}/at-risk/${atRisk.atRisk.id}/close`,
      '/pupils/:id/suspensions/risk-assessments/new': `${s}/risk-assessments/new`,
      '/pupils/:id/suspensions/off-site-directions/new': `${s}/off-site-directions/new`,
      '/pupils/:id/suspensions/off-site-directions/:directionId/edit': `${s}/off-site-directions/${direction!.id}/edit`,
      '/pupils/:id/suspensions/managed-moves/new': `${s}/managed-moves/new`,
      '/pupils/:id/suspensions/managed-moves/:moveId/edit': `${s}/managed-moves/${move!.id}/edit`,
      '/pupils/:id': p,
      '/pupils/:id/edit': `${p}/edit`,
      '/pupils/:id/leaving': `${p}/leaving`,
      '/pupils/:id/access-history': `${p}/access-history`,
      '/pupils/:id/episodes/new': `${p}/episodes/new?type=CP`,
      '/pupils/:id/episodes/:episodeId/correct': `${p}/episodes/${episode.id}/correct`,
      '/pupils/:id/episodes/:episodeId/withdraw': `${p}/episodes/${episode.id}/withdraw`,
      '/pupils/:id/episodes/:episodeId/placement-changes/new': `${p}/episodes/${episode.id}/placement-changes/new`,
      '/pupils/:id/contacts/new': `${p}/contacts/new`,
      '/pupils/:id/contacts/:contactId/edit': `${p}/contacts/${contact.id}/edit`,
      '/pupils/:id/staff/new': `${p}/staff/new`,
      '/pupils/:id/attendance': `${p}/attendance`,
      '/pupils/:id/attendance/support-plans/new': `${p}/attendance/support-plans/new`,
      '/pupils/:id/attendance/support-plans/:planId/edit': `${p}/attendance/support-plans/${plan.id}/edit`,
      '/pupils/:id/attendance/support-plans/:planId/close': `${p}/attendance/support-plans/${plan.id}/close`,
      '/pupils/:id/attendance/part-time-timetables/new': `${p}/attendance/part-time-timetables/new`,
      '/pupils/:id/attendance/part-time-timetables/:timetableId/edit': `${p}/attendance/part-time-timetables/${timetable.id}/edit`,
      '/pupils/:id/attendance/part-time-timetables/:timetableId/end': `${p}/attendance/part-time-timetables/${timetable.id}/end`,
      '/pupils/:id/attendance/adjustments/new': `${p}/attendance/adjustments/new`,
      '/pupils/:id/funding': `${p}/funding`,
      '/pupils/:id/funding/allocations/new': `${p}/funding/allocations/new`,
      '/pupils/:id/funding/releases/new': `${p}/funding/releases/new`,
      '/pupils/:id/funding/spends/new': `${p}/funding/spends/new`,
      '/pupils/:id/funding/spends/:spendId/impact': `${p}/funding/spends/${spendId}/impact`,
      '/api/v1/pupils/:id/funding': `/api/v1${p}/funding`,
      '/pupils/:id/subject-access': `${p}/subject-access`,
      '/pupils/:id/subject-access/pdf': `${p}/subject-access/pdf`,
      '/admin/retention/pupils/:id/delete': `/admin/retention${p}/delete`,
      '/api/v1/pupils/:id': `/api/v1${p}`,
      '/api/v1/pupils/:id/subject-access-export': `/api/v1${p}/subject-access-export`,
      '/api/v1/pupils/:id/status': `/api/v1${p}/status`,
      '/api/v1/pupils/:id/episodes': `/api/v1${p}/episodes`,
      '/api/v1/pupils/:id/peps': `/api/v1${p}/peps`,
      '/api/v1/pupils/:id/pep-schedule': `/api/v1${p}/pep-schedule`,
      '/api/v1/pupils/:id/attendance': `/api/v1${p}/attendance`,
      '/api/v1/pupils/:id/suspensions/summary': `/api/v1${p}/suspensions/summary`,
      '/api/v1/pupils/:id/peps/:pepId': `/api/v1${p}/peps/${pep.id}`,
      '/pupils/:id/peps': `${p}/peps`,
      '/pupils/:id/peps/new': `${p}/peps/new`,
      '/pupils/:id/peps/:pepId': `${p}/peps/${pep.id}`,
      '/pupils/:id/peps/:pepId/pdf': `${p}/peps/${pep.id}/pdf`,
      '/pupils/:id/peps/:pepId/edit': `${p}/peps/${pep.id}/edit`,
      '/pupils/:id/peps/:pepId/edit/:section': `${p}/peps/${pep.id}/edit/targets`,
      '/pupils/:id/peps/:pepId/check': `${p}/peps/${pep.id}/check`,
      '/pupils/:id/peps/:pepId/decision': `${p}/peps/${pep.id}/decision`,
    }
    apiFor = { '/api/v1/pupils/:id/funding': dtApi }
    browserFor = {
      // Recording a suspension and the board's decision are the headteacher's alone.
      '/pupils/:id/suspensions/new': headBrowser,
      '/pupils/:id/suspensions/new/check': headBrowser,
      '/pupils/:id/suspensions/:suspensionId/cancel': headBrowser,
      '/pupils/:id/suspensions/:suspensionId/board-decision': headBrowser,
      '/pupils/:id/peps/new': writer,
      '/pupils/:id/peps/:pepId/edit': writer,
      '/pupils/:id/peps/:pepId/edit/:section': writer,
      '/pupils/:id/peps/:pepId/check': writer,
      '/pupils/:id/peps/:pepId/decision': adviser,
      '/pupils/:id/funding': writer,
      // A looked-after child's PP+ is the Virtual School's to allocate and release (PP-5).
      '/pupils/:id/funding/allocations/new': adviser,
      '/pupils/:id/funding/releases/new': adviser,
      '/pupils/:id/funding/spends/new': writer,
      '/pupils/:id/funding/spends/:spendId/impact': writer,
    }
    eventsAbout = async () =>
      (await t.ctx.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.pupilId, pupil.id)))[0]!.n
  })
  afterAll(async () => t?.close())

  let eventsAbout: () => Promise<number>
  let browserFor: Record<string, TestBrowser> = {}
  let apiFor: Record<string, ApiClient> = {}

  it('knows every GET route about one pupil, in pages and API', () => {
    const pupilRoutes = getRoutes(t.app).filter((r) => /(^|\/)pupils\/:id(\/|$)/.test(r))
    // A new route about a pupil must be added here, so that this test checks it is audited.
    expect(pupilRoutes.sort()).toEqual(Object.keys(urls).sort())
  })

  // Every route listed in `urls` (the test above keeps that list complete).
  it('GET each of them', async () => {
    for (const [route, url] of Object.entries(urls)) {
      const before = await eventsAbout()
      const res = url.startsWith('/api/v1')
        ? await (apiFor[route] ?? api).get(url.slice('/api/v1'.length))
        : await (browserFor[route] ?? (url.startsWith('/admin/') ? adminBrowser : browser)).get(url)
      expect(res.statusCode, route).toBe(200)
      expect(await eventsAbout(), route).toBe(before + 1)
    }
  })
})
