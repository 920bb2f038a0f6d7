import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attendanceAdjustments,
  attendanceSupportPlans,
  auditEvents,
  partTimeTimetables,
  tasks,
} from '../data/schema/index.js'
import { CALENDAR_2026_27, marksOnSchoolDays, recordMarks } from '../test-support/attendance.js'
import { aClaEpisode, aPupil, aSchool, aUser, anEpisode } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import {
  addPlacementMoveAdjustment,
  closeSupportPlan,
  createSupportPlan,
  pupilAttendanceSupport,
  updateSupportPlan,
  type SupportPlanInput,
} from './attendance-plans.service.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import {
  createPartTimeTimetable,
  endPartTimeTimetable,
  updatePartTimeTimetable,
  type PartTimeTimetableInput,
} from './part-time-timetables.service.js'
import { recordPlacementChange } from './placements.service.js'
import { loadCalendar, setCalendar } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is Monday 23 November 2026.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aSchoolWithPupil(lookedAfter: boolean) {
  const school = await aSchool(ctx)
  await setCalendar(ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
  const pupil = await aPupil(ctx, school)
  const episode = lookedAfter
    ? (await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))).episode
    : null
  const dt = await aUser(ctx, 'designated_teacher', school)
  return { school, pupil, dt, episode }
}

const tasksOf = (pupilId: string) => database.db.select().from(tasks).where(eq(tasks.pupilId, pupilId))
const rows = async (table: typeof attendanceSupportPlans | typeof partTimeTimetables, pupilId: string) =>
  (await database.db.select({ n: count() }).from(table).where(eq(table.pupilId, pupilId)))[0]!.n

const aPlan = (over: Partial<SupportPlanInput> = {}): SupportPlanInput => ({
  concern: 'Late most mornings since the move to the new carers',
  actions: [{ action: 'Morning check-in with the key adult', who: 'Key adult', by: '2026-12-04' }],
  peopleInvolved: ['Carer', 'Social worker', 'Key adult'],
  startedOn: '2026-11-23',
  reviewDate: '2026-12-11',
  ...over,
})

