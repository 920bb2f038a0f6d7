import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, pepTargets } from '../../../data/schema/index.js'
import { createPep, decidePep, type PepInput } from '../../../services/peps.service.js'
import { recordAllocation, releaseFunding } from '../../../services/funding.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../test-support/builders.js'
import { FIXED_NOW } from '../../../test-support/service-context.js'

// FIXED_NOW is 23 November 2026. Every child here came into care on 10 January 2025; a PEP held this November
// meets every obligation so far (late ones included), which makes the child "on track" (PD-1, PD-18).
const SCRIPT_NAME = '<script>alert("pep")</script>'

const aReadyPep = (meetingDate: string): PepInput => ({
  meetingDate,
  content: {
    childVoice: { ownWords: 'I like art and I want to get better at reading.' },
    attendees: { socialWorker: 'Sam Worker', carer: 'Pat Carer', child: 'attended' },
    careerAspirations: 'Vet',
  },
  targets: [
    {
      description: 'Read a chapter book independently each week',
      successCriteria: 'Reading age within a year of chronological age by July',
      owner: 'English teacher',
      dueBy: '2027-07-16',
      ppPlusRequestedPence: 40_000,
    },
  ],
  submit: true,
})

/** The names in the dashboard's table, in the order shown. */
function namesIn(body: string): string[] {
  const table = /<table class="govuk-table" id="children">([\s\S]*?)<\/table>/.exec(body)?.[1] ?? ''
  return [...table.matchAll(/<a class="govuk-link" href="\/pupils\/[^/]+\/peps">([^<]*)<\/a>/g)].map(
    (m) => m[1]!,
  )
}

const countOf = (body: string, status: string) =>
  Number(new RegExp(`data-count="${status}">(\\d+)<`).exec(body)?.[1] ?? NaN)

