import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  attendanceAdjustments,
  attendanceMarkHistory,
  attendanceMarks,
  attendanceSupportPlans,
  partTimeTimetables,
} from '../schema/index.js'

// Attendance support plans, part-time timetables (ATT-16) and placement-move adjustments (POL-17). The
// caller has checked the pupil is in the actor's scope.

export type SupportPlanRow = typeof attendanceSupportPlans.$inferSelect
export type NewSupportPlanRow = typeof attendanceSupportPlans.$inferInsert
export type PartTimeTimetableRow = typeof partTimeTimetables.$inferSelect
export type NewPartTimeTimetableRow = typeof partTimeTimetables.$inferInsert
export type AdjustmentRow = typeof attendanceAdjustments.$inferSelect
export type NewAdjustmentRow = typeof attendanceAdjustments.$inferInsert

export async function insertSupportPlan(tx: Executor, values: NewSupportPlanRow): Promise<SupportPlanRow> {
  const [row] = await tx.insert(attendanceSupportPlans).values(values).returning()
  return row!
}

export async function findSupportPlan(tx: Executor, pupilId: string, id: string) {
  const [row] = await tx
    .select()
    .from(attendanceSupportPlans)
    .where(and(eq(attendanceSupportPlans.id, id), eq(attendanceSupportPlans.pupilId, pupilId)))
    .for('update')
  return row
}

/** Saves changes when the plan is still at `version`; undefined when someone else changed it first. */
export async function updateSupportPlanIfVersion(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewSupportPlanRow>,
) {
  const [row] = await tx
    .update(attendanceSupportPlans)
    .set({ ...values, version: sql`${attendanceSupportPlans.version} + 1`, updatedAt: new Date() })
    .where(and(eq(attendanceSupportPlans.id, id), eq(attendanceSupportPlans.version, version)))
    .returning()
  return row
}

export async function supportPlansOf(tx: Executor, pupilId: string): Promise<SupportPlanRow[]> {
  return tx
    .select()
    .from(attendanceSupportPlans)
    .where(eq(attendanceSupportPlans.pupilId, pupilId))
    .orderBy(desc(attendanceSupportPlans.startedOn), desc(attendanceSupportPlans.createdAt))
}

export async function insertPartTimeTimetable(
  tx: Executor,
  values: NewPartTimeTimetableRow,
): Promise<PartTimeTimetableRow> {
  const [row] = await tx.insert(partTimeTimetables).values(values).returning()
  return row!
}

export async function findPartTimeTimetable(tx: Executor, pupilId: string, id: string) {
  const [row] = await tx
    .select()
    .from(partTimeTimetables)
    .where(and(eq(partTimeTimetables.id, id), eq(partTimeTimetables.pupilId, pupilId)))
    .for('update')
  return row
}

export async function updatePartTimeTimetableIfVersion(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewPartTimeTimetableRow>,
) {
  const [row] = await tx
    .update(partTimeTimetables)
    .set({ ...values, version: sql`${partTimeTimetables.version} + 1`, updatedAt: new Date() })
    .where(and(eq(partTimeTimetables.id, id), eq(partTimeTimetables.version, version)))
    .returning()
  return row
}

export async function partTimeTimetablesOf(tx: Executor, pupilId: string): Promise<PartTimeTimetableRow[]> {
  return tx
    .select()
    .from(partTimeTimetables)
    .where(eq(partTimeTimetables.pupilId, pupilId))
    .orderBy(desc(partTimeTimetables.startDate), desc(partTimeTimetables.createdAt))
}

export async function insertAdjustment(tx: Executor, values: NewAdjustmentRow): Promise<AdjustmentRow> {
  const [row] = await tx.insert(attendanceAdjustments).values(values).returning()
  return row!
}

export async function adjustmentsOf(tx: Executor, pupilId: string): Promise<AdjustmentRow[]> {
  return tx
    .select()
    .from(attendanceAdjustments)
    .where(eq(attendanceAdjustments.pupilId, pupilId))
    .orderBy(asc(attendanceAdjustments.fromDate), asc(attendanceAdjustments.createdAt))
}

/** A pupil's current marks from `from` to `to`, both included, in date order. */
export async function marksOfPupil(tx: Executor, pupilId: string, from: string, to: string) {
  return tx
    .select({ date: attendanceMarks.date, session: attendanceMarks.session, code: attendanceMarks.code })
    .from(attendanceMarks)
    .where(
      and(
        eq(attendanceMarks.pupilId, pupilId),
        gte(attendanceMarks.date, from),
        lte(attendanceMarks.date, to),
      ),
    )
    .orderBy(asc(attendanceMarks.date), asc(attendanceMarks.session))
}

/**
 * Every mark ever recorded for a pupil, current and superseded (ATT-4), oldest day first: the register as a
 * subject-access export shows it. `supersededAt` is null for a current mark.
 */
export async function markVersionsOf(tx: Executor, pupilId: string) {
  const result: unknown = await tx.execute(sql`
    select to_char(date, 'YYYY-MM-DD') as "date", session, code, recorded_at as "recordedAt",
           null::timestamptz as "supersededAt"
      from attendance_mark where pupil_id = ${pupilId}
    union all
    select to_char(date, 'YYYY-MM-DD'), session, code, recorded_at, superseded_at
      from ${attendanceMarkHistory} where pupil_id = ${pupilId}
    order by 1, 2, 4
  `)
  const { rows } = result as {
    rows: Array<{
      date: string
      session: 'AM' | 'PM'
      code: string
      recordedAt: Date | string
      supersededAt: Date | string | null
    }>
  }
  const instant = (v: Date | string | null) => (v === null ? null : new Date(v))
  return rows.map((r) => ({
    ...r,
    recordedAt: instant(r.recordedAt)!,
    supersededAt: instant(r.supersededAt),
  }))
}
