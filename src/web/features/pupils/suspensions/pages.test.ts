import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outbox, suspensionNotices, tasks } from '../../../../data/schema/index.js'
import { recordSuspension } from '../../../../services/suspensions.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aPupil, aSchool, aSchoolCalendar, aUser } from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'
import {
  aLookedAfterChildWithContacts,
  lettersSetUp,
  REPRESENTATIONS_TO,
  SOCIAL_WORKER_EMAIL,
  VIRTUAL_SCHOOL_EMAIL,
} from '../../../../test-support/suspensions.js'
import { dateFields, errorSummary, versionOn } from './test-helpers.js'

// FIXED_NOW is Monday 23 November 2026. CALENDAR_2026_27: Friday 27 November is an INSET day.
let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
let head: TestBrowser
let dsl: TestBrowser
let dt: TestBrowser
let headActor: Awaited<ReturnType<typeof aUser>>['actor']

beforeAll(async () => {
  t = await buildTestApp({ now: () => FIXED_NOW })
  school = await aSchool(t.ctx, { name: 'Harbour Primary' })
  await aSchoolCalendar(t.ctx, school)
  await lettersSetUp(t.ctx, school)
  const headUser = await aUser(t.ctx, 'headteacher', school, { name: 'Hana Head' })
  headActor = headUser.actor
  head = new TestBrowser(t.app)
  await head.signIn(headUser.user.email)
  dsl = new TestBrowser(t.app)
  await dsl.signIn((await aUser(t.ctx, 'dsl', school)).user.email)
  dt = new TestBrowser(t.app)
  await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
})
afterAll(async () => t?.close())

/** The record-a-suspension form for Tuesday 24 November, 3 days, persistent disruption. */
const aForm = (over: Record<string, string | string[]> = {}) => ({
  ...dateFields('startDate', '2026-11-24'),
  kind: 'days',
  days: '3',
  reasons: 'DB',
  ...over,
})
const vsConsulted = {
  ...dateFields('vsConsultation-date', '2026-11-20'),
  'vsConsultation-with': 'Jo Adviser, Hertfordshire Virtual School',
  'vsConsultation-advice': 'Try a reduced timetable before suspending.',
}
const newUrl = (pupilId: string) => `/pupils/${pupilId}/suspensions/new`

describe('the behaviour and suspensions tab', () => {
  it('is linked from the pupil’s page and shows the days this school year out of 45', async () => {
    const pupil = await aPupil(t.ctx, school)
    const record = await dt.get(`/pupils/${pupil.id}`)
    expect(record.body).toContain(`href="/pupils/${pupil.id}/suspensions"`)
    const tab = await dt.get(`/pupils/${pupil.id}/suspensions`)
    expect(tab.statusCode).toBe(200)
    expect(tab.body).toContain('Days of suspension, 2026 to 2027')
    expect(tab.body).toContain('0 of 45 school days')
    expect(tab.body).toContain('No suspension or exclusion has been recorded.')
    // Only the headteacher records a suspension; the designated teacher may mark the pupil at risk.
    expect(tab.body).not.toContain('id="record-suspension"')
    expect(tab.body).toContain('id="mark-at-risk"')
    expect((await head.get(`/pupils/${pupil.id}/suspensions`)).body).toContain('id="record-suspension"')
  })

  it('shows each suspension in words, the override reason prominently, and the days per term', async () => {
    const pupil = await aLookedAfterChildWithContacts(t.ctx, school)
    await recordSuspension(t.ctx, headActor, pupil.id, {
      startDate: '2026-11-24',
      days: 2.5,
      reasons: ['VA', 'DM'],
      overrideReason: 'The Virtual School could not be reached before the end of the day',
    })
    const tab = await dsl.get(`/pupils/${pupil.id}/suspensions`)
    expect(tab.body).toContain('2.5 of 45 school days')
    expect(tab.body).toMatch(/Autumn term[\s\S]*?2\.5 school days/)
    expect(tab.body).toContain('Verbal abuse or threatening behaviour against an adult')
    expect(tab.body).toContain('Damage to property')
    expect(tab.body).toContain('24 November 2026 to 26 November 2026')
    expect(tab.body).toMatch(
      /govuk-warning-text[\s\S]*?The reason given: The Virtual School could not be reached before the end of the day/,
    )
    // Its duties with due dates, and its letters with whether they were sent.
    expect(tab.body).toContain('Tell the governing board')
    expect(tab.body).toContain(SOCIAL_WORKER_EMAIL)
    expect(tab.body).toContain('Waiting to be sent')
  })
})

