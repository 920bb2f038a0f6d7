import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  auditEvents,
  outbox,
  schools,
  suspensionNotices,
  suspensionObligations,
  suspensions,
  tasks,
} from '../data/schema/index.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aSchoolCalendar, aUser } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { addContact } from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { pupilSuspensions } from './pupil-suspensions.service.js'
import {
  cancelSuspension,
  completeObligation,
  recordBoardDecision,
  recordDay6Provision,
} from './suspension-decisions.service.js'
import { schoolSuspensionOverview } from './suspension-overview.service.js'
import { recordSuspension, suspensionSummary, type SuspensionInput } from './suspensions.service.js'
import { SYSTEM_ACTOR } from './users.service.js'
import { SUBJECT_ACCESS_SECTIONS } from './subject-access/sections.js'
import { DEFAULT_PEP_SCHEDULE_SETTINGS } from '../domain/pep/settings.js'
import { DEFAULT_RUBRIC } from '../domain/pep/workflow.js'
import { getVirtualSchoolSettings, saveVirtualSchoolSettings } from './virtual-school-settings.service.js'

// FIXED_TODAY is Monday 23 November 2026; the calendar is CALENDAR_2026_27 (27 November is an INSET day).
let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let head: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  await aSchoolCalendar(ctx, school)
  await ctx.db
    .update(schools)
    .set({ settings: { representationsTo: 'The clerk to the governors, 1 High Street' } })
    .where(eq(schools.id, school.id))
  head = await aUser(ctx, 'headteacher', school)
})
afterAll(async () => database.close())

const aSuspension = (over: Partial<SuspensionInput> = {}): SuspensionInput => ({
  startDate: '2026-11-23',
  days: 3,
  reasons: ['DB'],
  ...over,
})

async function aPupilWithParent() {
  const pupil = await aPupil(ctx, school)
  await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
    role: 'parent_guardian',
    name: 'Pat Parent',
    email: `parent.${pupil.id}@home.test`,
  })
  return pupil
}

const noticesOf = (suspensionId: string) =>
  ctx.db.select().from(suspensionNotices).where(eq(suspensionNotices.suspensionId, suspensionId))
const obligationsOf = (suspensionId: string) =>
  ctx.db.select().from(suspensionObligations).where(eq(suspensionObligations.suspensionId, suspensionId))
const rowOf = async (id: string) =>
  (await ctx.db.select().from(suspensions).where(eq(suspensions.id, id)))[0]!

describe('recording a suspension (service)', () => {
  it('keeps the parents’ letter as a draft until the school says where representations go', async () => {
    const other = await aSchool(ctx)
    await aSchoolCalendar(ctx, other)
    const otherHead = await aUser(ctx, 'headteacher', other)
    const pupil = await aPupil(ctx, other)
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'parent_guardian',
      name: 'Pat',
      email: 'pat@home.test',
    })
    const { id } = await recordSuspension(ctx, otherHead.actor, pupil.id, aSuspension())
    const [letter] = (await noticesOf(id)).filter((n) => n.recipient === 'parent')
    expect(letter).toMatchObject({ toAddress: 'pat@home.test', outboxId: null })
    expect(letter!.body).toContain('The school must add here the address of the clerk')
    // Its duty stays open for the headteacher.
    const duty = (await obligationsOf(id)).find((o) => o.kind === 'notify_parent')
    expect(duty!.doneAt).toBeNull()
    const [task] = await ctx.db.select().from(tasks).where(eq(tasks.id, duty!.taskId!))
    expect(task!.detail).toMatch(/not emailed: it must say where parents send representations/)
  })

  it('marks a notice’s duty done when it was emailed to everyone it was for', async () => {
    const pupil = await aPupilWithParent()
    const { id } = await recordSuspension(ctx, head.actor, pupil.id, aSuspension())
    const duties = await obligationsOf(id)
    expect(duties.find((o) => o.kind === 'notify_parent')!.doneAt).not.toBeNull()
    // No address is set for the board or the LA in this school: those letters wait to be sent by hand.
    expect(duties.find((o) => o.kind === 'notify_governing_board')!.doneAt).toBeNull()
  })

  it('is the headteacher’s alone', async () => {
    const pupil = await aPupil(ctx, school)
    const dt = await aUser(ctx, 'designated_teacher', school)
    await expect(recordSuspension(ctx, dt.actor, pupil.id, aSuspension())).rejects.toBeInstanceOf(
      ForbiddenError,
    )
  })

  it('refuses to overlap another suspension of the same pupil', async () => {
    const pupil = await aPupil(ctx, school)
    await recordSuspension(ctx, head.actor, pupil.id, aSuspension({ days: 3 }))
    expect(
      await brokenPaths(
        recordSuspension(ctx, head.actor, pupil.id, aSuspension({ startDate: '2026-11-25' })),
      ),
    ).toContain('startDate')
  })
})