describe('attendance support plans', () => {
  it('saves a plan, makes its review date a task for the person who made it, and audits it', async () => {
    const { pupil, dt } = await aSchoolWithPupil(true)
    const plan = await createSupportPlan(ctx, dt.actor, pupil.id, aPlan())
    expect(plan).toMatchObject({
      status: 'open',
      version: 1,
      peopleInvolved: ['Carer', 'Social worker', 'Key adult'],
    })
    const [task] = await tasksOf(pupil.id)
    expect(task).toMatchObject({
      title: 'Review the attendance support plan',
      dueOn: '2026-12-11',
      assigneeUserId: dt.user.id,
    })
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, plan.id))
    expect(event!.action).toBe('attendance_support_plan.created')
  })

  it('refuses a plan with no action, an action without who or when, or a review before the start, and stores nothing', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    expect(await brokenPaths(createSupportPlan(ctx, dt.actor, pupil.id, aPlan({ actions: [] })))).toEqual([
      'actions',
    ])
    expect(
      await brokenPaths(
        createSupportPlan(
          ctx,
          dt.actor,
          pupil.id,
          aPlan({ actions: [{ action: 'Call home', who: ' ', by: '' }], reviewDate: '2026-11-20' }),
        ),
      ),
    ).toEqual(['actions.0.who', 'actions.0.by', 'reviewDate'])
    expect(await rows(attendanceSupportPlans, pupil.id)).toBe(0)
    expect(await tasksOf(pupil.id)).toEqual([])
  })

  it('moves the review task when the review date changes, and refuses a stale version', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    const plan = await createSupportPlan(ctx, dt.actor, pupil.id, aPlan())
    const updated = await updateSupportPlan(
      ctx,
      dt.actor,
      pupil.id,
      plan.id,
      1,
      aPlan({ reviewDate: '2027-01-15' }),
    )
    expect(updated.version).toBe(2)
    const byDue = Object.fromEntries((await tasksOf(pupil.id)).map((t) => [t.dueOn, t]))
    expect(byDue['2026-12-11']!.doneNote).toBe('Moved to 15 January 2027')
    expect(byDue['2027-01-15']!.doneAt).toBeNull()
    await expect(updateSupportPlan(ctx, dt.actor, pupil.id, plan.id, 1, aPlan())).rejects.toBeInstanceOf(
      ConflictError,
    )
  })

  it('closes with an outcome, closing the review task; a closed plan cannot be changed', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    const plan = await createSupportPlan(ctx, dt.actor, pupil.id, aPlan())
    expect(
      await brokenPaths(
        closeSupportPlan(ctx, dt.actor, pupil.id, plan.id, 1, { outcome: '', closedOn: '2026-11-30' }),
      ),
    ).toEqual(['outcome', 'closedOn'])
    const closed = await closeSupportPlan(ctx, dt.actor, pupil.id, plan.id, 1, {
      outcome: 'On time every day for three weeks',
      closedOn: '2026-11-23',
    })
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2026-11-23' })
    const [task] = await tasksOf(pupil.id)
    expect(task!.doneNote).toBe('The plan closed on 23 November 2026')
    expect(await brokenPaths(updateSupportPlan(ctx, dt.actor, pupil.id, plan.id, 2, aPlan()))).toEqual([
      'status',
    ])
  })

  it('is forbidden to a member of staff and 404 for a pupil of another school', async () => {
    const { pupil, school } = await aSchoolWithPupil(false)
    const staff = await aUser(ctx, 'staff', school)
    await expect(createSupportPlan(ctx, staff.actor, pupil.id, aPlan())).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    const elsewhere = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(createSupportPlan(ctx, elsewhere.actor, pupil.id, aPlan())).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

const aTimetable = (over: Partial<PartTimeTimetableInput> = {}): PartTimeTimetableInput => ({
  reason: 'Building back up after a long illness',
  arrangement: 'Mornings only, Monday to Friday',
  startDate: '2026-11-30',
  reviewDate: '2026-12-11',
  endDate: '2026-12-18',
  agreedWithParentsOn: '2026-11-20',
  ...over,
})

describe('part-time timetables (ATT-16)', () => {
  it('saves a timetable with tasks for its review and end dates', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    const timetable = await createPartTimeTimetable(ctx, dt.actor, pupil.id, aTimetable())
    expect(timetable).toMatchObject({ status: 'active', agreedWithParentsOn: '2026-11-20' })
    expect((await tasksOf(pupil.id)).map((t) => [t.title, t.dueOn]).sort()).toEqual([
      ['Review the part-time timetable', '2026-12-11'],
      ['The part-time timetable ends today', '2026-12-18'],
    ])
  })

  it.each<[string, Partial<PartTimeTimetableInput>, string[]]>([
    [
      'an end before the start',
      { endDate: '2026-11-27', reviewDate: '2026-11-27' },
      ['endDate', 'reviewDate'],
    ],
    ['a review after the end', { reviewDate: '2027-01-08' }, ['reviewDate']],
    ['no agreement from the parents', { agreedWithParentsOn: null }, ['agreedWithParentsOn']],
    ['an agreement dated in the future', { agreedWithParentsOn: '2026-11-24' }, ['agreedWithParentsOn']],
    ['no reason or arrangement', { reason: ' ', arrangement: '' }, ['reason', 'arrangement']],
    ['a start date that is not a date', { startDate: '' }, ['startDate']],
  ])('refuses %s and stores nothing', async (_, over, paths) => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    expect(await brokenPaths(createPartTimeTimetable(ctx, dt.actor, pupil.id, aTimetable(over)))).toEqual(
      paths,
    )
    expect(await rows(partTimeTimetables, pupil.id)).toBe(0)
    expect(await tasksOf(pupil.id)).toEqual([])
  })

  it('refuses one for a looked-after child until the Virtual School and the social worker have agreed', async () => {
    const { pupil, dt } = await aSchoolWithPupil(true)
    const errors = await brokenRules(createPartTimeTimetable(ctx, dt.actor, pupil.id, aTimetable()))
    expect(errors).toEqual([
      {
        path: 'agreedWithVirtualSchoolOn',
        message:
          'This child is looked after: the Virtual School must agree to a part-time timetable before it starts. Enter the date they agreed',
      },
      {
        path: 'agreedWithSocialWorkerOn',
        message:
          'This child is looked after: the social worker must agree to a part-time timetable before it starts. Enter the date they agreed',
      },
    ])
    expect(
      await brokenPaths(
        createPartTimeTimetable(
          ctx,
          dt.actor,
          pupil.id,
          aTimetable({ agreedWithVirtualSchoolOn: '2026-11-19' }),
        ),
      ),
    ).toEqual(['agreedWithSocialWorkerOn'])
    expect(await rows(partTimeTimetables, pupil.id)).toBe(0)

    const made = await createPartTimeTimetable(
      ctx,
      dt.actor,
      pupil.id,
      aTimetable({
        agreedWithVirtualSchoolOn: '2026-11-19',
        virtualSchoolContact: 'Jo Adviser',
        agreedWithSocialWorkerOn: '2026-11-18',
      }),
    )
    expect(made).toMatchObject({ status: 'active', virtualSchoolContact: 'Jo Adviser' })
  })

  it('refuses a second timetable over the same days', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    await createPartTimeTimetable(ctx, dt.actor, pupil.id, aTimetable())
    expect(
      await brokenRules(
        createPartTimeTimetable(
          ctx,
          dt.actor,
          pupil.id,
          aTimetable({ startDate: '2026-12-14', reviewDate: '2026-12-16' }),
        ),
      ),
    ).toEqual([
      {
        path: 'startDate',
        message:
          'The pupil already has a part-time timetable from 30 November 2026 to 18 December 2026: change or end that one instead',
      },
    ])
  })

  it('moves the tasks when a review sets new dates, and closes them when the timetable ends', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    const t = await createPartTimeTimetable(ctx, dt.actor, pupil.id, aTimetable({ startDate: '2026-11-16' }))
    const moved = await updatePartTimeTimetable(
      ctx,
      dt.actor,
      pupil.id,
      t.id,
      1,
      aTimetable({ startDate: '2026-11-16', reviewDate: '2027-01-08', endDate: '2027-01-15' }),
    )
    expect(moved.version).toBe(2)
    const open = (await tasksOf(pupil.id)).filter((x) => !x.doneAt).map((x) => x.dueOn)
    expect(open.sort()).toEqual(['2027-01-08', '2027-01-15'])

    expect(
      await brokenPaths(
        endPartTimeTimetable(ctx, dt.actor, pupil.id, t.id, 2, {
          endedOn: '2026-11-24',
          outcome: 'Full time',
        }),
      ),
    ).toEqual(['endedOn'])
    const ended = await endPartTimeTimetable(ctx, dt.actor, pupil.id, t.id, 2, {
      endedOn: '2026-11-23',
      outcome: 'Back to full time',
    })
    expect(ended).toMatchObject({ status: 'ended', endedOn: '2026-11-23' })
    expect((await tasksOf(pupil.id)).every((x) => x.doneAt !== null)).toBe(true)
  })
})

