import type { Actor } from '../domain/access/scope.js'
import { recognitionSummary } from '../domain/attendance/adjustments.js'
import { schoolYearPeriod } from '../domain/attendance/periods.js'
import { summariseMarks } from '../domain/attendance/statistics.js'
import { formatDate, minIso, type IsoDate } from '../domain/calendar/dates.js'
import { isOpenOn } from '../domain/cohort/status.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/attendance-plans.repository.js'
import { placementChangesOf } from '../data/repositories/placements.repository.js'
import { currentEpisodesOf } from '../data/repositories/pupils.repository.js'
import {
  checkAdjustment,
  checkPlanClosure,
  checkSupportPlan,
  type AdjustmentInput,
  type SupportPlanInput,
} from './attendance-plan-checks.js'
import { closeTaskOf, rescheduleTask, scheduleTask, type PlanTask } from './attendance-plan-tasks.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { isUuid } from './ids.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendar } from './schools.service.js'

export type { AdjustmentInput, SupportPlanAction, SupportPlanInput } from './attendance-plan-checks.js'

// Issue 5 items 4 and 5: attendance support plans (POL-15) and placement-move adjustments (POL-17), and
// what the pupil's attendance page shows of them. Part-time timetables (ATT-16) are in
// part-time-timetables.service.ts. Each change is one transaction with its audit event; a review date is a task.

type Pupil = Awaited<ReturnType<typeof requirePupil>>

const PLAN_REVIEW = 'attendance_support_plan_review'

const trimmed = (s: string | null | undefined) => s?.trim() || null

const planReview = (planId: string, due: IsoDate): PlanTask => ({
  kind: PLAN_REVIEW,
  ownerId: planId,
  due,
  title: 'Review the attendance support plan',
  detail: 'Meet the people involved, check each action, and record the outcome or a new review date.',
})

function supportPlanValues(input: SupportPlanInput) {
  return {
    concern: input.concern.trim(),
    actions: input.actions.map((a) => ({ action: a.action.trim(), who: a.who.trim(), by: a.by })),
    peopleInvolved: [...new Set(input.peopleInvolved.map((p) => p.trim()))],
    startedOn: input.startedOn,
    reviewDate: input.reviewDate,
  }
}

export async function createSupportPlan(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: SupportPlanInput,
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const errors = checkSupportPlan(input)
    if (errors.length) throw new RuleBrokenError(errors)
    const plan = await repo.insertSupportPlan(tx, {
      ...supportPlanValues(input),
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      createdBy: actor.userId,
    })
    await scheduleTask(tx, actor, pupil, planReview(plan.id, plan.reviewDate))
    await audit(tx, actor, 'attendance_support_plan.created', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'attendance_support_plan',
      entityId: plan.id,
    })
    return plan
  })
}

async function requireOpenPlan(tx: Executor, pupil: Pupil, planId: string, version: number) {
  const plan = isUuid(planId) ? await repo.findSupportPlan(tx, pupil.id, planId) : undefined
  if (!plan) throw new NotFoundError('attendance support plan')
  if (plan.status === 'closed')
    throw new RuleBrokenError([{ path: 'status', message: 'This plan is closed, so it cannot be changed' }])
  if (plan.version !== version) throw new ConflictError()
  return plan
}

/** Saves a changed plan; a new review date moves its review task. */
export async function updateSupportPlan(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  planId: string,
  version: number,
  input: SupportPlanInput,
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const plan = await requireOpenPlan(tx, pupil, planId, version)
    const errors = checkSupportPlan(input)
    if (errors.length) throw new RuleBrokenError(errors)
    const updated = await repo.updateSupportPlanIfVersion(tx, plan.id, version, supportPlanValues(input))
    if (!updated) throw new ConflictError()
    await rescheduleTask(tx, actor, pupil, planReview(plan.id, updated.reviewDate), plan.reviewDate)
    await audit(tx, actor, 'attendance_support_plan.updated', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'attendance_support_plan',
      entityId: plan.id,
    })
    return updated
  })
}