describe('recording a suspension: the form, "Check your answers", the letters (issue 6 item 3)', () => {
  let pupilId: string
  let suspensionPath: string

  beforeAll(async () => {
    pupilId = (await aLookedAfterChildWithContacts(t.ctx, school, { familyName: 'Journey' })).id
  })

  it('fills in the Virtual School’s advice from the at-risk record', async () => {
    const url = `/pupils/${pupilId}/suspensions/at-risk/new`
    const res = await dsl.submit(url, url, {
      concern: 'Three incidents in a week',
      ...dateFields('openedOn', '2026-11-23'),
      ...vsConsulted,
      alternatives: ['time_out_of_class', 'supported_playtimes'],
    })
    expect(res.statusCode).toBe(302)
    const form = await head.get(newUrl(pupilId))
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('value="Jo Adviser, Hertfordshire Virtual School"')
    expect(form.body).toContain('Filled in from the at-risk record opened on 23 November 2026')
  })

  it('will not open "Check your answers" before the form is filled in', async () => {
    const other = await aPupil(t.ctx, school)
    const res = await head.get(`/pupils/${other.id}/suspensions/new/check`)
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(newUrl(other.id))
  })

  it('checks the answers: each with a Change link, the school days, the duties and their due dates', async () => {
    const res = await head.submit(
      newUrl(pupilId),
      newUrl(pupilId),
      aForm({ ...vsConsulted, reasons: ['DB', 'VA'] }),
    )
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`${newUrl(pupilId)}/check`)
    const check = await head.get(`${newUrl(pupilId)}/check`)
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Check your answers before recording')
    expect(check.body).toContain('Suspension for 3 school days')
    expect(check.body).toContain(`href="${newUrl(pupilId)}#reasons"`)
    expect(check.body).toContain('Persistent or general disruptive behaviour')
    expect(check.body).toContain('24 November 2026, 25 November 2026, 26 November 2026')
    expect(check.body).toContain('3 school days. 42 of the 45 allowed are left')
    expect(check.body).toMatch(
      /Tell the Virtual School Head<\/td>\s*<td class="govuk-table__cell">24 November 2026/,
    )
    // Change: the form comes back as it was filled in.
    const again = await head.get(newUrl(pupilId))
    expect(again.body).toMatch(/value="VA" checked/)
    expect(again.body).toMatch(/id="days" name="days"[^>]*value="3"/)
  })

  it('records it, and shows the parent letter as drafted and who was sent what', async () => {
    const check = `${newUrl(pupilId)}/check`
    const res = await head.submit(check, check, {})
    expect(res.statusCode).toBe(302)
    suspensionPath = String(res.headers.location)
    expect(suspensionPath).toMatch(new RegExp(`^/pupils/${pupilId}/suspensions/[0-9a-f-]{36}$`))
    const page = await head.get(suspensionPath)
    expect(page.body).toContain('Suspension recorded')
    expect(page.body).toContain('Notice of the suspension: to Parents or carers')
    expect(page.body).toContain(
      'I have decided to suspend Robin Journey from Harbour Primary for 3 school days',
    )
    expect(page.body).toContain(REPRESENTATIONS_TO)
    expect(page.body).toContain('Robin Journey is expected back at school on 30 November 2026')
    expect(page.body).toContain('to Social worker')
    expect(page.body).toContain(SOCIAL_WORKER_EMAIL)
    expect(page.body).toContain(VIRTUAL_SCHOOL_EMAIL)
    // PD-7, PEP-8: the prompt for an interim PEP review comes back as a warning beside the success message.
    expect(page.body).toContain('interim')
    const emailed = await t.ctx.db.select().from(outbox).where(eq(outbox.pupilId, pupilId))
    expect(emailed.map((e) => e.toAddress)).toEqual(
      expect.arrayContaining([SOCIAL_WORKER_EMAIL, VIRTUAL_SCHOOL_EMAIL]),
    )
    // The form is done with: "Check your answers" goes back to the start.
    expect((await head.get(check)).headers.location).toBe(newUrl(pupilId))
  })

  it('counts it on the tab: 3 of 45, 42 left', async () => {
    const tab = await head.get(`/pupils/${pupilId}/suspensions`)
    expect(tab.body).toContain('3 of 45 school days')
    expect(tab.body).toContain('42 school days')
  })

  it('cancels it with a reason; everyone is told and it no longer counts', async () => {
    const url = `${suspensionPath}/cancel`
    const form = await head.get(url)
    const empty = await head.submit(url, url, {
      version: versionOn(form),
      reason: '',
      ...dateFields('cancelledOn', '2026-11-23'),
    })
    expect(empty.statusCode).toBe(422)
    expect(errorSummary(empty)).toEqual([
      { href: '#reason', text: 'Enter why the exclusion is being cancelled' },
    ])
    const res = await head.submit(url, url, {
      version: versionOn(form),
      reason: 'New evidence shows Robin was not involved',
      ...dateFields('cancelledOn', '2026-11-23'),
    })
    expect(res.statusCode).toBe(302)
    const page = await head.get(suspensionPath)
    expect(page.body).toContain('Cancelled: suspension of Robin Journey, Harbour Primary')
    expect(page.body).toContain('New evidence shows Robin was not involved')
    expect((await head.get(`/pupils/${pupilId}/suspensions`)).body).toContain('0 of 45 school days')
  })
})

