import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { pupils, tasks, users } from '../schema/index.js'

export type TaskRow = typeof tasks.$inferSelect
export type NewTaskRow = typeof tasks.$inferInsert

/** Inserts a task; a task with the same source key is created only once. */
export async function insertTask(tx: Executor, values: NewTaskRow): Promise<TaskRow | undefined> {
  const [row] = await tx.insert(tasks).values(values).onConflictDoNothing().returning()
  return row
}

export type TaskListRow = TaskRow & {
  pupilGivenName: string | null
  pupilFamilyName: string | null
  doneByName: string | null
}

export async function listTasks(
  tx: Executor,
  where: SQL | undefined,
  includeDone: boolean,
): Promise<TaskListRow[]> {
  const doneBy = sql<string | null>`(select name from app_user u where u.id = ${tasks.doneBy})`
  const rows = await tx
    .select({ task: tasks, given: pupils.givenName, family: pupils.familyName, doneByName: doneBy })
    .from(tasks)
    .leftJoin(pupils, eq(pupils.id, tasks.pupilId))
    .where(and(where, includeDone ? undefined : isNull(tasks.doneAt)))
    .orderBy(asc(tasks.dueOn), asc(tasks.createdAt))
    .limit(500)
  return rows.map((r) => ({
    ...r.task,
    pupilGivenName: r.given,
    pupilFamilyName: r.family,
    doneByName: r.doneByName,
  }))
}

export function tasksForUser(userId: string, role: string, schoolId: string | null): SQL {
  return or(
    eq(tasks.assigneeUserId, userId),
    schoolId
      ? and(isNull(tasks.assigneeUserId), eq(tasks.assigneeRole, role), eq(tasks.schoolId, schoolId))
      : undefined,
  )!
}

export async function findTask(tx: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await tx.select().from(tasks).where(eq(tasks.id, id))
  return row
}

export async function completeTask(tx: Executor, id: string, userId: string, note: string | null) {
  const [row] = await tx
    .update(tasks)
    .set({ doneAt: new Date(), doneBy: userId, doneNote: note })
    .where(and(eq(tasks.id, id), isNull(tasks.doneAt)))
    .returning()
  return row
}

export async function userName(tx: Executor, id: string): Promise<string | null> {
  const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, id))
  return row?.name ?? null
}

/** Closes every open task whose source key starts with `prefix` (a rule's tasks for one pupil), with a note. */
export async function closeTasksBySourcePrefix(
  tx: Executor,
  prefix: string,
  userId: string | null,
  note: string,
) {
  return tx
    .update(tasks)
    .set({ doneAt: new Date(), doneBy: userId, doneNote: note })
    .where(and(isNull(tasks.doneAt), sql`starts_with(${tasks.sourceKey}, ${prefix})`))
    .returning({ id: tasks.id })
}
