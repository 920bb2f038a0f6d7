import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { suspensions } from '../../../../data/schema/index.js'
import { recordSuspension } from '../../../../services/suspensions.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aPupil, aSchool, aSchoolCalendar, aUser } from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'
import {
  aLookedAfterChildWithContacts,
  lettersSetUp,
  storedState,
} from '../../../../test-support/suspensions.js'
import { dateFields, errorSummary, versionOn } from './test-helpers.js'

// FIXED_NOW is Monday 23 November 2026. CALENDAR_2026_27: Friday 27 November is an INSET day.
let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
let head: TestBrowser
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
const newUrl = (pupilId: string) => `/pupils/${pupilId}/suspensions/new`

describe('the bad input of issue 6, through the pages: a clear message, nothing changed', () => {
  let plain: { id: string }
  let cla: { id: string }
  let full: { id: string }
  let notYetOnRoll: { id: string }

  beforeAll(async () => {
    plain = await aPupil(t.ctx, school)
    cla = await aLookedAfterChildWithContacts(t.ctx, school)
    notYetOnRoll = await aPupil(t.ctx, school, { enrolledOn: '2026-12-01' })
    // 45 school days from the first day of the autumn term: the legal limit, reached.
    full = await aPupil(t.ctx, school)
    await recordSuspension(t.ctx, headActor, full.id, { startDate: '2026-09-03', days: 45, reasons: ['DB'] })
  })

  it.each([
    ['a 46th day', () => full.id, aForm({ days: '1' }), '#days', /already been suspended for 45 school days/],
    [
      'a start on a Saturday',
      () => plain.id,
      aForm(dateFields('startDate', '2026-11-28')),
      '#startDate-day',
      /28 November 2026 is not a school day/,
    ],
    [
      'a start on an INSET day',
      () => plain.id,
      aForm(dateFields('startDate', '2026-11-27')),
      '#startDate-day',
      /27 November 2026 is not a school day/,
    ],
    [
      'half a day that is not a lunchtime',
      () => plain.id,
      aForm({ days: '0.5' }),
      '#days',
      /Half a school day can only be a lunchtime suspension/,
    ],
    [
      'a looked after child without consultation or override',
      () => cla.id,
      aForm(),
      '#vsConsultation-date-day',
      /This pupil is looked after/,
    ],
    [
      'an unknown reason code',
      () => plain.id,
      aForm({ reasons: 'ZZ' }),
      '#reasons',
      /‘ZZ’ is not a reason code/,
    ],
    [
      'more than 3 reasons',
      () => plain.id,
      aForm({ reasons: ['DB', 'VA', 'DM', 'TH'] }),
      '#reasons',
      /no more than 3 reasons/,
    ],
    [
      'a pupil not on roll on the start date',
      () => notYetOnRoll.id,
      aForm(),
      '#startDate-day',
      /was not on roll at Harbour Primary on 24 November 2026/,
    ],
  ])('%s', async (_name, pupilOf, fields, href, message) => {
    const url = newUrl(pupilOf())
    const before = await storedState(t.ctx)
    const res = await head.submit(url, url, fields)
    expect(res.statusCode).toBe(422)
    const problem = errorSummary(res).find((e) => e.href === href)
    expect(problem?.text, JSON.stringify(errorSummary(res))).toMatch(message)
    expect(await storedState(t.ctx)).toEqual(before)
  })

  it('a lunchtime is half a day: accepted as one, and counted as 0.5', async () => {
    const url = newUrl(plain.id)
    const res = await head.submit(url, url, aForm({ kind: 'lunchtime', days: '' }))
    expect(res.statusCode).toBe(302)
    const check = await head.get(`${url}/check`)
    expect(check.body).toContain('Lunchtime suspension (half a school day)')
    expect(check.body).toContain('to 0.5 school days')
  })

  it('a looked after child with an override reason instead: allowed, and the reason shown', async () => {
    const url = newUrl(cla.id)
    const res = await head.submit(
      url,
      url,
      aForm({ overrideReason: 'A serious assault on a member of staff' }),
    )
    expect(res.statusCode).toBe(302)
    const check = await head.get(`${url}/check`)
    expect(check.body).toContain('This will be recorded without the conversation the rules require')
    expect(check.body).toContain('A serious assault on a member of staff')
  })

  it('a second governing board decision for the same exclusion', async () => {
    const { id } = await recordSuspension(t.ctx, headActor, plain.id, {
      startDate: '2026-12-07',
      days: 6,
      reasons: ['PA'],
    })
    const url = `/pupils/${plain.id}/suspensions/${id}/board-decision`
    const form = await head.get(url)
    const decision = { version: versionOn(form), ...dateFields('meetingOn', '2026-11-23'), outcome: 'uphold' }
    // The board cannot have met before the exclusion started.
    const early = await head.submit(url, url, decision)
    expect(early.statusCode).toBe(422)
    expect(errorSummary(early)[0]).toEqual({
      href: '#meetingOn-day',
      text: 'The date of the decision must be on or after the exclusion started on 7 December 2026',
    })
    // Recorded once, straight through the service's rules, by the board meeting on the start day…
    await t.ctx.db
      .update(suspensions)
      .set({ boardDecision: 'upheld', boardMeetingOn: '2026-12-07' })
      .where(eq(suspensions.id, id))
    const before = await storedState(t.ctx)
    // The form is not offered again (it goes back to the suspension), but a second post is refused.
    const suspensionPage = `/pupils/${plain.id}/suspensions/${id}`
    expect((await head.get(url)).headers.location).toBe(suspensionPage)
    const again = await head.submit(suspensionPage, url, decision)
    expect(again.statusCode).toBe(422)
    expect(errorSummary(again)).toContainEqual({
      href: '#outcome',
      text: 'The governing board’s decision on this exclusion has already been recorded',
    })
    expect(await storedState(t.ctx)).toEqual(before)
  })
})