describe('the PEP dashboards (issue 4 item 6)', () => {
  let t: TestApp
  let dt: TestBrowser
  let adviser: TestBrowser
  let dtUserId: string
  let schoolA: Awaited<ReturnType<typeof aSchool>>
  let schoolB: Awaited<ReturnType<typeof aSchool>>
  let dtA: Awaited<ReturnType<typeof aUser>>
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    const ctx = t.ctx
    schoolA = await aSchool(ctx, { name: 'Alder Academy' })
    schoolB = await aSchool(ctx, { name: 'Birch Primary' })
    const dtUser = await aUser(ctx, 'designated_teacher', schoolA)
    dtA = dtUser
    dtUserId = dtUser.user.id
    const dtB = await aUser(ctx, 'designated_teacher', schoolB)
    const vs = await aUser(ctx, 'vs_adviser', null, { laCode: '919' })

    const child = async (
      key: string,
      school: { urn: string },
      name: [string, string],
      laCode: string | null,
      yearGroup = 7,
    ) => {
      const pupil = await aPupil(ctx, school, { givenName: name[0], familyName: name[1], yearGroup })
      if (laCode)
        await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: laCode }))
      ids[key] = pupil.id
      return pupil
    }
    // School A: two looked after by 919 with approved PEPs this term, one with none, one whose name is
    // markup, one looked after by another LA, one with a social worker only.
    await child('onTrack', schoolA, ['Blake', 'Ontrack'], '919', 8)
    await child('amber', schoolA, ['Casey', 'Amber'], '919')
    await child('overdue', schoolA, ['Avery', 'Overdue'], '919')
    await child('script', schoolA, [SCRIPT_NAME, 'Markup'], '919')
    await child('otherLa', schoolA, ['Drew', 'Elsewhere'], '204')
    const csw = await child('csw', schoolA, ['Finley', 'Notlookedafter'], null)
    await anEpisode(ctx, csw.id, { type: 'CIN', startDate: '2025-02-01', cinCategory: 'N4' })
    // School B: looked after by 919, with only a draft PEP (a draft does not count, PD-18).
    await child('draftOnly', schoolB, ['Emery', 'Secondschool'], '919')

    const approve = async (key: string, meetingDate: string, rating: string) => {
      const pep = await createPep(ctx, dtUser.actor, ids[key]!, aReadyPep(meetingDate))
      await decidePep(ctx, vs.actor, ids[key]!, pep.id, pep.version, { action: 'approve', rating })
      return pep.id
    }
    const onTrackPep = await approve('onTrack', '2026-11-10', 'green')
    await approve('amber', '2026-11-12', 'amber')
    await createPep(ctx, dtB.actor, ids['draftOnly']!, { ...aReadyPep('2026-11-16'), submit: false })

    // PP+ for the on-track child: £2,570 allocated by the Virtual School, £400 released to the school.
    await recordAllocation(ctx, vs.actor, ids['onTrack']!, { financialYear: 2026, amountPence: 257_000 })
    // In a transaction, which carries Harbour's own row scope (row-level security, when the tests run as the app).
    const [target] = await t.database.db.transaction((tx) =>
      tx.select().from(pepTargets).where(eq(pepTargets.pepId, onTrackPep)),
    )
    await releaseFunding(ctx, vs.actor, ids['onTrack']!, { targetId: target!.id, amountPence: 40_000 })

    dt = new TestBrowser(t.app)
    await dt.signIn(dtUser.user.email)
    adviser = new TestBrowser(t.app)
    await adviser.signIn(vs.user.email)
  }, 120_000)
  afterAll(async () => t?.close())

  describe('for the designated teacher', () => {
    it('lists every child looked after at their school, overdue first, and no one else', async () => {
      const page = await dt.get('/peps')
      expect(page.statusCode).toBe(200)
      const names = namesIn(page.body)
      expect(names).toHaveLength(5)
      expect(names.slice(0, 3).sort()).toEqual(
        [
          'Avery Overdue',
          'Drew Elsewhere',
          `&lt;script&gt;alert(&quot;pep&quot;)&lt;/script&gt; Markup`,
        ].sort(),
      )
      expect(names.slice(3).sort()).toEqual(['Blake Ontrack', 'Casey Amber'])
      expect(page.body).not.toContain('Notlookedafter')
      expect(page.body).not.toContain('Secondschool')
    })

    it('counts the children in each status', async () => {
      const page = await dt.get('/peps')
      expect(countOf(page.body, 'overdue')).toBe(3)
      expect(countOf(page.body, 'due_soon')).toBe(0)
      expect(countOf(page.body, 'ok')).toBe(2)
      expect(countOf(page.body, 'not_required')).toBe(0)
      expect(page.body).toContain('5 children looked after')
    })

    it('shows the status, the next due date and its reason, the rating, the latest PEP and the PP+ available', async () => {
      const page = await dt.get('/peps')
      const row = (id: string) =>
        new RegExp(
          `<tr class="govuk-table__row">\\s*<th[^>]*>\\s*<a class="govuk-link" href="/pupils/${id}/peps">[\\s\\S]*?</tr>`,
        ).exec(page.body)?.[0] ?? ''
      const onTrack = row(ids['onTrack']!)
      expect(onTrack).toMatch(/govuk-tag--green">\s*On track/)
      expect(onTrack).toContain('Year 8')
      // The autumn term's PEP is met; the statutory review 3 months after the first comes next (PEP-3).
      expect(onTrack).toContain('Next due 10 February 2027')
      expect(onTrack).toContain('Statutory: a reviewed PEP is due by 10 February 2027')
      expect(onTrack).toMatch(/Green: good/)
      expect(onTrack).toContain('Approved')
      expect(onTrack).toContain('Meeting on 10 November 2026')
      expect(onTrack).toContain('£400')
      expect(onTrack).toContain('of £2,570 allocated')
      const overdue = row(ids['overdue']!)
      expect(overdue).toMatch(/govuk-tag--red">\s*Overdue/)
      expect(overdue).toContain('Was due 24 January 2025')
      expect(overdue).toContain('Statutory: the initial PEP was due by 24 January 2025')
      expect(overdue).toContain('No PEP yet')
      expect(overdue).toContain('Not rated yet')
      expect(overdue).toContain('£0')
      expect(row(ids['amber']!)).toMatch(/Amber: requires improvement/)
    })

    it('escapes a child’s name', async () => {
      const page = await dt.get('/peps')
      expect(page.body).not.toContain(SCRIPT_NAME)
      expect(page.body).toContain('&lt;script&gt;alert(&quot;pep&quot;)&lt;/script&gt; Markup')
    })

    it('filters by status and by rating with a plain GET form, and shows no school filter', async () => {
      const page = await dt.get('/peps')
      expect(page.body).toMatch(/<form method="get" action="\/peps"/)
      expect(page.body).not.toContain('name="school"')
      expect(namesIn((await dt.get('/peps?status=ok')).body).sort()).toEqual(['Blake Ontrack', 'Casey Amber'])
      expect(namesIn((await dt.get('/peps?rating=amber')).body)).toEqual(['Casey Amber'])
      const filtered = await dt.get('/peps?status=ok&rating=green')
      expect(namesIn(filtered.body)).toEqual(['Blake Ontrack'])
      // The counts stay those of every child, and each chosen filter can be taken off.
      expect(countOf(filtered.body, 'overdue')).toBe(3)
      expect(filtered.body).toContain('href="/peps?rating=green"')
      expect(filtered.body).toContain('href="/peps?status=ok"')
    })

    it('ignores a filter that makes no sense', async () => {
      const page = await dt.get('/peps?status=nonsense&rating=%3Cb%3E&school=x')
      expect(page.statusCode).toBe(200)
      expect(namesIn(page.body)).toHaveLength(5)
    })

    it('links each child to their PEPs, is in the navigation, and records one audit event per view', async () => {
      const views = () =>
        t.database.db.transaction((tx) =>
          tx
            .select()
            .from(auditEvents)
            .where(
              and(eq(auditEvents.action, 'pep_dashboard.viewed'), eq(auditEvents.actorUserId, dtUserId)),
            ),
        )
      const before = await views()
      const page = await dt.get('/peps')
      expect(page.body).toContain(`href="/pupils/${ids['overdue']}/peps"`)
      expect(page.body).toMatch(
        /<a class="govuk-service-navigation__link" href="\/peps" aria-current="page">\s*<strong[^>]*>PEPs</,
      )
      expect((await views()).length - before.length).toBe(1)
    })
  })

  describe('for the Virtual School adviser', () => {
    it('lists every child their LA looks after, across schools, with the school', async () => {
      const page = await adviser.get('/peps')
      expect(page.statusCode).toBe(200)
      const names = namesIn(page.body)
      expect(names.sort()).toEqual(
        [
          'Avery Overdue',
          'Blake Ontrack',
          'Casey Amber',
          'Emery Secondschool',
          '&lt;script&gt;alert(&quot;pep&quot;)&lt;/script&gt; Markup',
        ].sort(),
      )
      expect(page.body).not.toContain('Drew Elsewhere') // looked after by another LA
      expect(page.body).toContain('Alder Academy')
      expect(page.body).toContain('Birch Primary')
      expect(countOf(page.body, 'overdue')).toBe(3)
      expect(countOf(page.body, 'ok')).toBe(2)
    })

    it('shows a draft as the latest PEP without counting it (PD-18)', async () => {
      const page = await adviser.get(`/peps?school=${schoolB.urn}`)
      expect(namesIn(page.body)).toEqual(['Emery Secondschool'])
      expect(page.body).toContain('Draft')
      expect(page.body).toMatch(/govuk-tag--red">\s*Overdue/)
    })

    it('filters by school, status and rating without JavaScript', async () => {
      const page = await adviser.get('/peps')
      expect(page.body).toContain('name="school"')
      expect(page.body).toContain(`<option value="${schoolB.urn}">Birch Primary</option>`)
      const bySchool = await adviser.get(`/peps?school=${schoolB.urn}`)
      expect(namesIn(bySchool.body)).toEqual(['Emery Secondschool'])
      expect(bySchool.body).toContain('1 child looked after at Birch Primary')
      expect(bySchool.body).toContain(`<option value="${schoolB.urn}" selected>Birch Primary</option>`)
      expect(countOf(bySchool.body, 'overdue')).toBe(1)
      expect(countOf(bySchool.body, 'ok')).toBe(0)
      expect(namesIn((await adviser.get('/peps?status=overdue')).body)).toHaveLength(3)
      expect(namesIn((await adviser.get('/peps?rating=green')).body)).toEqual(['Blake Ontrack'])
      expect(namesIn((await adviser.get('/peps?rating=none')).body).sort()).toEqual(
        [
          'Avery Overdue',
          'Emery Secondschool',
          '&lt;script&gt;alert(&quot;pep&quot;)&lt;/script&gt; Markup',
        ].sort(),
      )
      const none = await adviser.get(`/peps?school=${schoolB.urn}&status=ok`)
      expect(none.body).toContain('No children match these filters.')
    })

    it('lists the PLA support plans that parents shared for review at schools in its area (PD-12)', async () => {
      expect((await adviser.get('/peps')).body).not.toContain('id="shared-plans"')
      const pupil = await aPupil(t.ctx, schoolA, { givenName: 'Harper', familyName: 'Adopted' })
      await anEpisode(t.ctx, pupil.id, { type: 'PLA', startDate: '2020-03-01', route: 'adoption' })
      const plan = await createPep(t.ctx, dtA.actor, pupil.id, {
        ...aReadyPep('2026-11-18'),
        kind: 'pla_support_plan',
        parentsConsentToVs: true,
        content: { parentsViews: 'We would welcome the Virtual School’s view.' },
      })
      expect(plan.status).toBe('submitted')
      const page = await adviser.get('/peps')
      const table =
        /<table class="govuk-table" id="shared-plans">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? ''
      expect(table).toContain('Harper Adopted')
      expect(table).toContain(`href="/pupils/${pupil.id}/peps/${plan.id}/decision"`)
      // Not a child looked after: not in the PEP table or its counts.
      expect(namesIn(page.body)).not.toContain('Harper Adopted')
      const decision = await adviser.get(`/pupils/${pupil.id}/peps/${plan.id}/decision`)
      expect(decision.statusCode).toBe(200)
    })
  })

  describe('for everyone else', () => {
    it.each(['governor', 'staff', 'attendance_officer', 'admin'] as const)('refuses a %s', async (role) => {
      const user = await aUser(t.ctx, role, await aSchool(t.ctx))
      const browser = new TestBrowser(t.app)
      await browser.signIn(user.user.email)
      const page = await browser.get('/peps')
      expect(page.statusCode).toBe(403)
      expect(page.body).not.toContain('Avery Overdue')
      expect((await browser.get('/account')).body).not.toContain('href="/peps"')
    })

    it('sends someone signed out to sign in', async () => {
      const page = await new TestBrowser(t.app).get('/peps')
      expect(page.statusCode).toBe(302)
      expect(page.headers.location).toMatch(/^\/sign-in/)
    })
  })
})