describe('cancelling a suspension (EX-19)', () => {
  it('tells everyone with the reasons, closes its duties, and stops it counting', async () => {
    const pupil = await aPupilWithParent()
    await anEpisode(ctx, pupil.id, { type: 'CIN', startDate: '2026-01-05' })
    const { id } = await recordSuspension(ctx, head.actor, pupil.id, aSuspension({ days: 6 }))
    expect((await suspensionSummary(ctx, head.actor, pupil.id)).daysThisYear).toBe(6)

    const { notices } = await cancelSuspension(ctx, head.actor, pupil.id, id, {
      reason: 'New evidence showed another pupil was responsible',
    })
    expect(notices.map((n) => n.recipient).sort()).toEqual([
      'governing_board',
      'local_authority',
      'parent',
      'social_worker',
    ])
    const sent = (await noticesOf(id)).filter((n) => n.purpose === 'cancellation')
    expect(sent.every((n) => n.body.includes('New evidence showed another pupil was responsible'))).toBe(true)
    expect(await rowOf(id)).toMatchObject({ status: 'cancelled', cancelledOn: '2026-11-23' })
    expect((await obligationsOf(id)).every((o) => o.doneAt !== null)).toBe(true)
    expect(await suspensionSummary(ctx, head.actor, pupil.id)).toMatchObject({
      daysThisYear: 0,
      remaining: 45,
    })
    // Cancelling again changes nothing.
    const version = (await rowOf(id)).version
    expect(await brokenPaths(cancelSuspension(ctx, head.actor, pupil.id, id, { reason: 'Again' }))).toContain(
      'cancelledOn',
    )
    expect((await rowOf(id)).version).toBe(version)
  })
})

describe('the governing board’s decision (EX-10 to EX-12)', () => {
  it('records one decision, and refuses a second for the same exclusion without changing anything', async () => {
    const pupil = await aPupilWithParent()
    const { id } = await recordSuspension(ctx, head.actor, pupil.id, aSuspension({ days: 6 }))
    await recordBoardDecision(ctx, head.actor, pupil.id, id, { meetingOn: '2026-11-23', outcome: 'uphold' })
    const after = await rowOf(id)
    expect(after).toMatchObject({ boardDecision: 'upheld', boardMeetingOn: '2026-11-23' })
    const emails = (await ctx.db.select({ n: count() }).from(outbox))[0]!.n
    const errors = await brokenRules(
      recordBoardDecision(ctx, head.actor, pupil.id, id, { meetingOn: '2026-11-23', outcome: 'reinstate' }),
    )
    expect(errors[0]!.message).toMatch(/already been recorded/)
    expect(await rowOf(id)).toEqual(after)
    expect((await ctx.db.select({ n: count() }).from(outbox))[0]!.n).toBe(emails)
  })

  it('sets the independent review deadline when it upholds a permanent exclusion', async () => {
    const pupil = await aPupilWithParent()
    const { id, obligations } = await recordSuspension(ctx, head.actor, pupil.id, {
      category: 'PERM',
      startDate: '2026-11-23',
      reasons: ['PA'],
    })
    expect(obligations).toContainEqual({ kind: 'governing_board_must_meet', dueBy: '2026-12-15' })
    const { independentReview } = await recordBoardDecision(ctx, head.actor, pupil.id, id, {
      meetingOn: '2026-11-23',
      outcome: 'uphold',
    })
    // 15 school days after the notice of the decision (EX-12).
    expect(independentReview?.dueBy).toBe('2026-12-15')
    expect((await rowOf(id)).independentReviewDeadline).toBe('2026-12-15')
    const letter = (await noticesOf(id)).find((n) => n.purpose === 'board_decision')
    expect(letter?.body).toContain('independent review')
  })

  it('refuses reinstatement after 5 school days or fewer in a term', async () => {
    const pupil = await aPupil(ctx, school)
    const { id } = await recordSuspension(ctx, head.actor, pupil.id, aSuspension({ days: 2 }))
    expect(
      await brokenPaths(
        recordBoardDecision(ctx, head.actor, pupil.id, id, { meetingOn: '2026-11-23', outcome: 'reinstate' }),
      ),
    ).toEqual(['outcome'])
  })
})

