import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { attendanceMarks, tasks } from '../schema/index.js'

// The reads and writes behind attendance alerts. They run inside an import's transaction, after the merge
// has left the temporary table `attendance_changed(pupil_id, date, session, old_code, new_code)`: every mark
// the import added (old_code null) or changed of the pupils `watchedPupils` names.

export type ChangedMark = {
  pupilId: string
  date: string
  session: 'AM' | 'PM'
  oldCode: string | null
  newCode: string
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

// DOMAIN.md PD-15 "has a social worker": looked after, or an open child in need or child protection plan.
const socialWorkerEpisodes = (schoolId: string) => sql`
  select e.pupil_id, e.start_date, e.end_date
    from status_episode e
   where e.school_id = ${schoolId}
     and e.type in ('CLA', 'CIN', 'CP')
     and e.superseded_by_id is null and e.withdrawn_reason is null`

/**
 * The pupils of the school who have had a social worker at any time: the only ones whose changed marks the
 * alerts read, so an import lists just theirs in `attendance_changed`.
 */
export async function watchedPupils(tx: Executor, schoolId: string): Promise<Set<string>> {
  const result: unknown = await tx.execute(
    sql`select distinct s.pupil_id::text as "pupilId" from (${socialWorkerEpisodes(schoolId)}) s`,
  )
  return new Set(rowsOf<{ pupilId: string }>(result).map((r) => r.pupilId))
}

/**
 * The changed marks of the pupils who on the mark's date were looked after or had an open child in need or
 * child protection episode (DOMAIN.md PD-15 "has a social worker"): those dated `since` or later, and every
 * recode from N or O (whose task must close, however old). Set-based, in one pass over the changed marks:
 * the school's few such pupils are found first, so a million changed marks stay fast.
 */
export async function changedMarksOfPupilsWithSocialWorker(
  tx: Executor,
  schoolId: string,
  since: string,
): Promise<ChangedMark[]> {
  const result: unknown = await tx.execute(sql`
    with social_worker as materialized (${socialWorkerEpisodes(schoolId)})
    select c.pupil_id::text as "pupilId", to_char(c.date, 'YYYY-MM-DD') as "date", c.session,
           c.old_code as "oldCode", c.new_code as "newCode"
      from attendance_changed c
     where (c.date >= ${since}::date or c.old_code in ('N', 'O'))
       and c.pupil_id in (select pupil_id from social_worker)
       and exists (
         select 1 from social_worker s
          where s.pupil_id = c.pupil_id and s.start_date <= c.date
            and (s.end_date is null or s.end_date >= c.date))
     order by c.pupil_id, c.date, c.session
  `)
  return rowsOf<ChangedMark>(result)
}

export const UNEXPLAINED_ABSENCE_TASK = 'attendance_unexplained_absence'

/** The source key of the task about one unexplained absence: one task per pupil, day and session. */
export function unexplainedAbsenceKey(pupilId: string, date: string, session: string): string {
  return `${UNEXPLAINED_ABSENCE_TASK}:${pupilId}:${date}:${session}`
}

/** Closes the open tasks with these source keys, each with its own note; returns how many were open. */
export async function closeTasksWithNotes(
  tx: Executor,
  closing: ReadonlyArray<{ sourceKey: string; note: string }>,
  doneBy: string | null,
): Promise<number> {
  if (closing.length === 0) return 0
  const keys = sql.param(closing.map((c) => c.sourceKey))
  const notes = sql.param(closing.map((c) => c.note))
  const result: unknown = await tx.execute(sql`
    update task t
       set done_at = now(), done_by = ${doneBy}::uuid, done_note = v.note
      from unnest(${keys}::text[], ${notes}::text[]) as v(source_key, note)
     where t.source_key = v.source_key and t.done_at is null
    returning t.id
  `)
  return rowsOf(result).length
}

/**
 * A closed unexplained-absence task whose mark is N or O again (recoded back): open it again, so the
 * school tells the social worker that the absence is unexplained after all. True when it was reopened.
 */
export async function reopenTask(tx: Executor, sourceKey: string): Promise<boolean> {
  const rows = await tx
    .update(tasks)
    .set({ doneAt: null, doneBy: null, doneNote: null })
    .where(and(eq(tasks.sourceKey, sourceKey), sql`${tasks.doneAt} is not null`))
    .returning({ id: tasks.id })
  return rows.length > 0
}

export type StoredMark = { pupilId: string; date: string; session: 'AM' | 'PM'; code: string }

/** The current marks of some pupils from `from` to `to` (both included), through the primary key. */
export async function marksOfPupils(
  tx: Executor,
  pupilIds: readonly string[],
  from: string,
  to: string,
): Promise<StoredMark[]> {
  if (pupilIds.length === 0) return []
  return tx
    .select({
      pupilId: attendanceMarks.pupilId,
      date: attendanceMarks.date,
      session: attendanceMarks.session,
      code: attendanceMarks.code,
    })
    .from(attendanceMarks)
    .where(
      and(
        inArray(attendanceMarks.pupilId, [...pupilIds]),
        gte(attendanceMarks.date, from),
        lte(attendanceMarks.date, to),
      ),
    )
}

/** The kinds of the open tasks of some pupils, as `pupilId kind` pairs (one alert of a kind open at a time). */
export async function openTaskKindsOf(
  tx: Executor,
  pupilIds: readonly string[],
  kinds: readonly string[],
): Promise<Set<string>> {
  if (pupilIds.length === 0) return new Set()
  const rows = await tx
    .select({ pupilId: tasks.pupilId, kind: tasks.kind })
    .from(tasks)
    .where(and(inArray(tasks.pupilId, [...pupilIds]), inArray(tasks.kind, [...kinds]), isNull(tasks.doneAt)))
  return new Set(rows.map((r) => `${r.pupilId} ${r.kind}`))
}

/** Closes the open tasks of one kind about a pupil, with a note. */
export async function closeOpenTasksOfKind(
  tx: Executor,
  pupilId: string,
  kind: string,
  doneBy: string | null,
  note: string,
) {
  return tx
    .update(tasks)
    .set({ doneAt: new Date(), doneBy, doneNote: note })
    .where(and(eq(tasks.pupilId, pupilId), eq(tasks.kind, kind), isNull(tasks.doneAt)))
    .returning({ id: tasks.id })
}
