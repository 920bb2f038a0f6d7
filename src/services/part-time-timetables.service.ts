import type { Actor } from '../domain/access/scope.js'
import { formatDate, isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import { statusOn } from '../domain/cohort/status.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/attendance-plans.repository.js'
import { currentEpisodesOf } from '../data/repositories/pupils.repository.js'
import {
  checkPartTimeTimetable,
  checkTimetableEnd,
  type PartTimeTimetableInput,
} from './attendance-plan-checks.js'
import { closeTaskOf, rescheduleTask, scheduleTask, type PlanTask } from './attendance-plan-tasks.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { isUuid } from './ids.js'
import { requirePupil } from './pupils.service.js'

export type { PartTimeTimetableInput } from './attendance-plan-checks.js'

// DOMAIN.md ATT-16 (issue 5 item 4): a part-time timetable (code C2) is exceptional and time-limited, agreed
// with the parents and, for a child looked after, with the Virtual School and the social worker before it
// starts; it has a review date and an end date, each a task. WTISA asks for a time limit and regular
// reviews but sets no maximum length, so none is enforced here.

type Pupil = Awaited<ReturnType<typeof requirePupil>>

const TIMETABLE_REVIEW = 'part_time_timetable_review'
const TIMETABLE_END = 'part_time_timetable_end'

const trimmed = (s: string | null | undefined) => s?.trim() || null

const timetableTasks = (id: string, t: { reviewDate: IsoDate; endDate: IsoDate }): [PlanTask, PlanTask] => [
  {
    kind: TIMETABLE_REVIEW,
    ownerId: id,
    due: t.reviewDate,
    title: 'Review the part-time timetable',
    detail:
      'Review it with the pupil and the parents or carers (and, for a looked-after child, the Virtual School and the social worker): is it still needed, and when will the pupil be back full time?',
  },
  {
    kind: TIMETABLE_END,
    ownerId: id,
    due: t.endDate,
    title: 'The part-time timetable ends today',
    detail: 'Check the pupil is back full time, then record how the timetable ended.',
  },
]

/** ATT-16 for the dates given: a child looked after on the start date needs more agreement. */
async function checkTimetable(
  tx: Executor,
  pupil: Pupil,
  input: PartTimeTimetableInput,
  todayIso: IsoDate,
  exceptId?: string,
) {
  const episodes = await currentEpisodesOf(tx, [pupil.id])
  // A start date that is not a date is reported by the checks below, not looked up.
  const lookedAfter = isIsoDate(input.startDate) && statusOn(episodes, input.startDate).cla
  const errors = checkPartTimeTimetable(input, lookedAfter, todayIso)
  if (errors.length === 0) {
    const clash = (await repo.partTimeTimetablesOf(tx, pupil.id)).find(
      (t) =>
        t.id !== exceptId &&
        t.status === 'active' &&
        t.startDate <= input.endDate &&
        input.startDate <= t.endDate,
    )
    if (clash)
      errors.push({
        path: 'startDate',
        message: `The pupil already has a part-time timetable from ${formatDate(clash.startDate)} to ${formatDate(clash.endDate)}: change or end that one instead`,
      })
  }
  if (errors.length) throw new RuleBrokenError(errors)
}

function timetableValues(input: PartTimeTimetableInput) {
  return {
    reason: input.reason.trim(),
    arrangement: input.arrangement.trim(),
    startDate: input.startDate,
    reviewDate: input.reviewDate,
    endDate: input.endDate,
    agreedWithParentsOn: input.agreedWithParentsOn,
    agreedWithVirtualSchoolOn: input.agreedWithVirtualSchoolOn || null,
    virtualSchoolContact: trimmed(input.virtualSchoolContact),
    agreedWithSocialWorkerOn: input.agreedWithSocialWorkerOn || null,
  }
}

export async function createPartTimeTimetable(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: PartTimeTimetableInput,
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    await checkTimetable(tx, pupil, input, todayIso)
    const timetable = await repo.insertPartTimeTimetable(tx, {
      ...timetableValues(input),
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      createdBy: actor.userId,
    })
    for (const task of timetableTasks(timetable.id, timetable)) await scheduleTask(tx, actor, pupil, task)
    await audit(tx, actor, 'part_time_timetable.created', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'part_time_timetable',
      entityId: timetable.id,
    })
    return timetable
  })
}

async function requireActiveTimetable(tx: Executor, pupil: Pupil, id: string, version: number) {
  const timetable = isUuid(id) ? await repo.findPartTimeTimetable(tx, pupil.id, id) : undefined
  if (!timetable) throw new NotFoundError('part-time timetable')
  if (timetable.status === 'ended')
    throw new RuleBrokenError([
      { path: 'status', message: 'This timetable has ended, so it cannot be changed' },
    ])
  if (timetable.version !== version) throw new ConflictError()
  return timetable
}

/** Saves a changed timetable (a review moves its dates on); new dates move their tasks. */
export async function updatePartTimeTimetable(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  id: string,
  version: number,
  input: PartTimeTimetableInput,
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const timetable = await requireActiveTimetable(tx, pupil, id, version)
    await checkTimetable(tx, pupil, input, todayIso, timetable.id)
    const updated = await repo.updatePartTimeTimetableIfVersion(tx, id, version, timetableValues(input))
    if (!updated) throw new ConflictError()
    const [review, end] = timetableTasks(id, updated)
    await rescheduleTask(tx, actor, pupil, review, timetable.reviewDate)
    await rescheduleTask(tx, actor, pupil, end, timetable.endDate)
    await audit(tx, actor, 'part_time_timetable.updated', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'part_time_timetable',
      entityId: id,
    })
    return updated
  })
}

/** Records how and when a timetable ended; its review and end tasks close. */
export async function endPartTimeTimetable(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  id: string,
  version: number,
  input: { endedOn: IsoDate; outcome: string },
) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const timetable = await requireActiveTimetable(tx, pupil, id, version)
    const errors = checkTimetableEnd(timetable, input, todayIso)
    if (errors.length) throw new RuleBrokenError(errors)
    const ended = await repo.updatePartTimeTimetableIfVersion(tx, id, version, {
      status: 'ended',
      endedOn: input.endedOn,
      outcome: input.outcome.trim(),
    })
    if (!ended) throw new ConflictError()
    const note = `The timetable ended on ${formatDate(input.endedOn)}`
    for (const kind of [TIMETABLE_REVIEW, TIMETABLE_END])
      await closeTaskOf(tx, actor, { kind, ownerId: id }, note)
    await audit(tx, actor, 'part_time_timetable.ended', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'part_time_timetable',
      entityId: id,
    })
    return ended
  })
}