describe('day-6 provision and duties done', () => {
  it('records where the pupil is taught from the sixth day, closes that duty and writes to the parents', async () => {
    const pupil = await aPupilWithParent()
    const { id } = await recordSuspension(ctx, head.actor, pupil.id, aSuspension({ days: 8 }))
    await recordDay6Provision(ctx, head.actor, pupil.id, id, {
      where: 'Hertford Learning Centre',
      hours: '9am to 3pm',
      from: '2026-12-01',
    })
    expect((await rowOf(id)).day6Provision).toEqual({
      where: 'Hertford Learning Centre',
      hours: '9am to 3pm',
      from: '2026-12-01',
    })
    expect((await obligationsOf(id)).find((o) => o.kind === 'arrange_day6_provision')!.doneAt).not.toBeNull()
    const letter = (await noticesOf(id)).find((n) => n.purpose === 'day6_provision')
    expect(letter?.body).toContain('Hertford Learning Centre')
    expect(letter?.outboxId).not.toBeNull()
  })

  it('marks a duty done with a note, and its task too', async () => {
    const pupil = await aPupil(ctx, school)
    const { id } = await recordSuspension(ctx, head.actor, pupil.id, aSuspension())
    const duty = (await obligationsOf(id)).find((o) => o.kind === 'notify_local_authority')!
    const done = await completeObligation(ctx, head.actor, pupil.id, duty.id, 'Posted on 23 November')
    expect(done).toMatchObject({ note: 'Posted on 23 November' })
    const [task] = await ctx.db.select().from(tasks).where(eq(tasks.id, duty.taskId!))
    expect(task!.doneAt).not.toBeNull()
    // Another pupil's duty does not exist for this one.
    const other = await aPupil(ctx, school)
    await expect(completeObligation(ctx, head.actor, other.id, duty.id)).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('the pupil’s suspensions tab', () => {
  it('shows history, days per term, what is left, open duties and letters, in one audited read', async () => {
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
    await recordSuspension(
      ctx,
      head.actor,
      pupil.id,
      aSuspension({
        startDate: '2026-12-16',
        days: 5,
        vsConsultation: { date: '2026-12-15', with: 'Jo Adviser' },
      }),
    )
    const dt = await aUser(ctx, 'designated_teacher', school)
    const events = async () =>
      (await ctx.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.pupilId, pupil.id)))[0]!.n
    const before = await events()
    const tab = await pupilSuspensions(ctx, dt.actor, pupil.id)
    expect(await events()).toBe(before + 1)
    expect(tab.summary).toEqual({
      daysThisYear: 5,
      daysByTerm: { autumn: 3, spring: 2, summer: 0 },
      remaining: 40,
    })
    expect(tab.suspensions[0]).toMatchObject({
      days: 5,
      lastDay: '2027-01-06',
      schoolDays: ['2026-12-16', '2026-12-17', '2026-12-18', '2027-01-05', '2027-01-06'],
    })
    expect(tab.suspensions[0]!.vsConsultation).toEqual({ date: '2026-12-15', with: 'Jo Adviser' })
    // The Virtual School was emailed (its address is known); no social worker is recorded, so that letter waits.
    const open = tab.openObligations.map((o) => o.kind)
    expect(open).toContain('notify_social_worker')
    expect(open).not.toContain('notify_virtual_school_head')
    expect(tab.notices.length).toBeGreaterThan(0)
  })
})

describe('the school’s overview', () => {
  it('compares each cohort’s suspension rate with all other pupils, and lists repeated suspensions and overdue duties', async () => {
    const own = await aSchool(ctx)
    await aSchoolCalendar(ctx, own)
    const ownHead = await aUser(ctx, 'headteacher', own)
    const cla = await aPupil(ctx, own)
    await anEpisode(ctx, cla.id, aClaEpisode({ startDate: '2025-01-10' }))
    const others = [await aPupil(ctx, own), await aPupil(ctx, own), await aPupil(ctx, own)]
    const vs = { date: '2026-09-10', with: 'Jo Adviser' }
    await recordSuspension(
      ctx,
      ownHead.actor,
      cla.id,
      aSuspension({ startDate: '2026-09-14', days: 1, vsConsultation: vs }),
    )
    await recordSuspension(
      ctx,
      ownHead.actor,
      cla.id,
      aSuspension({ startDate: '2026-10-05', days: 2, vsConsultation: vs }),
    )
    await recordSuspension(
      ctx,
      ownHead.actor,
      others[0]!.id,
      aSuspension({ startDate: '2026-11-23', days: 1 }),
    )
    const overview = await schoolSuspensionOverview(ctx, ownHead.actor, own.urn)
    const group = (g: string) => overview.groups.find((x) => x.group === g)!
    expect(group('cla')).toMatchObject({ pupils: 1, pupilsSuspended: 1, suspensions: 2, suspensionRate: 200 })
    expect(group('others')).toMatchObject({
      pupils: 3,
      pupilsSuspended: 1,
      suspensions: 1,
      suspensionRate: 33.3,
    })
    expect(overview.repeated).toEqual([expect.objectContaining({ pupilId: cla.id, suspensions: 2, days: 3 })])
    // The September and October notices to the board and the LA are still open: overdue.
    expect(overview.overdue.filter((o) => o.pupilId === cla.id).map((o) => o.kind)).toContain(
      'notify_governing_board',
    )
    expect(overview.overdue.some((o) => o.pupilId === others[0]!.id)).toBe(false)
  })
})

describe('a Virtual School’s day-one expectation (PD-7, EX-8)', () => {
  // Virtual Schools of their own, so that turning it on changes no other test's children (looked after by 919).
  async function aVirtualSchoolThatExpectsDayOne(laCode: string, on: boolean) {
    const vsHead = await aUser(ctx, 'vs_head', null, { laCode })
    const { version } = await getVirtualSchoolSettings(ctx, vsHead.actor)
    await saveVirtualSchoolSettings(
      ctx,
      vsHead.actor,
      laCode,
      { schedule: DEFAULT_PEP_SCHEDULE_SETTINGS, rubric: [...DEFAULT_RUBRIC], claDayOneProvision: on },
      version,
    )
    return vsHead
  }

  async function aChildLookedAfterBy(laCode: string) {
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: laCode }))
    return pupil
  }

  const consulted = (laCode: string) =>
    aSuspension({ vsConsultation: { date: '2026-11-20', with: `Virtual School ${laCode}` } })

  it('warns the school recording a suspension of a child looked after by a Virtual School that turned it on', async () => {
    await aVirtualSchoolThatExpectsDayOne('951', true)
    const pupil = await aChildLookedAfterBy('951')
    const { warnings } = await recordSuspension(ctx, head.actor, pupil.id, consulted('951'))
    expect(warnings).toContainEqual({
      code: 'cla_day_one_provision',
      message:
        'The Virtual School expects education to be arranged for a looked after child from the first day of a suspension',
    })
  })

  it('does not, for a Virtual School that left it off or turned it off again', async () => {
    await aVirtualSchoolThatExpectsDayOne('952', false)
    const leftOff = await aChildLookedAfterBy('952')
    const first = await recordSuspension(ctx, head.actor, leftOff.id, consulted('952'))
    expect(first.warnings.map((w) => w.code)).not.toContain('cla_day_one_provision')

    const vsHead = await aVirtualSchoolThatExpectsDayOne('953', true)
    const { version } = await getVirtualSchoolSettings(ctx, vsHead.actor)
    await saveVirtualSchoolSettings(
      ctx,
      vsHead.actor,
      '953',
      { schedule: DEFAULT_PEP_SCHEDULE_SETTINGS, rubric: [...DEFAULT_RUBRIC], claDayOneProvision: false },
      version,
    )
    const turnedOff = await aChildLookedAfterBy('953')
    const second = await recordSuspension(ctx, head.actor, turnedOff.id, consulted('953'))
    expect(second.warnings.map((w) => w.code)).not.toContain('cla_day_one_provision')
  })

  it('is about children the Virtual School looks after: not another LA’s, nor a child not looked after', async () => {
    await aVirtualSchoolThatExpectsDayOne('954', true)
    const anotherLas = await aChildLookedAfterBy('955')
    const notLookedAfter = await aPupil(ctx, school)
    for (const [pupil, input] of [
      [anotherLas, consulted('955')],
      [notLookedAfter, aSuspension()],
    ] as const) {
      const { warnings } = await recordSuspension(ctx, head.actor, pupil.id, input)
      expect(warnings.map((w) => w.code)).not.toContain('cla_day_one_provision')
    }
  })
})

describe('subject access', () => {
  it('includes a pupil’s suspensions, duties and letters', async () => {
    const pupil = await aPupilWithParent()
    await recordSuspension(ctx, head.actor, pupil.id, aSuspension({ details: 'Shouted at a teacher' }))
    const load = (key: string) =>
      ctx.db.transaction((tx) =>
        SUBJECT_ACCESS_SECTIONS.find((s) => s.key === key)!.load(tx, pupil.id, { childProtection: false }),
      )
    const section = await load('suspensions')
    expect(section.records).toEqual([
      expect.objectContaining({ category: 'SUSP', days: 3, reasons: 'DB', details: 'Shouted at a teacher' }),
    ])
    const duties = await load('suspension_duties')
    expect(duties.records.filter((r) => r.entry === 'notice').length).toBeGreaterThan(0)
    expect(
      (
        await ctx.db
          .select({ n: count() })
          .from(tasks)
          .where(and(eq(tasks.pupilId, pupil.id), eq(tasks.kind, 'suspension_notify_parent')))
      )[0]!.n,
    ).toBe(1)
  })
})
