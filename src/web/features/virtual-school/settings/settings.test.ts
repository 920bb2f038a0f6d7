import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, virtualSchoolSettings } from '../../../../data/schema/index.js'
import { DEFAULT_RUBRIC } from '../../../../domain/pep/workflow.js'
import { previewSuspension } from '../../../../services/suspensions.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import {
  aClaEpisode,
  anEpisode,
  aPupil,
  aSchool,
  aSchoolCalendar,
  aUser,
} from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'

const URL = '/virtual-school/settings'

type Row = [value: string, label: string, criteria: string, approvable: boolean]

/** The rubric rows of the form: five, empty after those given. */
function rubricRows(rows: Row[]): Record<string, string> {
  const fields: Record<string, string> = {}
  for (let i = 0; i < 5; i++) {
    const [value, label, criteria, approvable] = rows[i] ?? ['', '', '', false]
    fields[`rubric-${i}-value`] = value
    fields[`rubric-${i}-label`] = label
    fields[`rubric-${i}-criteria`] = criteria
    if (approvable) fields[`rubric-${i}-approvable`] = 'yes'
  }
  return fields
}

/** The whole form as a browser sends it: the defaults with `change` over them, and the rubric given. */
function aForm(
  change: Record<string, string | string[]> = {},
  rubric: Row[] = DEFAULT_RUBRIC.map((l) => [l.value, l.label, l.criteria, l.approvable]),
): Record<string, string | string[]> {
  return {
    version: '0',
    cadence: 'termly',
    changeReviewDays: '20',
    changeReviewClock: 'school',
    minimumAge: '2',
    ...rubricRows(rubric),
    ...change,
  }
}

const errorSummaryLinks = (body: string) =>
  [...body.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])

const checked = (body: string, name: string) =>
  [...body.matchAll(new RegExp(`name="${name}" type="(?:radio|checkbox)" value="([^"]+)" checked`, 'g'))].map(
    (m) => m[1],
  )

