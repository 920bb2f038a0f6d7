import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  outbox,
  schools,
  suspensionNotices,
  suspensionObligations,
  suspensions,
  tasks,
} from '../../data/schema/index.js'
import { addContact } from '../../services/contacts.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aSchoolCalendar } from '../../test-support/builders.js'

// Monday 23 November 2026. The calendar is CALENDAR_2026_27: Friday 27 November 2026 is an INSET day.
const NOW = new Date('2026-11-23T10:00:00Z')

type Obligation = { kind: string; dueBy: string }
type Problem = { status: number; errors: Array<{ path: string; message: string }> }

describe('/api/v1/pupils/{id}/suspensions', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let head: ApiClient
  let dt: ApiClient

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    await aSchoolCalendar(t.ctx, school)
    await t.ctx.db
      .update(schools)
      .set({
        settings: {
          representationsTo: 'The clerk to the governors, Test School, 1 High Street, Hertford SG1 1AA',
          governingBoardEmail: 'clerk@school.test',
          localAuthorityExclusionsEmail: 'exclusions@la.test',
        },
      })
      .where(eq(schools.id, school.id))
    head = new ApiClient(t.app, (await aTokenFor(t.ctx, 'headteacher', school)).token)
    dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
  })
  afterAll(async () => t?.close())

  const suspend = (pupilId: string, body: Record<string, unknown>) =>
    head.post(`/pupils/${pupilId}/suspensions`, { reasons: ['VA'], ...body })

  async function recorded(pupilId: string, body: Record<string, unknown>): Promise<Obligation[]> {
    const res = await suspend(pupilId, body)
    expect(res.statusCode, res.body).toBe(201)
    return (json(res) as { obligations: Obligation[] }).obligations
  }

  const kinds = (obligations: Obligation[]) => obligations.map((o) => o.kind)

  const rowCounts = async () => {
    const n = async (table: typeof suspensions | typeof tasks | typeof outbox | typeof suspensionNotices) =>
      (await t.ctx.db.select({ n: count() }).from(table))[0]!.n
    return {
      suspensions: await n(suspensions),
      obligations: (await t.ctx.db.select({ n: count() }).from(suspensionObligations))[0]!.n,
      notices: await n(suspensionNotices),
      tasks: await n(tasks),
      outbox: await n(outbox),
    }
  }

  /** A refusal: 422 with an error at `path`, and nothing written. */
  async function refused(pupilId: string, body: Record<string, unknown>, path: string): Promise<string> {
    const before = await rowCounts()
    const res = await suspend(pupilId, body)
    expect(res.statusCode, res.body).toBe(422)
    const problem = json(res) as unknown as Problem
    const error = problem.errors.find((e) => e.path === path)
    expect(error, JSON.stringify(problem.errors)).toBeDefined()
    expect(await rowCounts()).toEqual(before)
    return error!.message
  }

  it('tells the parents, the board and the local authority of a plain pupil’s 3-day suspension, due that day', async () => {
    const pupil = await aPupil(t.ctx, school)
    const obligations = await recorded(pupil.id, { startDate: '2026-11-23', days: 3 })
    expect(obligations).toEqual([
      { kind: 'notify_parent', dueBy: '2026-11-23' },
      { kind: 'notify_governing_board', dueBy: '2026-11-23' },
      { kind: 'notify_local_authority', dueBy: '2026-11-23' },
    ])
    const [row] = await t.ctx.db.select().from(suspensions).where(eq(suspensions.pupilId, pupil.id))
    expect(row).toMatchObject({ category: 'SUSP', halfDays: 6, schoolYear: 2026, reasons: ['VA'] })
    const pupilTasks = await t.ctx.db.select().from(tasks).where(eq(tasks.pupilId, pupil.id))
    expect(pupilTasks.map((x) => x.kind).sort()).toEqual([
      'suspension_notify_governing_board',
      'suspension_notify_local_authority',
      'suspension_notify_parent',
    ])
  })

  it('adds the social worker for a child in need, and emails each recipient that has an address', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2026-01-05' })
    await addContact(t.ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
      email: 'sam.worker@la.test',
    })
    await addContact(t.ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'parent_guardian',
      name: 'Pat Parent',
      email: 'pat.parent@home.test',
    })
    const obligations = await recorded(pupil.id, { startDate: '2026-11-23', days: 2 })
    expect(kinds(obligations)).toEqual([
      'notify_parent',
      'notify_governing_board',
      'notify_local_authority',
      'notify_social_worker',
    ])
    const emails = await t.ctx.db.select().from(outbox).where(eq(outbox.pupilId, pupil.id))
    expect(emails.map((e) => e.toAddress).sort()).toEqual([
      'clerk@school.test',
      'exclusions@la.test',
      'pat.parent@home.test',
      'sam.worker@la.test',
    ])
    const toParent = emails.find((e) => e.toAddress === 'pat.parent@home.test')!
    expect(toParent.body).toContain('Dear Pat Parent')
    expect(toParent.body).toContain('for 2 school days, from 23 November 2026 to 24 November 2026')
    expect(toParent.body).toContain('Verbal abuse or threatening behaviour against an adult')
    expect(toParent.body).toContain('right to make representations')
    expect(toParent.body).toContain('1 High Street')
    // Each letter is kept with the outbox row that carries it.
    const notices = await t.ctx.db
      .select()
      .from(suspensionNotices)
      .where(eq(suspensionNotices.pupilId, pupil.id))
    expect(notices).toHaveLength(4)
    expect(new Set(notices.map((n) => n.outboxId))).toEqual(new Set(emails.map((e) => e.id)))
  })

  it('refuses a looked-after child without the Virtual School’s consultation, and changes nothing', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-03-01', responsibleLaCode: '919' }))
    const message = await refused(pupil.id, { startDate: '2026-11-23', days: 1 }, 'vsConsultation')
    expect(message).toMatch(/Virtual School/)
  })

  it('records a looked-after child’s suspension after consultation, telling the social worker and the Virtual School Head', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-03-01', responsibleLaCode: '919' }))
    const obligations = await recorded(pupil.id, {
      startDate: '2026-11-23',
      days: 1,
      vsConsultation: { date: '2026-11-20', with: 'Jo Adviser', advice: 'Try a reduced timetable first' },
    })
    expect(kinds(obligations)).toEqual([
      'notify_parent',
      'notify_governing_board',
      'notify_local_authority',
      'notify_social_worker',
      'notify_virtual_school_head',
    ])
    const emails = await t.ctx.db.select().from(outbox).where(eq(outbox.pupilId, pupil.id))
    // The Virtual School of the LA that looks after the child (POL-33).
    const toVs = emails.find((e) => e.toAddress === 'virtualschool@hertfordshire.gov.uk')
    expect(toVs?.body).toContain('invited to any meeting of the governing board')
    // PD-7, PEP-8: the designated teacher is prompted to consider an interim PEP review.
    const prompt = await t.ctx.db.select().from(tasks).where(eq(tasks.pupilId, pupil.id))
    expect(prompt.find((x) => x.kind === 'interim_pep_review')).toMatchObject({
      assigneeRole: 'designated_teacher',
    })
  })

  it('accepts an override reason for a looked-after child instead of the consultation, and keeps it', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-03-01' }))
    const res = await suspend(pupil.id, {
      startDate: '2026-11-23',
      days: 1,
      overrideReason: 'The Virtual School could not be reached before the end of the day',
    })
    expect(res.statusCode).toBe(201)
    expect((json(res) as { warnings: Array<{ code: string }> }).warnings.map((w) => w.code)).toContain(
      'override_used',
    )
    const [row] = await t.ctx.db.select().from(suspensions).where(eq(suspensions.pupilId, pupil.id))
    expect(row!.overrideReason).toBe('The Virtual School could not be reached before the end of the day')
  })

  it('refuses a consultation dated after the start', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-03-01' }))
    await refused(
      pupil.id,
      { startDate: '2026-11-23', days: 1, vsConsultation: { date: '2026-11-24', with: 'Jo Adviser' } },
      'vsConsultation.date',
    )
  })

  it('gates a previously looked-after child on a conversation with the parents', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, { type: 'PLA', startDate: '2019-06-01', route: 'adoption' })
    await refused(pupil.id, { startDate: '2026-11-23', days: 1 }, 'parentConversation')
    const obligations = await recorded(pupil.id, {
      startDate: '2026-11-23',
      days: 1,
      parentConversation: { date: '2026-11-23', with: 'Adoptive parents' },
    })
    // No statutory Virtual School notice for a PLA (EX-9), and no social worker.
    expect(kinds(obligations)).toEqual(['notify_parent', 'notify_governing_board', 'notify_local_authority'])
  })

  it('sets day-6 provision on the sixth school day, skipping the INSET day, and the board meets if asked', async () => {
    const pupil = await aPupil(t.ctx, school)
    const obligations = await recorded(pupil.id, { startDate: '2026-11-23', days: 6 })
    // 23, 24, 25, 26 November (27th is INSET), 30 November, 1 December.
    expect(obligations).toContainEqual({ kind: 'arrange_day6_provision', dueBy: '2026-12-01' })
    expect(kinds(obligations)).toContain('governing_board_meet_if_requested')
  })

  it('needs no board meeting for 5 days in a term; more than 5 up to 15: on request within 50 school days', async () => {
    const five = await aPupil(t.ctx, school)
    expect(kinds(await recorded(five.id, { startDate: '2026-11-23', days: 5 }))).not.toContain(
      'governing_board_meet_if_requested',
    )
    const fiveAndAHalf = await aPupil(t.ctx, school)
    const onRequest = await recorded(fiveAndAHalf.id, { startDate: '2026-11-23', days: 5.5 })
    expect(onRequest.find((o) => o.kind === 'governing_board_meet_if_requested')).toBeDefined()
    expect(kinds(onRequest)).not.toContain('governing_board_must_meet')
    const fifteen = await aPupil(t.ctx, school)
    expect(kinds(await recorded(fifteen.id, { startDate: '2026-11-23', days: 15 }))).toContain(
      'governing_board_meet_if_requested',
    )
  })

  it('makes the board meet within 15 school days when the term’s total passes 15', async () => {
    const pupil = await aPupil(t.ctx, school)
    await recorded(pupil.id, { startDate: '2026-11-23', days: 10 })
    // 10 + 5.5 = 15.5 school days in the autumn term.
    const obligations = await recorded(pupil.id, { startDate: '2026-12-08', days: 5.5 })
    // Day 0 is 8 December; 15 school days later, across the Christmas holiday, is 13 January.
    expect(obligations).toContainEqual({ kind: 'governing_board_must_meet', dueBy: '2027-01-13' })
    // The second suspension of the school year: a risk assessment due 10 school days after the start (PD-17).
    expect(obligations).toContainEqual({ kind: 'risk_assessment', dueBy: '2027-01-06' })
  })

  it('allows 45 school days in a school year and refuses 45.5', async () => {
    const pupil = await aPupil(t.ctx, school)
    await recorded(pupil.id, { startDate: '2027-04-12', days: 40 })
    await recorded(pupil.id, { startDate: '2026-11-23', days: 5 })
    const message = await refused(pupil.id, { startDate: '2026-12-07', days: 0.5, lunchtime: true }, 'days')
    expect(message).toMatch(/45/)
    const summary = await head.get(`/pupils/${pupil.id}/suspensions/summary?schoolYear=2026`)
    expect(json(summary)).toMatchObject({ daysThisYear: 45, remaining: 0 })
  })

  it('refuses a start on a weekend or a closure day', async () => {
    const pupil = await aPupil(t.ctx, school)
    expect(await refused(pupil.id, { startDate: '2026-11-28', days: 1 }, 'startDate')).toMatch(
      /not a school day/,
    )
    await refused(pupil.id, { startDate: '2026-11-27', days: 1 }, 'startDate')
    await refused(pupil.id, { startDate: '2026-10-27', days: 1 }, 'startDate')
  })

  it('refuses half a day that is not a lunchtime, and a lunchtime that is not half a day', async () => {
    const pupil = await aPupil(t.ctx, school)
    await refused(pupil.id, { startDate: '2026-11-23', days: 0.5 }, 'days')
    await refused(pupil.id, { startDate: '2026-11-23', days: 1, lunchtime: true }, 'days')
    await refused(pupil.id, { startDate: '2026-11-23', days: 1.25 }, 'days')
    const lunchtime = await recorded(pupil.id, { startDate: '2026-11-23', days: 0.5, lunchtime: true })
    expect(lunchtime).toHaveLength(3)
    const [row] = await t.ctx.db.select().from(suspensions).where(eq(suspensions.pupilId, pupil.id))
    expect(row).toMatchObject({ category: 'LNCH', halfDays: 1, lunchtime: true })
  })

  it('refuses an unknown reason code, and more than three reasons', async () => {
    const pupil = await aPupil(t.ctx, school)
    await refused(pupil.id, { startDate: '2026-11-23', days: 1, reasons: ['ZZ'] }, 'reasons.0')
    await refused(pupil.id, { startDate: '2026-11-23', days: 1, reasons: [] }, 'reasons')
    await refused(
      pupil.id,
      { startDate: '2026-11-23', days: 1, reasons: ['VA', 'PP', 'PA', 'DB'] },
      'reasons',
    )
  })

  it('refuses a pupil who was not on roll on the start date', async () => {
    const pupil = await aPupil(t.ctx, school, { enrolledOn: '2027-01-05' })
    expect(await refused(pupil.id, { startDate: '2026-11-23', days: 1 }, 'startDate')).toMatch(/not on roll/)
  })

  it('refuses when the school has not set its calendar, saying so', async () => {
    const other = await aSchool(t.ctx)
    const otherHead = new ApiClient(t.app, (await aTokenFor(t.ctx, 'headteacher', other)).token)
    const pupil = await aPupil(t.ctx, other)
    const res = await otherHead.post(`/pupils/${pupil.id}/suspensions`, {
      startDate: '2026-11-23',
      days: 1,
      reasons: ['VA'],
    })
    expect(res.statusCode).toBe(422)
    expect(JSON.stringify(json(res))).toMatch(/calendar/)
  })

  it('is 403 for a designated teacher and 404 for a pupil of another school', async () => {
    const pupil = await aPupil(t.ctx, school)
    const body = { startDate: '2026-11-23', days: 1, reasons: ['VA'] }
    expect((await dt.post(`/pupils/${pupil.id}/suspensions`, body)).statusCode).toBe(403)
    const elsewhere = await aPupil(t.ctx, await aSchool(t.ctx))
    expect((await head.post(`/pupils/${elsewhere.id}/suspensions`, body)).statusCode).toBe(404)
  })
})

