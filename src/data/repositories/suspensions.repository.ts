import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  behaviourRiskAssessments,
  contacts,
  managedMoves,
  offSiteDirections,
  outbox,
  pupils,
  suspensionNotices,
  suspensionObligations,
  suspensionRisks,
  suspensions,
  tasks,
  users,
  type ContactRole,
} from '../schema/index.js'

// Suspensions, permanent exclusions and the records around them (issue 6; DOMAIN.md EX-1 to EX-20, PD-7, PD-17).

export type SuspensionRow = typeof suspensions.$inferSelect
export type NewSuspensionRow = typeof suspensions.$inferInsert
export type ObligationRow = typeof suspensionObligations.$inferSelect
export type NewObligationRow = typeof suspensionObligations.$inferInsert
export type NoticeRow = typeof suspensionNotices.$inferSelect
export type NewNoticeRow = typeof suspensionNotices.$inferInsert
export type AtRiskRow = typeof suspensionRisks.$inferSelect
export type NewAtRiskRow = typeof suspensionRisks.$inferInsert
export type RiskAssessmentRow = typeof behaviourRiskAssessments.$inferSelect
export type NewRiskAssessmentRow = typeof behaviourRiskAssessments.$inferInsert
export type OffSiteDirectionRow = typeof offSiteDirections.$inferSelect
export type NewOffSiteDirectionRow = typeof offSiteDirections.$inferInsert
export type ManagedMoveRow = typeof managedMoves.$inferSelect
export type NewManagedMoveRow = typeof managedMoves.$inferInsert

// --- Suspensions ---------------------------------------------------------------------------------------

export async function insertSuspension(tx: Executor, values: NewSuspensionRow): Promise<SuspensionRow> {
  const [row] = await tx.insert(suspensions).values(values).returning()
  return row!
}

/** One suspension; `lock` takes a row lock so that two decisions on it cannot both pass their checks. */
export async function findSuspension(
  tx: Executor,
  id: string,
  lock = false,
): Promise<SuspensionRow | undefined> {
  const query = tx.select().from(suspensions).where(eq(suspensions.id, id))
  const [row] = lock ? await query.for('update') : await query
  return row
}

/** Every suspension and exclusion of a pupil, oldest first, cancelled ones included. */
export async function suspensionsOfPupil(tx: Executor, pupilId: string): Promise<SuspensionRow[]> {
  return tx
    .select()
    .from(suspensions)
    .where(eq(suspensions.pupilId, pupilId))
    .orderBy(asc(suspensions.startDate), asc(suspensions.createdAt))
}

/**
 * The pupil's suspensions in the given school years, oldest first: the year's ones for the 45-day limit
 * (EX-1), and the year before too for the back-to-back count of day 6 (EX-5), which does not stop at a
 * school year's end.
 */
export async function suspensionsOfPupilInYears(
  tx: Executor,
  pupilId: string,
  schoolYears: number[],
): Promise<SuspensionRow[]> {
  if (schoolYears.length === 0) return []
  return tx
    .select()
    .from(suspensions)
    .where(and(eq(suspensions.pupilId, pupilId), inArray(suspensions.schoolYear, schoolYears)))
    .orderBy(asc(suspensions.startDate), asc(suspensions.createdAt))
}

/** Every suspension recorded at a school whose start falls in the school year. */
export async function suspensionsOfSchoolYear(
  tx: Executor,
  schoolId: string,
  schoolYear: number,
): Promise<SuspensionRow[]> {
  return tx
    .select()
    .from(suspensions)
    .where(and(eq(suspensions.schoolId, schoolId), eq(suspensions.schoolYear, schoolYear)))
    .orderBy(asc(suspensions.startDate))
}

