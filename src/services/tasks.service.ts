import { eq } from 'drizzle-orm'
import type { Actor } from '../domain/access/scope.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import { tasks } from '../data/schema/index.js'
import * as repo from '../data/repositories/tasks.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { isUuid } from './ids.js'
import { NotFoundError, RuleBrokenError } from './errors.js'
import { requirePupil } from './pupils.service.js'

export type TaskState = 'late' | 'due_today' | 'due' | 'done'

export function taskState(t: { dueOn: string; doneAt: Date | null }, todayIso: string): TaskState {
  if (t.doneAt) return 'done'
  if (t.dueOn < todayIso) return 'late'
  if (t.dueOn === todayIso) return 'due_today'
  return 'due'
}

/** Used by every rule that creates work: one dated task, created once per source key. */
export async function createTask(tx: Executor, values: repo.NewTaskRow) {
  return repo.insertTask(tx, values)
}

/** "Your tasks": what is late first, then what is due, soonest first. */
export async function listMyTasks(
  ctx: ServiceContext,
  actor: Actor,
  options: { includeDone?: boolean } = {},
) {
  authorise(actor, 'task:read')
  const todayIso = today(ctx)
  const rows = await ctx.db.transaction((tx) =>
    repo.listTasks(
      tx,
      repo.tasksForUser(actor.userId, actor.role, actor.schoolId),
      options.includeDone ?? false,
    ),
  )
  const withState = rows.map((t) => ({ ...t, state: taskState(t, todayIso) }))
  const rank: Record<TaskState, number> = { late: 0, due_today: 1, due: 2, done: 3 }
  return withState.sort((a, b) => rank[a.state] - rank[b.state] || a.dueOn.localeCompare(b.dueOn))
}

export async function listPupilTasks(tx: Executor, pupilId: string) {
  return repo.listTasks(tx, eq(tasks.pupilId, pupilId), true)
}

export async function completeTask(ctx: ServiceContext, actor: Actor, taskId: string, note: string | null) {
  authorise(actor, 'task:read')
  return ctx.db.transaction(async (tx) => {
    if (!isUuid(taskId)) throw new NotFoundError('task')
    const task = await repo.findTask(tx, taskId)
    if (!task) throw new NotFoundError('task')
    const mine =
      task.assigneeUserId === actor.userId ||
      (task.assigneeUserId === null && task.assigneeRole === actor.role && task.schoolId === actor.schoolId)
    if (!mine) throw new NotFoundError('task')
    if (task.pupilId) await requirePupil(tx, actor, task.pupilId, today(ctx), 'task:read')
    const tooLong = overlongFields([
      { path: 'note', label: 'The note', value: note?.trim(), kind: 'taskNote' },
    ])
    if (tooLong.length) throw new RuleBrokenError(tooLong)
    const done = await repo.completeTask(tx, taskId, actor.userId, note?.trim() || null)
    // Already done (a double submit, or a colleague with the same role got there first): keep the first.
    if (!done) return task
    await audit(tx, actor, 'task.completed', {
      schoolId: task.schoolId,
      pupilId: task.pupilId,
      entity: 'task',
      entityId: taskId,
      details: { kind: task.kind },
    })
    return done
  })
}
