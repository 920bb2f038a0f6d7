import { count, eq, getTableName } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  attendanceAdjustments,
  attendanceMarkHistory,
  attendanceWeeks,
  attendanceSupportPlans,
  behaviourRiskAssessments,
  contacts,
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  managedMoves,
  offSiteDirections,
  outbox,
  partTimeTimetables,
  pepEvents,
  pepReviewDates,
  peps,
  pepTargetReviews,
  pepTargets,
  placementChanges,
  pupils,
  pupilStaff,
  statusEpisodes,
  suspensionNotices,
  suspensionObligations,
  suspensionRisks,
  suspensions,
  tasks,
} from '../schema/index.js'

/**
 * Every table holding rows about one pupil, in an order they can be deleted in (a row before the rows
 * it refers to). A new table with a `pupil_id` must be added here: pupil-erasure.repository.test.ts
 * compares this list with the database. `audit_event` is not here on purpose: the audit trail is
 * append-only and outlives the record (DESIGN.md "Access control and audit"); it has no foreign key to
 * `pupil`, so it does not stop the deletion.
 */
const PUPIL_TABLES = [
  attendanceMarkHistory,
  attendanceWeeks,
  attendanceSupportPlans,
  partTimeTimetables,
  attendanceAdjustments,
  suspensionObligations,
  suspensionNotices,
  behaviourRiskAssessments,
  suspensions,
  suspensionRisks,
  offSiteDirections,
  managedMoves,
  fundingSpends,
  fundingReleases,
  fundingAllocations,
  pepTargetReviews,
  pepEvents,
  pepTargets,
  pepReviewDates,
  peps,
  placementChanges,
  statusEpisodes,
  contacts,
  pupilStaff,
  tasks,
  outbox,
] as const

/** The tables, by name, in the order they are deleted from. */
export const PUPIL_RECORD_TABLES: readonly string[] = PUPIL_TABLES.map((t) => getTableName(t))

/** Rows about one pupil, by table name. */
export type RowCounts = Record<string, number>

/** How many rows each table holds about the pupil: what deleting the record would delete. */
export async function countPupilRows(tx: Executor, pupilId: string): Promise<RowCounts> {
  const counts: RowCounts = {}
  for (const table of PUPIL_TABLES) {
    const [row] = await tx.select({ n: count() }).from(table).where(eq(table.pupilId, pupilId))
    counts[getTableName(table)] = row?.n ?? 0
  }
  return counts
}

/**
 * Deletes the pupil and every row about them (DOMAIN.md PD-13), in the caller's transaction; returns
 * how many rows each table lost. False when there was no such pupil.
 */
export async function erasePupil(tx: Executor, pupilId: string): Promise<RowCounts | false> {
  const counts: RowCounts = {}
  for (const table of PUPIL_TABLES) {
    const gone = await tx
      .delete(table)
      .where(eq(table.pupilId, pupilId))
      .returning({ pupilId: table.pupilId })
    counts[getTableName(table)] = gone.length
  }
  const pupil = await tx.delete(pupils).where(eq(pupils.id, pupilId)).returning({ id: pupils.id })
  return pupil.length ? counts : false
}