describe('/api/v1/pupils/{id}/suspensions/summary', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let head: ApiClient

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    await aSchoolCalendar(t.ctx, school)
    head = new ApiClient(t.app, (await aTokenFor(t.ctx, 'headteacher', school)).token)
  })
  afterAll(async () => t?.close())

  it('counts each day of a suspension that spans two terms in its own term, and a lunchtime as half', async () => {
    const pupil = await aPupil(t.ctx, school)
    const post = (body: Record<string, unknown>) =>
      head.post(`/pupils/${pupil.id}/suspensions`, { reasons: ['DB'], ...body })
    // 16, 17, 18 December in the autumn term; 5 and 6 January in the spring term.
    expect((await post({ startDate: '2026-12-16', days: 5 })).statusCode).toBe(201)
    expect((await post({ startDate: '2027-02-01', days: 0.5, lunchtime: true })).statusCode).toBe(201)
    const res = await head.get(`/pupils/${pupil.id}/suspensions/summary?schoolYear=2026`)
    expect(res.statusCode).toBe(200)
    expect(json(res)).toEqual({
      schoolYear: 2026,
      daysThisYear: 5.5,
      daysByTerm: { autumn: 3, spring: 2.5, summer: 0 },
      remaining: 39.5,
    })
  })

  it('defaults to the current school year and is zero for a pupil never suspended', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await head.get(`/pupils/${pupil.id}/suspensions/summary`)
    expect(json(res)).toEqual({
      schoolYear: 2026,
      daysThisYear: 0,
      daysByTerm: { autumn: 0, spring: 0, summer: 0 },
      remaining: 45,
    })
  })

  it('is 422 for a school year that is not a year', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await head.get(`/pupils/${pupil.id}/suspensions/summary?schoolYear=26`)
    expect(res.statusCode).toBe(422)
  })
})