describe('/virtual-school/settings (issue 4 items 1 and 3)', () => {
  let t: TestApp
  let head: TestBrowser
  let adviser: TestBrowser
  let otherHead: TestBrowser
  let headUserId: string

  const stored = async (laCode = '919') =>
    (await t.ctx.db.select().from(virtualSchoolSettings).where(eq(virtualSchoolSettings.laCode, laCode)))[0]

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    const signedIn = async (role: 'vs_head' | 'vs_adviser', laCode: string) => {
      const { user } = await aUser(t.ctx, role, null, { laCode })
      const browser = new TestBrowser(t.app)
      await browser.signIn(user.email)
      return { browser, id: user.id }
    }
    const h = await signedIn('vs_head', '919')
    head = h.browser
    headUserId = h.id
    adviser = (await signedIn('vs_adviser', '919')).browser
    otherHead = (await signedIn('vs_head', '204')).browser
  })
  afterAll(async () => t?.close())

  it('is linked from the PEP dashboard, and opens on the defaults with nothing stored', async () => {
    const dashboard = await head.get('/peps')
    expect(dashboard.body).toContain('href="/virtual-school/settings"')
    expect(dashboard.body).toContain('Change when PEPs are due and how they are rated')

    const page = await head.get(URL)
    expect(page.statusCode).toBe(200)
    expect(checked(page.body, 'cadence')).toEqual(['termly'])
    expect(checked(page.body, 'changeReviewClock')).toEqual(['school'])
    expect(checked(page.body, 'minimumAge')).toEqual(['2'])
    expect(checked(page.body, 'includeShortBreaks')).toEqual([])
    expect(checked(page.body, 'claDayOneProvision')).toEqual([])
    expect(page.body).toMatch(/name="changeReviewDays" type="text"[^>]*value="20"/)
    expect(page.body).toContain('name="version" value="0"')
    // The default rubric, then empty rows up to five.
    expect(page.body).toMatch(/name="rubric-2-value" type="text"[^>]*value="red"/)
    expect(page.body).toMatch(/name="rubric-3-value" type="text"[^>]*value=""/)
    expect(checked(page.body, 'rubric-2-approvable')).toEqual([])
    expect(page.body).not.toContain('name="rubric-5-value"')
  })

  it('refuses bad settings with an error summary linked to each field, keeps what was typed, saves nothing', async () => {
    const res = await head.submit(
      URL,
      URL,
      aForm({ cadence: 'custom', changeReviewDays: '0' }, [
        ['good', 'Good', 'Complete', false],
        ['good', 'Also good', 'Complete too', false],
      ]),
    )
    expect(res.statusCode).toBe(422)
    expect(errorSummaryLinks(res.body)).toEqual([
      ['customDueMonths', 'Choose at least one month when a PEP is due'],
      ['changeReviewDays', 'Enter the number of days for a review after a change, from 1 to 100'],
      ['rubric-1-value', 'The short name for rating 2 is used by another rating'],
      ['rubric', 'At least one rating must let a PEP be approved'],
    ])
    expect(checked(res.body, 'cadence')).toEqual(['custom'])
    expect(res.body).toMatch(/name="changeReviewDays" type="text"[^>]*value="0"/)
    expect(res.body).toMatch(/name="rubric-1-label" type="text"[^>]*value="Also good"/)
    expect(await stored()).toBeUndefined()
  })

  it('refuses 101 days and a custom cadence without months, each on its own', async () => {
    const days = await head.submit(URL, URL, aForm({ changeReviewDays: '101' }))
    expect(days.statusCode).toBe(422)
    expect(errorSummaryLinks(days.body).map(([id]) => id)).toEqual(['changeReviewDays'])
    const months = await head.submit(URL, URL, aForm({ cadence: 'custom' }))
    expect(errorSummaryLinks(months.body).map(([id]) => id)).toEqual(['customDueMonths'])
    expect(await stored()).toBeUndefined()
  })

  it('lets the adviser read the settings but not save them', async () => {
    const page = await adviser.get(URL)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('<form method="post" action="/virtual-school/settings"')
    expect(page.body).toContain('Every term')
    expect((await adviser.get('/peps')).body).toContain('See when PEPs are due and how they are rated')

    const res = await adviser.submit(URL, URL, aForm({ cadence: 'twice_yearly' }))
    expect(res.statusCode).toBe(403)
    expect(await stored()).toBeUndefined()
  })

  it('saves the head’s settings, ignoring blank rubric rows, and says so', async () => {
    const res = await head.submit(
      URL,
      URL,
      aForm(
        {
          cadence: 'custom',
          customDueMonths: ['2', '10', '6'],
          changeReviewDays: '15',
          changeReviewClock: 'working',
          includeShortBreaks: 'yes',
          minimumAge: '3',
        },
        [
          ['outstanding', 'Outstanding', 'Exemplary', true],
          // A row left blank is ignored, its tick too.
          ['', '', '', true],
          ['good', 'Good', 'Every section complete', true],
          ['inadequate', '<b>Inadequate</b>', 'Sections missing', false],
        ],
      ),
    )
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(URL)

    const row = await stored()
    expect(row!.version).toBe(1)
    expect(row!.settings).toEqual({
      schedule: {
        cadence: 'custom',
        customDueMonths: [10, 2, 6],
        changeReviewDays: 15,
        changeReviewClock: 'working',
        includeShortBreaks: true,
        minimumAge: 3,
      },
      rubric: [
        { value: 'outstanding', label: 'Outstanding', criteria: 'Exemplary', approvable: true },
        { value: 'good', label: 'Good', criteria: 'Every section complete', approvable: true },
        { value: 'inadequate', label: '<b>Inadequate</b>', criteria: 'Sections missing', approvable: false },
      ],
      claDayOneProvision: false,
    })
    const [event] = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.entityId, '919'))
    expect(event).toMatchObject({ action: 'virtual_school.settings_changed', actorUserId: headUserId })

    const page = await head.get(URL)
    expect(page.body).toContain('Your settings have been saved')
    expect(checked(page.body, 'cadence')).toEqual(['custom'])
    expect(checked(page.body, 'customDueMonths')).toEqual(['10', '2', '6'])
    expect(checked(page.body, 'includeShortBreaks')).toEqual(['yes'])
    expect(page.body).toContain('name="version" value="1"')
    expect(page.body).toContain('&lt;b&gt;Inadequate&lt;/b&gt;')
    expect(page.body).not.toContain('<b>Inadequate</b>')

    // The adviser reads them in words.
    const read = await adviser.get(URL)
    expect(read.body).toContain('By the end of October, February, June')
    expect(read.body).toContain('Within 15 working days')
    expect(read.body).toContain('&lt;b&gt;Inadequate&lt;/b&gt;')
    expect(read.body).toContain('From the sixth day, as the law requires')
  })

  it('shows another Virtual School’s head their own settings, never this one’s', async () => {
    const page = await otherHead.get(URL)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Virtual School for local authority 204')
    expect(checked(page.body, 'cadence')).toEqual(['termly'])
    expect(page.body).not.toContain('outstanding')

    const before = await stored('919')
    const res = await otherHead.submit(URL, URL, aForm({ cadence: 'twice_yearly' }))
    expect(res.statusCode).toBe(303)
    expect((await stored('204'))!.settings).toMatchObject({ schedule: { cadence: 'twice_yearly' } })
    expect(await stored('919')).toEqual(before)
  })

  it('refuses a save made from a page opened before someone else’s save (409), keeping theirs', async () => {
    const opened = await head.get(URL)
    const version = /name="version" value="(\d+)"/.exec(opened.body)![1]!
    const first = await head.submit(URL, URL, aForm({ version, cadence: 'termly', minimumAge: '2' }))
    expect(first.statusCode).toBe(303)
    const after = await stored()

    const stale = await head.submit(URL, URL, aForm({ version, cadence: 'twice_yearly' }))
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this record')
    expect(stale.body).toContain(`href="${URL}"`)
    expect(await stored()).toEqual(after)
  })

  it('is not for a school’s staff, and their dashboard does not offer it', async () => {
    const school = await aSchool(t.ctx)
    const { user } = await aUser(t.ctx, 'designated_teacher', school)
    const dt = new TestBrowser(t.app)
    await dt.signIn(user.email)
    expect((await dt.get(URL)).statusCode).toBe(403)
    expect((await dt.get('/peps')).body).not.toContain('/virtual-school/settings')
  })

  it('saves the day-one expectation for suspensions, and a school recording one of its children’s sees it (PD-7, EX-8)', async () => {
    // A child looked after by 919 at a school, and the check its headteacher sees before recording a suspension.
    const school = await aSchool(t.ctx)
    await aSchoolCalendar(t.ctx, school)
    const schoolHead = await aUser(t.ctx, 'headteacher', school)
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: '919' }))
    const dayOneWarning = async () =>
      (
        await previewSuspension(t.ctx, schoolHead.actor, pupil.id, {
          startDate: '2026-11-23',
          days: 2,
          reasons: ['DB'],
          vsConsultation: { date: '2026-11-20', with: 'Jo Adviser' },
        })
      ).warnings.find((w) => w.code === 'cla_day_one_provision')
    expect(await dayOneWarning()).toBeUndefined()

    const version = /name="version" value="(\d+)"/.exec((await head.get(URL)).body)![1]!
    const res = await head.submit(URL, URL, aForm({ version, claDayOneProvision: 'yes' }))
    expect(res.statusCode).toBe(303)
    const row = await stored()
    expect(row!.settings).toMatchObject({ claDayOneProvision: true })
    const changes = (
      await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.entityId, '919'))
    ).flatMap((e) => (e.details as { changes: unknown[] }).changes)
    expect(changes).toContainEqual({ field: 'claDayOneProvision', from: false, to: true })

    expect(checked((await head.get(URL)).body, 'claDayOneProvision')).toEqual(['yes'])
    expect((await adviser.get(URL)).body).toContain('Expected from the first day of the suspension')
    expect((await dayOneWarning())!.message).toMatch(/from the first day of a suspension/)

    // Unticked, the browser sends nothing: that turns it off again.
    const off = await head.submit(URL, URL, aForm({ version: String(row!.version) }))
    expect(off.statusCode).toBe(303)
    expect((await stored())!.settings).toMatchObject({ claDayOneProvision: false })
    expect(await dayOneWarning()).toBeUndefined()
  })
})