describe('placement-move adjustments (POL-17)', () => {
  it('leaves the move’s absences out of the full-attendance recognition, not out of the statutory figures', async () => {
    const { school, pupil, dt, episode } = await aSchoolWithPupil(true)
    const { calendar } = await loadCalendar(database.db, school.id)
    await recordMarks(ctx, school.id, [
      ...marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-20'),
      ...marksOnSchoolDays(calendar, pupil.id, '2026-10-12', '2026-10-13', 'C'),
    ])
    const change = await recordPlacementChange(ctx, dt.actor, pupil.id, episode!.id, {
      changedOn: '2026-10-12',
      kind: 'placement',
    })
    await addPlacementMoveAdjustment(ctx, dt.actor, pupil.id, {
      fromDate: '2026-10-12',
      toDate: '2026-10-13',
      note: 'Moved to new carers',
      placementChangeId: change.id,
    })

    const { figures, adjustments } = await pupilAttendanceSupport(ctx, dt.actor, pupil.id)

    expect(adjustments).toHaveLength(1)
    expect(figures).toMatchObject({ from: '2026-09-01', to: '2026-11-23' })
    expect(figures.statutory).toMatchObject({
      possibleSessions: 108,
      attendedSessions: 104,
      authorisedAbsence: 4,
    })
    expect(figures.recognition).toMatchObject({ adjustedSessions: 4, fullAttendance: true })
    expect(figures.recognition.summary).toMatchObject({ possibleSessions: 104, attendancePercent: 100 })
  })

  it('refuses days when the child was not looked after, and dates the wrong way round', async () => {
    const { pupil, dt } = await aSchoolWithPupil(false)
    expect(
      await brokenRules(
        addPlacementMoveAdjustment(ctx, dt.actor, pupil.id, { fromDate: '2026-10-12', toDate: '2026-10-13' }),
      ),
    ).toEqual([
      {
        path: 'fromDate',
        message: 'The child was not looked after on any of these days, so there was no care placement move',
      },
    ])
    expect(
      await brokenPaths(
        addPlacementMoveAdjustment(ctx, dt.actor, pupil.id, { fromDate: '2026-10-13', toDate: '2026-10-12' }),
      ),
    ).toEqual(['toDate'])
    const stored = await database.db
      .select()
      .from(attendanceAdjustments)
      .where(eq(attendanceAdjustments.pupilId, pupil.id))
    expect(stored).toEqual([])
  })
})

describe('the pupil’s attendance support, as the attendance page reads it', () => {
  it('lists plans and timetables with one audited read, and is 404 out of scope', async () => {
    const { pupil, dt, school } = await aSchoolWithPupil(false)
    await createSupportPlan(ctx, dt.actor, pupil.id, aPlan())
    await createPartTimeTimetable(ctx, dt.actor, pupil.id, aTimetable({ startDate: '2026-11-23' }))
    const before = await database.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'attendance.support_viewed')))

    const support = await pupilAttendanceSupport(ctx, dt.actor, pupil.id)

    expect(support.supportPlans).toHaveLength(1)
    expect(support.partTimeTimetables.map((t) => t.current)).toEqual([true])
    const after = await database.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'attendance.support_viewed')))
    expect(after[0]!.n - before[0]!.n).toBe(1)
    const staff = await aUser(ctx, 'staff', school)
    await expect(pupilAttendanceSupport(ctx, staff.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
  })
})
