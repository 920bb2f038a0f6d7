import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  behaviourRiskAssessments,
  managedMoves,
  offSiteDirections,
  suspensionRisks,
  tasks,
} from '../../../../data/schema/index.js'
import { recordSuspension } from '../../../../services/suspensions.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { anEpisode, aPupil, aSchool, aSchoolCalendar, aUser } from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'
import {
  aLookedAfterChildWithContacts,
  lettersSetUp,
  storedState,
} from '../../../../test-support/suspensions.js'
import { dateFields, errorSummary, versionOn } from './test-helpers.js'

// FIXED_NOW is Monday 23 November 2026; the calendar is CALENDAR_2026_27.
let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
let dsl: TestBrowser
let head: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  t = await buildTestApp({ now: () => FIXED_NOW })
  school = await aSchool(t.ctx)
  await aSchoolCalendar(t.ctx, school)
  await lettersSetUp(t.ctx, school)
  head = await aUser(t.ctx, 'headteacher', school)
  dsl = new TestBrowser(t.app)
  await dsl.signIn((await aUser(t.ctx, 'dsl', school)).user.email)
})
afterAll(async () => t?.close())

const at = (pupilId: string, path: string) => `/pupils/${pupilId}/suspensions/${path}`

describe('at risk of suspension (issue 6 item 2)', () => {
  it('records the Virtual School’s advice and the alternatives tried for a looked after child, and prompts an interim PEP review', async () => {
    const pupil = await aLookedAfterChildWithContacts(t.ctx, school)
    const url = at(pupil.id, 'at-risk/new')
    const form = await dsl.get(url)
    expect(form.body).toContain('id="interim-pep-prompt"')
    const res = await dsl.submit(url, url, {
      concern: 'Walked out of lessons three times this week',
      ...dateFields('openedOn', '2026-11-23'),
      ...dateFields('vsConsultation-date', '2026-11-23'),
      'vsConsultation-with': 'Jo Adviser',
      'vsConsultation-advice': 'A key adult at lunchtimes; a reduced timetable for two weeks.',
      alternatives: ['supported_playtimes', 'relationship_with_pupil'],
    })
    expect(res.statusCode).toBe(302)
    const tab = await dsl.get(`/pupils/${pupil.id}/suspensions`)
    expect(tab.body).toContain('A key adult at lunchtimes; a reduced timetable for two weeks.')
    expect(tab.body).toContain('Supported playtimes\nBuilding the relationship with the pupil')
    expect(tab.body).toContain('Consider an interim review of the pupil’s personal education plan (PEP)')
    const [prompt] = await t.ctx.db.select().from(tasks).where(eq(tasks.pupilId, pupil.id))
    expect(prompt).toMatchObject({ kind: 'interim_pep_review', assigneeRole: 'designated_teacher' })
    // One open record at a time: the way in is now to change it.
    expect((await dsl.get(url)).body).toContain('Already marked at risk of suspension')
  })

  it.each([
    ['no concern', {}, '#concern', /Say what the concern is/],
    [
      '“something else” without saying what',
      { alternatives: 'other' },
      '#alternativesOther',
      /Describe the other alternative/,
    ],
    [
      'an alternative not on the list',
      { alternatives: 'a_day_off' },
      '#alternatives',
      /Choose alternatives from the list/,
    ],
    [
      'a conversation tomorrow',
      { ...dateFields('vsConsultation-date', '2026-11-24'), 'vsConsultation-with': 'Jo' },
      '#vsConsultation-date-day',
      /must be today, 23 November 2026, or earlier/,
    ],
  ])('refuses %s; nothing is saved', async (_name, fields, href, message) => {
    const pupil = await aLookedAfterChildWithContacts(t.ctx, school)
    const url = at(pupil.id, 'at-risk/new')
    const before = await storedState(t.ctx)
    const res = await dsl.submit(url, url, {
      concern: href === '#concern' ? '' : 'Fights at lunchtime',
      ...dateFields('openedOn', '2026-11-23'),
      ...fields,
    })
    expect(res.statusCode).toBe(422)
    expect(errorSummary(res).find((e) => e.href === href)?.text).toMatch(message)
    expect(await storedState(t.ctx)).toEqual(before)
  })

  it('for a previously looked after child, asks the Virtual School only with the parents’ consent', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, { type: 'PLA', startDate: '2020-05-01', route: 'adoption' })
    const url = at(pupil.id, 'at-risk/new')
    const fields = {
      concern: 'Struggling since the move to Year 7',
      ...dateFields('openedOn', '2026-11-23'),
      ...dateFields('parentConversation-date', '2026-11-20'),
      'parentConversation-with': 'Both adoptive parents',
      ...dateFields('vsConsultation-date', '2026-11-21'),
      'vsConsultation-with': 'Jo Adviser',
    }
    const refused = await dsl.submit(url, url, fields)
    expect(refused.statusCode).toBe(422)
    expect(errorSummary(refused)[0]!.text).toMatch(/agreed before asking the Virtual School/)
    const res = await dsl.submit(url, url, { ...fields, parentConsentToVirtualSchool: 'yes' })
    expect(res.statusCode).toBe(302)
    const [row] = await t.ctx.db.select().from(suspensionRisks).where(eq(suspensionRisks.pupilId, pupil.id))
    expect(row!.parentConversation).toMatchObject({
      with: 'Both adoptive parents',
      consentToVirtualSchool: true,
    })
  })

  it('adds to the record, then closes it', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = at(pupil.id, 'at-risk/new')
    await dsl.submit(url, url, { concern: 'Low-level disruption', ...dateFields('openedOn', '2026-11-16') })
    const [row] = await t.ctx.db.select().from(suspensionRisks).where(eq(suspensionRisks.pupilId, pupil.id))
    const edit = at(pupil.id, `at-risk/${row!.id}/edit`)
    const form = await dsl.get(edit)
    const saved = await dsl.submit(edit, edit, {
      version: versionOn(form),
      concern: 'Low-level disruption',
      alternatives: ['other'],
      alternativesOther: 'Lunchtime Lego club',
    })
    expect(saved.statusCode).toBe(302)
    // A stale version is a conflict, never a lost update.
    const stale = await dsl.submit(edit, edit, { version: versionOn(form), concern: 'Changed' })
    expect(stale.statusCode).toBe(409)
    const close = at(pupil.id, `at-risk/${row!.id}/close`)
    const closeForm = await dsl.get(close)
    const early = await dsl.submit(close, close, {
      version: versionOn(closeForm),
      ...dateFields('closedOn', '2026-11-01'),
    })
    expect(errorSummary(early)[0]).toEqual({
      href: '#closedOn-day',
      text: 'Enter a date from 16 November 2026 to today, 23 November 2026',
    })
    const closed = await dsl.submit(close, close, {
      version: versionOn(closeForm),
      note: 'Settled after the club started',
      ...dateFields('closedOn', '2026-11-23'),
    })
    expect(closed.statusCode).toBe(302)
    const tab = await dsl.get(`/pupils/${pupil.id}/suspensions`)
    expect(tab.body).toContain('This pupil is not marked at risk of suspension.')
    expect(tab.body).toContain('Earlier at-risk records (1)')
    expect(tab.body).toContain('Settled after the club started')
    const [closedRow] = await t.ctx.db.select().from(suspensionRisks).where(eq(suspensionRisks.id, row!.id))
    expect(closedRow).toMatchObject({ status: 'closed', otherAlternatives: 'Lunchtime Lego club' })
  })
})

