import type { Actor } from '../domain/access/scope.js'
import { formatDate, type IsoDate } from '../domain/calendar/dates.js'
import type { Executor } from '../data/db.js'
import { reopenTask } from '../data/repositories/attendance-alerts.repository.js'
import { closeTasksBySourcePrefix } from '../data/repositories/tasks.repository.js'
import { createTask } from './tasks.service.js'

// The dated tasks of attendance support plans and part-time timetables (a review date, an end date): one
// task per plan and date, for whoever made the plan, moved when the date moves.

export type PlanTask = { kind: string; ownerId: string; due: IsoDate; title: string; detail: string }

const keyPrefix = (task: Pick<PlanTask, 'kind' | 'ownerId'>) => `${task.kind}:${task.ownerId}:`

export async function scheduleTask(
  tx: Executor,
  actor: Actor,
  pupil: { id: string; schoolId: string },
  task: PlanTask,
): Promise<void> {
  const sourceKey = `${keyPrefix(task)}${task.due}`
  const created = await createTask(tx, {
    schoolId: pupil.schoolId,
    pupilId: pupil.id,
    kind: task.kind,
    title: task.title,
    detail: task.detail,
    assigneeUserId: actor.userId,
    dueOn: task.due,
    sourceKey,
    createdBy: actor.userId,
  })
  // A date moved away and back again: the task for it was closed when it moved, so it opens again.
  if (!created) await reopenTask(tx, sourceKey)
}

/** Moves a plan's task from `previous` to `task.due`: the open one closes with a note, the new one opens. */
export async function rescheduleTask(
  tx: Executor,
  actor: Actor,
  pupil: { id: string; schoolId: string },
  task: PlanTask,
  previous: IsoDate,
): Promise<void> {
  if (previous === task.due) return
  await closeTaskOf(tx, actor, task, `Moved to ${formatDate(task.due)}`)
  await scheduleTask(tx, actor, pupil, task)
}

/** Closes the open tasks of one kind of a plan, with a note. */
export async function closeTaskOf(
  tx: Executor,
  actor: Actor,
  task: Pick<PlanTask, 'kind' | 'ownerId'>,
  note: string,
): Promise<void> {
  await closeTasksBySourcePrefix(tx, keyPrefix(task), actor.userId, note)
}
