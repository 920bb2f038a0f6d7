import { asc, eq, sql, type AnyColumn } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  auditEvents,
  contacts,
  outbox,
  placementChanges,
  pupils,
  pupilStaff,
  schools,
  statusEpisodes,
  tasks,
} from '../schema/index.js'

// Issue 3 item 7: the reads behind a subject-access export. Each returns every row about the pupil,
// history included (ended, superseded, withdrawn, done), oldest first. The caller has checked scope.

/** The name of the user whose id is in `column`, or null (no user, or the system). */
const nameOf = (column: AnyColumn) =>
  sql<string | null>`(select u.name from app_user u where u.id = ${column})`

export async function episodesWithRecorder(tx: Executor, pupilId: string) {
  return tx
    .select({ episode: statusEpisodes, recordedByName: nameOf(statusEpisodes.recordedBy) })
    .from(statusEpisodes)
    .where(eq(statusEpisodes.pupilId, pupilId))
    .orderBy(asc(statusEpisodes.recordedAt), asc(statusEpisodes.id))
}

export async function placementChangesWithRecorder(tx: Executor, pupilId: string) {
  return tx
    .select({ change: placementChanges, recordedByName: nameOf(placementChanges.recordedBy) })
    .from(placementChanges)
    .where(eq(placementChanges.pupilId, pupilId))
    .orderBy(asc(placementChanges.changedOn), asc(placementChanges.recordedAt), asc(placementChanges.id))
}

export async function allContactsOf(tx: Executor, pupilId: string) {
  return tx
    .select()
    .from(contacts)
    .where(eq(contacts.pupilId, pupilId))
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
}

/** Every assignment of a key adult, mentor or teacher, ended ones included. */
export async function allStaffAssignmentsOf(tx: Executor, pupilId: string) {
  return tx
    .select({ assignment: pupilStaff, staffName: nameOf(pupilStaff.userId) })
    .from(pupilStaff)
    .where(eq(pupilStaff.pupilId, pupilId))
    .orderBy(asc(pupilStaff.createdAt), asc(pupilStaff.id))
}

export async function allTasksAbout(tx: Executor, pupilId: string) {
  return tx
    .select({
      task: tasks,
      assigneeName: nameOf(tasks.assigneeUserId),
      doneByName: nameOf(tasks.doneBy),
    })
    .from(tasks)
    .where(eq(tasks.pupilId, pupilId))
    .orderBy(asc(tasks.createdAt), asc(tasks.id))
}

/** Emails Harbour sent, or is to send, about the pupil. */
export async function outboxMessagesAbout(tx: Executor, pupilId: string) {
  return tx
    .select()
    .from(outbox)
    .where(eq(outbox.pupilId, pupilId))
    .orderBy(asc(outbox.createdAt), asc(outbox.id))
}

/** The whole audit trail about the pupil, oldest first: who looked, changed or was refused, and when. */
export async function auditTrailOf(tx: Executor, pupilId: string) {
  return tx
    .select({ at: auditEvents.at, actorLabel: auditEvents.actorLabel, action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.pupilId, pupilId))
    .orderBy(asc(auditEvents.seq))
}

export async function pupilWithSchool(tx: Executor, pupilId: string) {
  const [row] = await tx
    .select({ pupil: pupils, schoolName: schools.name, schoolUrn: schools.urn })
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .where(eq(pupils.id, pupilId))
  return row
}