describe('the risk assessment after repeated suspensions (POL-22)', () => {
  it('is due after the second suspension; recorded with actions and who it was shared with, it closes that duty', async () => {
    const pupil = await aPupil(t.ctx, school)
    await recordSuspension(t.ctx, head.actor, pupil.id, { startDate: '2026-11-09', days: 1, reasons: ['DB'] })
    await recordSuspension(t.ctx, head.actor, pupil.id, { startDate: '2026-11-23', days: 1, reasons: ['DB'] })
    const tab = await dsl.get(`/pupils/${pupil.id}/suspensions`)
    expect(tab.body).toContain('Complete a trauma-informed risk assessment')
    const url = at(pupil.id, 'risk-assessments/new')
    const form = await dsl.get(url)
    expect(form.body).toContain('What helps the child feel safe and settled')
    const none = await dsl.submit(url, url, {
      ...dateFields('completedOn', '2026-11-23'),
      ...dateFields('reviewOn', '2027-01-11'),
    })
    expect(none.statusCode).toBe(422)
    expect(errorSummary(none)).toContainEqual({ href: '#actions-0-action', text: 'Add at least one action' })
    const res = await dsl.submit(url, url, {
      ...dateFields('completedOn', '2026-11-23'),
      'content-whatHelps': 'A calm start in the nurture room',
      'actions-0-action': 'Meet-and-greet each morning',
      'actions-0-who': 'Learning mentor',
      'actions-1-action': '',
      'actions-1-who': '',
      sharedWith: ['child', 'staff'],
      ...dateFields('reviewOn', '2027-01-11'),
    })
    expect(res.statusCode).toBe(302)
    const after = await dsl.get(`/pupils/${pupil.id}/suspensions`)
    expect(after.body).toContain('Meet-and-greet each morning (Learning mentor)')
    expect(after.body).toContain('The child, All staff who work with the child')
    // The policy asks for the parents too: said beside the success message.
    expect(after.body).toContain('Not yet shared with: parents or carers')
    expect(after.body).not.toMatch(/Complete a trauma-informed risk assessment<\/td>/)
    const [stored] = await t.ctx.db
      .select()
      .from(behaviourRiskAssessments)
      .where(eq(behaviourRiskAssessments.pupilId, pupil.id))
    expect(stored!.content).toEqual({ whatHelps: 'A calm start in the nurture room' })
  })
})