/** Optimistic update: the new row, or undefined when `version` is stale. */
export async function updateSuspensionIfVersion(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewSuspensionRow>,
): Promise<SuspensionRow | undefined> {
  const [row] = await tx
    .update(suspensions)
    .set({ ...values, version: sql`${suspensions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(suspensions.id, id), eq(suspensions.version, version)))
    .returning()
  return row
}

// --- Obligations -----------------------------------------------------------------------------------------

export async function insertObligation(tx: Executor, values: NewObligationRow): Promise<ObligationRow> {
  const [row] = await tx.insert(suspensionObligations).values(values).returning()
  return row!
}

export async function findObligation(tx: Executor, id: string): Promise<ObligationRow | undefined> {
  const [row] = await tx.select().from(suspensionObligations).where(eq(suspensionObligations.id, id))
  return row
}

export async function obligationsOfPupil(tx: Executor, pupilId: string): Promise<ObligationRow[]> {
  return tx
    .select()
    .from(suspensionObligations)
    .where(eq(suspensionObligations.pupilId, pupilId))
    .orderBy(asc(suspensionObligations.dueBy), asc(suspensionObligations.createdAt))
}

/**
 * The pupil's obligations with their task's state: a duty is done when marked done here or when its task was
 * marked done on the tasks page.
 */
export async function obligationsWithTasksOfPupil(tx: Executor, pupilId: string) {
  const rows = await tx
    .select({ obligation: suspensionObligations, taskDoneAt: tasks.doneAt, taskDoneNote: tasks.doneNote })
    .from(suspensionObligations)
    .leftJoin(tasks, eq(tasks.id, suspensionObligations.taskId))
    .where(eq(suspensionObligations.pupilId, pupilId))
    .orderBy(asc(suspensionObligations.dueBy), asc(suspensionObligations.createdAt))
  return rows.map((r) => ({
    ...r.obligation,
    doneAt: r.obligation.doneAt ?? r.taskDoneAt,
    note: r.obligation.note ?? r.taskDoneNote,
  }))
}

export async function obligationsOf(tx: Executor, suspensionId: string): Promise<ObligationRow[]> {
  return tx
    .select()
    .from(suspensionObligations)
    .where(eq(suspensionObligations.suspensionId, suspensionId))
    .orderBy(asc(suspensionObligations.dueBy), asc(suspensionObligations.createdAt))
}

/** Marks an open obligation done; undefined when it was already done (keep the first). */
export async function markObligationDone(
  tx: Executor,
  id: string,
  userId: string,
  note: string | null,
  at: Date,
): Promise<ObligationRow | undefined> {
  const [row] = await tx
    .update(suspensionObligations)
    .set({ doneAt: at, doneBy: userId, note })
    .where(and(eq(suspensionObligations.id, id), isNull(suspensionObligations.doneAt)))
    .returning()
  return row
}

/** Open obligations of one suspension of the given kinds (a cancellation closes them). */
export async function openObligationsOf(tx: Executor, suspensionId: string): Promise<ObligationRow[]> {
  return tx
    .select()
    .from(suspensionObligations)
    .where(and(eq(suspensionObligations.suspensionId, suspensionId), isNull(suspensionObligations.doneAt)))
}

/** Open obligations of a school due before `today`, with the pupil's name, for the school's overview. */
export async function overdueObligationsOfSchool(tx: Executor, schoolId: string, today: string) {
  return tx
    .select({
      obligation: suspensionObligations,
      givenName: pupils.givenName,
      familyName: pupils.familyName,
    })
    .from(suspensionObligations)
    .innerJoin(suspensions, eq(suspensions.id, suspensionObligations.suspensionId))
    .innerJoin(pupils, eq(pupils.id, suspensionObligations.pupilId))
    .leftJoin(tasks, eq(tasks.id, suspensionObligations.taskId))
    .where(
      and(
        eq(suspensions.schoolId, schoolId),
        eq(suspensions.status, 'active'),
        isNull(suspensionObligations.doneAt),
        isNull(tasks.doneAt),
        lt(suspensionObligations.dueBy, today),
      ),
    )
    .orderBy(asc(suspensionObligations.dueBy))
}

// --- Notices ---------------------------------------------------------------------------------------------

export async function insertNotice(tx: Executor, values: NewNoticeRow): Promise<NoticeRow> {
  const [row] = await tx.insert(suspensionNotices).values(values).returning()
  return row!
}

export async function noticesOfPupil(tx: Executor, pupilId: string): Promise<NoticeRow[]> {
  return tx
    .select()
    .from(suspensionNotices)
    .where(eq(suspensionNotices.pupilId, pupilId))
    .orderBy(asc(suspensionNotices.createdAt))
}

export type NoticeDelivery = 'not_sent' | 'pending' | 'sent' | 'failed'

/** The pupil's notices with how their email is getting on: not sent (a draft), waiting, sent or failed. */
export async function noticesWithDeliveryOfPupil(tx: Executor, pupilId: string) {
  const rows = await tx
    .select({ notice: suspensionNotices, delivery: outbox.status, sentAt: outbox.sentAt })
    .from(suspensionNotices)
    .leftJoin(outbox, eq(outbox.id, suspensionNotices.outboxId))
    .where(eq(suspensionNotices.pupilId, pupilId))
    .orderBy(asc(suspensionNotices.createdAt))
  return rows.map((r): NoticeRow & { delivery: NoticeDelivery; sentAt: Date | null } => ({
    ...r.notice,
    delivery: r.delivery ?? 'not_sent',
    sentAt: r.sentAt,
  }))
}

export async function noticesOf(tx: Executor, suspensionId: string): Promise<NoticeRow[]> {
  return tx
    .select()
    .from(suspensionNotices)
    .where(eq(suspensionNotices.suspensionId, suspensionId))
    .orderBy(asc(suspensionNotices.createdAt))
}

/** The pupil's contacts with these roles who are current on `on` (no end date, or one on or after it). */
export async function currentContactsOf(
  tx: Executor,
  pupilId: string,
  roles: readonly ContactRole[],
  on: string,
) {
  if (roles.length === 0) return []
  return tx
    .select({ role: contacts.role, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(
      and(
        eq(contacts.pupilId, pupilId),
        inArray(contacts.role, [...roles]),
        sql`(${contacts.fromDate} is null or ${contacts.fromDate} <= ${on})`,
        sql`(${contacts.toDate} is null or ${contacts.toDate} >= ${on})`,
      ),
    )
    .orderBy(asc(contacts.createdAt))
}

/** The active users of a school with a role (the designated teacher, the headteacher), for tasks and copies. */
export async function schoolUsersWithRole(tx: Executor, schoolId: string, role: string) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.schoolId, schoolId), eq(users.role, role), eq(users.active, true)))
    .orderBy(asc(users.name))
}

// --- At risk of suspension -------------------------------------------------------------------------------

export async function insertAtRisk(tx: Executor, values: NewAtRiskRow): Promise<AtRiskRow> {
  const [row] = await tx.insert(suspensionRisks).values(values).returning()
  return row!
}

export async function findAtRisk(tx: Executor, id: string): Promise<AtRiskRow | undefined> {
  const [row] = await tx.select().from(suspensionRisks).where(eq(suspensionRisks.id, id))
  return row
}

/** The pupil's open "at risk" record, if any (there is at most one at a time). */
export async function openAtRiskOf(tx: Executor, pupilId: string): Promise<AtRiskRow | undefined> {
  const [row] = await tx
    .select()
    .from(suspensionRisks)
    .where(and(eq(suspensionRisks.pupilId, pupilId), eq(suspensionRisks.status, 'open')))
    .orderBy(desc(suspensionRisks.openedOn))
    .limit(1)
  return row
}

export async function atRiskOfPupil(tx: Executor, pupilId: string): Promise<AtRiskRow[]> {
  return tx
    .select()
    .from(suspensionRisks)
    .where(eq(suspensionRisks.pupilId, pupilId))
    .orderBy(desc(suspensionRisks.openedOn), desc(suspensionRisks.createdAt))
}

export async function updateAtRiskIfVersion(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewAtRiskRow>,
): Promise<AtRiskRow | undefined> {
  const [row] = await tx
    .update(suspensionRisks)
    .set({ ...values, version: sql`${suspensionRisks.version} + 1`, updatedAt: new Date() })
    .where(and(eq(suspensionRisks.id, id), eq(suspensionRisks.version, version)))
    .returning()
  return row
}

// --- Risk assessments (POL-22) ---------------------------------------------------------------------------

export async function insertRiskAssessment(
  tx: Executor,
  values: NewRiskAssessmentRow,
): Promise<RiskAssessmentRow> {
  const [row] = await tx.insert(behaviourRiskAssessments).values(values).returning()
  return row!
}

export async function riskAssessmentsOfPupil(tx: Executor, pupilId: string): Promise<RiskAssessmentRow[]> {
  return tx
    .select()
    .from(behaviourRiskAssessments)
    .where(eq(behaviourRiskAssessments.pupilId, pupilId))
    .orderBy(desc(behaviourRiskAssessments.completedOn), desc(behaviourRiskAssessments.createdAt))
}

// --- Off-site directions (EX-15) and managed moves (EX-14) -----------------------------------------------

export async function insertOffSiteDirection(
  tx: Executor,
  values: NewOffSiteDirectionRow,
): Promise<OffSiteDirectionRow> {
  const [row] = await tx.insert(offSiteDirections).values(values).returning()
  return row!
}

export async function findOffSiteDirection(
  tx: Executor,
  id: string,
): Promise<OffSiteDirectionRow | undefined> {
  const [row] = await tx.select().from(offSiteDirections).where(eq(offSiteDirections.id, id))
  return row
}

export async function offSiteDirectionsOfPupil(
  tx: Executor,
  pupilId: string,
): Promise<OffSiteDirectionRow[]> {
  return tx
    .select()
    .from(offSiteDirections)
    .where(eq(offSiteDirections.pupilId, pupilId))
    .orderBy(desc(offSiteDirections.startDate))
}

export async function updateOffSiteDirectionIfVersion(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewOffSiteDirectionRow>,
): Promise<OffSiteDirectionRow | undefined> {
  const [row] = await tx
    .update(offSiteDirections)
    .set({ ...values, version: sql`${offSiteDirections.version} + 1`, updatedAt: new Date() })
    .where(and(eq(offSiteDirections.id, id), eq(offSiteDirections.version, version)))
    .returning()
  return row
}

export async function insertManagedMove(tx: Executor, values: NewManagedMoveRow): Promise<ManagedMoveRow> {
  const [row] = await tx.insert(managedMoves).values(values).returning()
  return row!
}

export async function findManagedMove(tx: Executor, id: string): Promise<ManagedMoveRow | undefined> {
  const [row] = await tx.select().from(managedMoves).where(eq(managedMoves.id, id))
  return row
}

export async function managedMovesOfPupil(tx: Executor, pupilId: string): Promise<ManagedMoveRow[]> {
  return tx
    .select()
    .from(managedMoves)
    .where(eq(managedMoves.pupilId, pupilId))
    .orderBy(desc(managedMoves.createdAt))
}

export async function updateManagedMoveIfVersion(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewManagedMoveRow>,
): Promise<ManagedMoveRow | undefined> {
  const [row] = await tx
    .update(managedMoves)
    .set({ ...values, version: sql`${managedMoves.version} + 1`, updatedAt: new Date() })
    .where(and(eq(managedMoves.id, id), eq(managedMoves.version, version)))
    .returning()
  return row
}

/** Whether the pupil has an open duty of this kind on a suspension still in force (PD-17: risk assessment). */
export async function hasOpenObligation(tx: Executor, pupilId: string, kind: string): Promise<boolean> {
  const rows = await tx
    .select({ id: suspensionObligations.id })
    .from(suspensionObligations)
    .innerJoin(suspensions, eq(suspensions.id, suspensionObligations.suspensionId))
    .leftJoin(tasks, eq(tasks.id, suspensionObligations.taskId))
    .where(
      and(
        eq(suspensionObligations.pupilId, pupilId),
        eq(suspensionObligations.kind, kind),
        eq(suspensions.status, 'active'),
        isNull(suspensionObligations.doneAt),
        isNull(tasks.doneAt),
      ),
    )
    .limit(1)
  return rows.length > 0
}

/** The open duties of these kinds for the pupil, on suspensions still in force. */
export async function openObligationsOfPupil(tx: Executor, pupilId: string, kinds: string[]) {
  if (kinds.length === 0) return []
  return tx
    .select({ obligation: suspensionObligations })
    .from(suspensionObligations)
    .innerJoin(suspensions, eq(suspensions.id, suspensionObligations.suspensionId))
    .where(
      and(
        eq(suspensionObligations.pupilId, pupilId),
        inArray(suspensionObligations.kind, kinds),
        eq(suspensions.status, 'active'),
        isNull(suspensionObligations.doneAt),
      ),
    )
    .then((rows) => rows.map((r) => r.obligation))
}

/** Names of the given pupils, for the school's overview of repeated suspensions. */
export async function pupilNamesOf(tx: Executor, pupilIds: string[]) {
  if (pupilIds.length === 0) return []
  return tx
    .select({
      id: pupils.id,
      givenName: pupils.givenName,
      familyName: pupils.familyName,
      preferredName: pupils.preferredName,
      yearGroup: pupils.yearGroup,
    })
    .from(pupils)
    .where(inArray(pupils.id, pupilIds))
}
