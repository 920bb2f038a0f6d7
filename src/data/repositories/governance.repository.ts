import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  designatedRoleAppointments,
  tasks,
  trainingAttendances,
  trainingCourses,
  trainingSessions,
  users,
} from '../schema/index.js'

export type AppointmentRow = typeof designatedRoleAppointments.$inferSelect
export type NewAppointmentRow = typeof designatedRoleAppointments.$inferInsert
export type CourseRow = typeof trainingCourses.$inferSelect
export type SessionRow = typeof trainingSessions.$inferSelect
export type AttendanceRow = typeof trainingAttendances.$inferSelect

const ROLE_LOCK_CLASS = 72_026_007

/**
 * Holds, until the transaction ends, the lock on one school's appointments to one role: two people
 * appointed at once to a single-holder role queue behind each other, so the second sees the first and
 * the overlap check (POL-1) cannot be raced past.
 */
export async function lockRole(tx: Executor, schoolId: string, role: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ROLE_LOCK_CLASS}, hashtext(${`${schoolId}:${role}`}))`)
}

/** Every appointment of the school, each role's earliest first. A school has a few dozen at most. */
export async function appointmentsOfSchool(tx: Executor, schoolId: string): Promise<AppointmentRow[]> {
  return tx
    .select()
    .from(designatedRoleAppointments)
    .where(eq(designatedRoleAppointments.schoolId, schoolId))
    .orderBy(asc(designatedRoleAppointments.startDate), asc(designatedRoleAppointments.createdAt))
}

export async function findAppointment(tx: Executor, schoolId: string, id: string) {
  const [row] = await tx
    .select()
    .from(designatedRoleAppointments)
    .where(and(eq(designatedRoleAppointments.id, id), eq(designatedRoleAppointments.schoolId, schoolId)))
  return row
}

export async function insertAppointment(tx: Executor, values: NewAppointmentRow): Promise<AppointmentRow> {
  const [row] = await tx.insert(designatedRoleAppointments).values(values).returning()
  return row!
}

/** Updates the appointment if it is still at `version`; undefined when someone changed it first. */
export async function updateAppointment(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewAppointmentRow>,
): Promise<AppointmentRow | undefined> {
  const [row] = await tx
    .update(designatedRoleAppointments)
    .set({ ...values, version: sql`${designatedRoleAppointments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(designatedRoleAppointments.id, id), eq(designatedRoleAppointments.version, version)))
    .returning()
  return row
}

export async function coursesOfSchool(tx: Executor, schoolId: string): Promise<CourseRow[]> {
  return tx
    .select()
    .from(trainingCourses)
    .where(eq(trainingCourses.schoolId, schoolId))
    .orderBy(asc(trainingCourses.title))
}

export async function findCourse(tx: Executor, schoolId: string, id: string) {
  const [row] = await tx
    .select()
    .from(trainingCourses)
    .where(and(eq(trainingCourses.id, id), eq(trainingCourses.schoolId, schoolId)))
  return row
}

export async function insertCourse(tx: Executor, values: typeof trainingCourses.$inferInsert) {
  const [row] = await tx.insert(trainingCourses).values(values).returning()
  return row!
}

export async function insertSession(tx: Executor, values: typeof trainingSessions.$inferInsert) {
  const [row] = await tx.insert(trainingSessions).values(values).returning()
  return row!
}

export async function insertAttendances(
  tx: Executor,
  values: Array<typeof trainingAttendances.$inferInsert>,
) {
  if (values.length === 0) return []
  return tx.insert(trainingAttendances).values(values).returning()
}

export type SessionWithCourse = SessionRow & { course: CourseRow; attendees: AttendanceRow[] }

/** The school's sessions held on or before `until`, latest first, each with its course and attendees. */
export async function sessionsOfSchool(
  tx: Executor,
  schoolId: string,
  until: string,
): Promise<SessionWithCourse[]> {
  const rows = await tx
    .select({ session: trainingSessions, course: trainingCourses })
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(and(eq(trainingSessions.schoolId, schoolId), lte(trainingSessions.heldOn, until)))
    .orderBy(sql`${trainingSessions.heldOn} desc`, sql`${trainingSessions.createdAt} desc`)
  const ids = rows.map((r) => r.session.id)
  const attendees = ids.length
    ? await tx
        .select()
        .from(trainingAttendances)
        .where(inArray(trainingAttendances.sessionId, ids))
        .orderBy(asc(trainingAttendances.personName))
    : []
  const bySession = Map.groupBy(attendees, (a) => a.sessionId)
  return rows.map((r) => ({ ...r.session, course: r.course, attendees: bySession.get(r.session.id) ?? [] }))
}

/** The school's active users, to link an appointment or an attendee to their account. */
export async function usersOfSchool(tx: Executor, schoolId: string) {
  return tx
    .select({ id: users.id, name: users.name, role: users.role, email: users.email })
    .from(users)
    .where(and(eq(users.schoolId, schoolId), eq(users.active, true)))
    .orderBy(asc(users.name))
}

/** The open tasks whose source key starts with `prefix`. */
export async function openTasksWithPrefix(tx: Executor, prefix: string) {
  return tx
    .select({ id: tasks.id, sourceKey: tasks.sourceKey })
    .from(tasks)
    .where(and(isNull(tasks.doneAt), sql`starts_with(${tasks.sourceKey}, ${prefix})`))
}

export async function closeTasks(tx: Executor, ids: string[], userId: string | null, note: string) {
  if (ids.length === 0) return []
  return tx
    .update(tasks)
    .set({ doneAt: new Date(), doneBy: userId, doneNote: note })
    .where(and(inArray(tasks.id, ids), isNull(tasks.doneAt)))
    .returning({ id: tasks.id })
}