describe('off-site directions and managed moves (EX-14, EX-15)', () => {
  it('refuses an off-site direction whose notice cannot reach the parents in time; records one that can', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = at(pupil.id, 'off-site-directions/new')
    const fields = {
      provider: 'The Bridge Centre',
      address: '2 Mill Lane, Hertford',
      contact: 'Ali Lead, 01992 000000',
      daysAndTimes: 'Mondays and Tuesdays, 9am to 3pm',
      reasons: 'To work on managing anger in a small group',
      ...dateFields('startDate', '2026-11-24'),
      ...dateFields('endDate', '2026-12-18'),
      reviewIntervalWeeks: '2',
      inSchoolSupportTried: 'yes',
    }
    const before = await storedState(t.ctx)
    const late = await dsl.submit(url, url, fields)
    expect(late.statusCode).toBe(422)
    expect(errorSummary(late)[0]!.text).toMatch(/at least 2 school days before the start/)
    expect(await storedState(t.ctx)).toEqual(before)
    const res = await dsl.submit(url, url, { ...fields, ...dateFields('startDate', '2026-11-30') })
    expect(res.statusCode).toBe(302)
    const [row] = await t.ctx.db
      .select()
      .from(offSiteDirections)
      .where(eq(offSiteDirections.pupilId, pupil.id))
    expect(row).toMatchObject({ provider: 'The Bridge Centre', nextReviewOn: '2026-12-14' })
    // A review held: the next one follows at the interval.
    const edit = at(pupil.id, `off-site-directions/${row!.id}/edit`)
    const form = await dsl.get(edit)
    const saved = await dsl.submit(edit, edit, {
      version: versionOn(form),
      ...dateFields('review-heldOn', '2026-11-23'),
      'review-notes': 'Settling in well',
      ...dateFields('endDate', '2026-12-18'),
      status: 'planned',
    })
    expect(saved.statusCode).toBe(302)
    expect((await dsl.get(`/pupils/${pupil.id}/suspensions`)).body).toContain(
      'The next review is due on 7 December 2026',
    )
  })

  it('refuses a managed move with a trial period; records a proposed one', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = at(pupil.id, 'managed-moves/new')
    const fields = {
      receivingSchool: 'Hertford Academy',
      reason: 'A fresh start closer to the new placement',
      status: 'proposed',
    }
    const trial = await dsl.submit(url, url, { ...fields, trialPeriod: 'yes' })
    expect(trial.statusCode).toBe(422)
    expect(errorSummary(trial)[0]).toEqual({
      href: '#trialPeriod',
      text: 'A managed move is permanent and cannot have a trial period. For a temporary move, use an off-site direction',
    })
    const res = await dsl.submit(url, url, fields)
    expect(res.statusCode).toBe(302)
    const [row] = await t.ctx.db.select().from(managedMoves).where(eq(managedMoves.pupilId, pupil.id))
    // Agreed needs everyone's agreement: the parents' missing is named, at its date.
    const edit = at(pupil.id, `managed-moves/${row!.id}/edit`)
    const form = await dsl.get(edit)
    const agreed = await dsl.submit(edit, edit, {
      ...fields,
      version: versionOn(form),
      status: 'agreed',
      ...dateFields('receivingSchoolAgreedOn', '2026-11-20'),
      ...dateFields('admissionAuthorityAgreedOn', '2026-11-20'),
      ...dateFields('moveDate', '2027-01-05'),
      interventionsTried: 'Mentoring',
    })
    expect(agreed.statusCode).toBe(422)
    expect(errorSummary(agreed).map((e) => e.href)).toContain('#parentsAgreedOn-day')
  })
})