/** Closes a plan with its outcome; its review task closes too. */
export async function closeSupportPlan(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  planId: string,
  version: number,
  input: { outcome: string; closedOn: IsoDate },
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const plan = await requireOpenPlan(tx, pupil, planId, version)
    const errors = checkPlanClosure(plan, input, todayIso)
    if (errors.length) throw new RuleBrokenError(errors)
    const closed = await repo.updateSupportPlanIfVersion(tx, plan.id, version, {
      status: 'closed',
      outcome: input.outcome.trim(),
      closedOn: input.closedOn,
    })
    if (!closed) throw new ConflictError()
    const note = `The plan closed on ${formatDate(input.closedOn)}`
    await closeTaskOf(tx, actor, { kind: PLAN_REVIEW, ownerId: plan.id }, note)
    await audit(tx, actor, 'attendance_support_plan.closed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'attendance_support_plan',
      entityId: plan.id,
    })
    return closed
  })
}

/**
 * POL-17: the designated teacher marks days of absence due to a care placement move, which the school's
 * recognition of full attendance then leaves out. Only for days the child was looked after.
 */
export async function addPlacementMoveAdjustment(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: AdjustmentInput,
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const errors = checkAdjustment(input, todayIso)
    if (errors.length === 0) {
      const episodes = await currentEpisodesOf(tx, [pupil.id])
      const lookedAfter = episodes.some(
        (e) => e.type === 'CLA' && e.startDate <= input.toDate && (!e.endDate || e.endDate >= input.fromDate),
      )
      if (!lookedAfter)
        errors.push({
          path: 'fromDate',
          message: 'The child was not looked after on any of these days, so there was no care placement move',
        })
      const changeId = input.placementChangeId
      if (changeId && !(await placementChangesOf(tx, pupil.id)).some((c) => c.id === changeId))
        errors.push({
          path: 'placementChangeId',
          message: 'Choose one of the pupil’s recorded placement changes',
        })
    }
    if (errors.length) throw new RuleBrokenError(errors)
    const adjustment = await repo.insertAdjustment(tx, {
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      fromDate: input.fromDate,
      toDate: input.toDate,
      note: trimmed(input.note),
      placementChangeId: input.placementChangeId || null,
      createdBy: actor.userId,
    })
    await audit(tx, actor, 'attendance_adjustment.created', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'attendance_adjustment',
      entityId: adjustment.id,
    })
    return adjustment
  })
}

export type AttendancePeriodInput = { from?: IsoDate | undefined; to?: IsoDate | undefined }

/**
 * The plans, timetables and adjustments of a pupil, and the full-attendance recognition figure beside the
 * statutory one (POL-17: the statutory figures never change), for the pupil's attendance page. No audit
 * event of its own: the page's read records one (`pupilAttendanceSupport` below does, used alone).
 */
export async function attendanceSupportOf(
  tx: Executor,
  pupil: { id: string; schoolId: string },
  todayIso: IsoDate,
  period: AttendancePeriodInput = {},
) {
  const { calendar } = await loadCalendar(tx, pupil.schoolId)
  const year = schoolYearPeriod(calendar, todayIso)
  const from = period.from ?? year.from
  const to = period.to ?? minIso(year.to, todayIso)
  const supportPlans = await repo.supportPlansOf(tx, pupil.id)
  const partTimeTimetables = await repo.partTimeTimetablesOf(tx, pupil.id)
  const adjustments = await repo.adjustmentsOf(tx, pupil.id)
  const marks = await repo.marksOfPupil(tx, pupil.id, from, to)
  const ranges = adjustments.map((a) => ({ from: a.fromDate, to: a.toDate }))
  return {
    supportPlans,
    partTimeTimetables: partTimeTimetables.map((t) => ({
      ...t,
      current: t.status === 'active' && isOpenOn({ startDate: t.startDate, endDate: t.endDate }, todayIso),
    })),
    adjustments,
    figures: {
      from,
      to,
      statutory: summariseMarks(marks),
      recognition: recognitionSummary(marks, ranges),
    },
  }
}

/** `attendanceSupportOf` as an audited read of the pupil's record. */
export async function pupilAttendanceSupport(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  period: AttendancePeriodInput = {},
) {
  authorise(actor, 'attendance:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:read')
    const support = await attendanceSupportOf(tx, pupil, todayIso, period)
    await audit(tx, actor, 'attendance.support_viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
    })
    return { pupil, ...support }
  })
}