describe('after recording: the sixth day and the duties', () => {
  it('records education from the sixth day; the parents are sent the details', async () => {
    const pupil = await aLookedAfterChildWithContacts(t.ctx, school)
    const { id } = await recordSuspension(t.ctx, headActor, pupil.id, {
      startDate: '2026-11-30',
      days: 6,
      reasons: ['PP'],
      vsConsultation: { date: '2026-11-23', with: 'Jo Adviser' },
    })
    const show = await dt.get(`/pupils/${pupil.id}/suspensions/${id}`)
    expect(show.body).toContain('Arrange full-time education from the sixth day')
    expect(show.body).toMatch(
      /Arrange full-time education from the sixth day<\/td>\s*<td[^>]*>7 December 2026/,
    )
    const url = `/pupils/${pupil.id}/suspensions/${id}/day6-provision`
    const form = await dt.get(url)
    expect(form.body).toContain('For this suspension that is from 7 December 2026')
    const missing = await dt.submit(url, url, {
      version: versionOn(form),
      where: '',
      hours: '',
      ...dateFields('from', '2026-12-07'),
    })
    expect(missing.statusCode).toBe(422)
    expect(errorSummary(missing).map((e) => e.href)).toEqual(['#where', '#hours'])
    const res = await dt.submit(url, url, {
      version: versionOn(form),
      where: 'The Bridge Centre, Hertford',
      hours: '9am to 3pm each day',
      ...dateFields('from', '2026-12-07'),
    })
    expect(res.statusCode).toBe(302)
    const page = await dt.get(`/pupils/${pupil.id}/suspensions/${id}`)
    expect(page.body).toContain('From 7 December 2026, Robin')
    expect(page.body).toContain('will be taught at The Bridge Centre, Hertford, 9am to 3pm each day')
    const [letter] = await t.ctx.db
      .select()
      .from(suspensionNotices)
      .where(and(eq(suspensionNotices.suspensionId, id), eq(suspensionNotices.purpose, 'day6_provision')))
    expect(letter!.recipient).toBe('parent')
  })

  it('marks a duty done with a note; its task closes', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { id } = await recordSuspension(t.ctx, headActor, pupil.id, {
      startDate: '2026-12-01',
      days: 1,
      reasons: ['TH'],
    })
    const show = await dsl.get(`/pupils/${pupil.id}/suspensions/${id}`)
    // No address for the local authority's notices in this school: a duty for staff.
    const link = new RegExp(
      `href="(/pupils/${pupil.id}/suspensions/obligations/[0-9a-f-]{36}/done)">Mark done<span class="govuk-visually-hidden">: Tell the local authority`,
    ).exec(show.body)
    expect(link).not.toBeNull()
    const res = await dsl.submit(link![1]!, link![1]!, { note: 'Emailed the exclusions team by hand' })
    expect(res.statusCode).toBe(302)
    const page = await dsl.get(`/pupils/${pupil.id}/suspensions/${id}`)
    expect(page.body).toContain('Emailed the exclusions team by hand')
    const [task] = await t.ctx.db
      .select()
      .from(tasks)
      .where(eq(tasks.sourceKey, `suspension:${id}:notify_local_authority`))
    expect(task!.doneAt).not.toBeNull()
  })
})
