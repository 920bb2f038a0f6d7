import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  pepEvents,
  pepReviewDates,
  pepTargetReviews,
  pepTargets,
  peps,
  placementChanges,
  pupils,
  schools,
  users,
  virtualSchoolSettings,
} from '../schema/index.js'
import { socialWorkerContactsOf } from './notification-recipients.repository.js'

export type PepRow = typeof peps.$inferSelect
export type NewPepRow = typeof peps.$inferInsert
export type PepTargetRow = typeof pepTargets.$inferSelect
export type PepTargetReviewRow = typeof pepTargetReviews.$inferSelect
export type PepEventRow = typeof pepEvents.$inferSelect

export async function insertPep(tx: Executor, values: NewPepRow): Promise<PepRow> {
  const [row] = await tx.insert(peps).values(values).returning()
  return row!
}

export async function findPep(tx: Executor, id: string): Promise<PepRow | undefined> {
  const [row] = await tx.select().from(peps).where(eq(peps.id, id))
  return row
}

/** Locks the PEP for the rest of the transaction, so two submits or an edit and an approval queue behind each other. */
export async function findPepForUpdate(tx: Executor, id: string): Promise<PepRow | undefined> {
  const [row] = await tx.select().from(peps).where(eq(peps.id, id)).for('update')
  return row
}

/** Optimistic concurrency (DESIGN.md "Data conventions"): updates only when the version is still the one read. */
export async function updatePepIfVersion(
  tx: Executor,
  id: string,
  expectedVersion: number,
  values: Partial<NewPepRow>,
): Promise<PepRow | undefined> {
  const [row] = await tx
    .update(peps)
    .set({ ...values, version: sql`${peps.version} + 1`, updatedAt: new Date() })
    .where(and(eq(peps.id, id), eq(peps.version, expectedVersion)))
    .returning()
  return row
}

export async function pepsOfPupil(tx: Executor, pupilId: string): Promise<PepRow[]> {
  return tx
    .select()
    .from(peps)
    .where(eq(peps.pupilId, pupilId))
    .orderBy(desc(peps.meetingDate), desc(peps.createdAt))
}

export async function pepsOfPupils(tx: Executor, pupilIds: string[]): Promise<PepRow[]> {
  if (pupilIds.length === 0) return []
  return tx.select().from(peps).where(inArray(peps.pupilId, pupilIds)).orderBy(asc(peps.meetingDate))
}

/**
 * What the PEP schedule and the dashboards need of many pupils' PEPs, oldest meeting first: no content, which
 * is most of a PEP's size and slow to read by the hundred. The ids go as one array parameter.
 */
export async function pepFactsOfPupils(tx: Executor, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return []
  return tx
    .select({
      id: peps.id,
      pupilId: peps.pupilId,
      kind: peps.kind,
      meetingDate: peps.meetingDate,
      status: peps.status,
      submittedAt: peps.submittedAt,
      qualityRating: peps.qualityRating,
    })
    .from(peps)
    .where(sql`${peps.pupilId} = any(${sql.param([...pupilIds])}::uuid[])`)
    .orderBy(asc(peps.meetingDate), asc(peps.createdAt))
}

export type PepFactsRow = Awaited<ReturnType<typeof pepFactsOfPupils>>[number]

export async function targetsOf(tx: Executor, pepId: string): Promise<PepTargetRow[]> {
  return tx.select().from(pepTargets).where(eq(pepTargets.pepId, pepId)).orderBy(asc(pepTargets.position))
}

export async function replaceTargets(
  tx: Executor,
  pepId: string,
  pupilId: string,
  targets: Array<Omit<typeof pepTargets.$inferInsert, 'pepId' | 'pupilId' | 'position'>>,
): Promise<PepTargetRow[]> {
  await tx.delete(pepTargets).where(eq(pepTargets.pepId, pepId))
  if (targets.length === 0) return []
  return tx
    .insert(pepTargets)
    .values(targets.map((t, position) => ({ ...t, pepId, pupilId, position })))
    .returning()
}

export async function reviewsOf(tx: Executor, pepId: string): Promise<PepTargetReviewRow[]> {
  return tx.select().from(pepTargetReviews).where(eq(pepTargetReviews.pepId, pepId))
}

export async function replaceReviews(
  tx: Executor,
  pepId: string,
  pupilId: string,
  reviews: Array<{ targetId: string; outcome: PepTargetReviewRow['outcome']; evidence: string }>,
): Promise<void> {
  await tx.delete(pepTargetReviews).where(eq(pepTargetReviews.pepId, pepId))
  if (reviews.length) await tx.insert(pepTargetReviews).values(reviews.map((r) => ({ ...r, pepId, pupilId })))
}

export async function insertPepEvent(tx: Executor, values: typeof pepEvents.$inferInsert): Promise<void> {
  await tx.insert(pepEvents).values(values)
}

export async function eventsOf(tx: Executor, pepId: string) {
  return tx
    .select({
      id: pepEvents.id,
      action: pepEvents.action,
      at: pepEvents.at,
      feedback: pepEvents.feedback,
      rating: pepEvents.rating,
      byName: users.name,
      byRole: users.role,
    })
    .from(pepEvents)
    .leftJoin(users, eq(users.id, pepEvents.byUserId))
    .where(eq(pepEvents.pepId, pepId))
    .orderBy(asc(pepEvents.at), asc(pepEvents.id))
}

export async function openReviewDates(tx: Executor, pupilIds: string[]) {
  if (pupilIds.length === 0) return []
  return tx
    .select()
    .from(pepReviewDates)
    .where(and(inArray(pepReviewDates.pupilId, pupilIds), isNull(pepReviewDates.cancelledAt)))
}

export async function insertReviewDate(tx: Executor, values: typeof pepReviewDates.$inferInsert) {
  const [row] = await tx.insert(pepReviewDates).values(values).returning()
  return row!
}

export async function virtualSchoolSettingsFor(
  tx: Executor,
  laCode: string,
): Promise<Record<string, unknown>> {
  const [row] = await tx.select().from(virtualSchoolSettings).where(eq(virtualSchoolSettings.laCode, laCode))
  return row?.settings ?? {}
}

/** The settings of many Virtual Schools in one query, by LA code; an LA with none stored is missing. */
export async function virtualSchoolSettingsOf(
  tx: Executor,
  laCodes: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (laCodes.length === 0) return new Map()
  const rows = await tx
    .select()
    .from(virtualSchoolSettings)
    .where(inArray(virtualSchoolSettings.laCode, laCodes))
  return new Map(rows.map((r) => [r.laCode, r.settings]))
}

/** A Virtual School's stored settings with their version; undefined when it has saved none (the defaults apply). */
export async function virtualSchoolSettingsRow(
  tx: Executor,
  laCode: string,
): Promise<{ settings: Record<string, unknown>; version: number } | undefined> {
  const [row] = await tx
    .select({ settings: virtualSchoolSettings.settings, version: virtualSchoolSettings.version })
    .from(virtualSchoolSettings)
    .where(eq(virtualSchoolSettings.laCode, laCode))
  return row
}

/**
 * Optimistic concurrency (DESIGN.md "Data conventions"): saves only when the stored version is still
 * `expectedVersion`, 0 meaning "none stored yet". Returns the new version, or null when the save was stale.
 */
export async function saveVirtualSchoolSettings(
  tx: Executor,
  laCode: string,
  settings: Record<string, unknown>,
  expectedVersion: number,
): Promise<number | null> {
  const [row] =
    expectedVersion === 0
      ? await tx
          .insert(virtualSchoolSettings)
          .values({ laCode, settings })
          .onConflictDoNothing({ target: virtualSchoolSettings.laCode })
          .returning({ version: virtualSchoolSettings.version })
      : await tx
          .update(virtualSchoolSettings)
          .set({ settings, version: sql`${virtualSchoolSettings.version} + 1`, updatedAt: new Date() })
          .where(
            and(eq(virtualSchoolSettings.laCode, laCode), eq(virtualSchoolSettings.version, expectedVersion)),
          )
          .returning({ version: virtualSchoolSettings.version })
  return row?.version ?? null
}

/** Who hears about a PEP's progress (issue 4 item 3): the school's designated teachers and the child's social worker. */
export async function pepRecipients(tx: Executor, schoolId: string, pupilId: string, today: string) {
  const dts = await tx
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.schoolId, schoolId), eq(users.role, 'designated_teacher'), eq(users.active, true)))
  const socialWorkers = await socialWorkerContactsOf(tx, [pupilId], today)
  return [...dts, ...socialWorkers.map((s) => ({ email: s.email, name: s.name }))]
}

export async function placementChangesOfPupils(tx: Executor, pupilIds: string[]) {
  if (pupilIds.length === 0) return []
  return tx
    .select({
      pupilId: placementChanges.pupilId,
      changedOn: placementChanges.changedOn,
      kind: placementChanges.kind,
    })
    .from(placementChanges)
    .where(inArray(placementChanges.pupilId, pupilIds))
}

/**
 * Pupils with a current CLA episode open on `on` (DOMAIN.md PD-15), of one school or looked after by one LA
 * (PD-12), with the school's name: the rows of the PEP dashboards.
 */
export async function lookedAfterPupilsOn(
  tx: Executor,
  where: { schoolId: string } | { laCode: string },
  on: string,
) {
  const open = sql`exists (select 1 from status_episode e where e.pupil_id = ${pupils.id} and e.type = 'CLA'
    and e.superseded_by_id is null and e.withdrawn_reason is null
    and e.start_date <= ${on} and (e.end_date is null or e.end_date >= ${on})
    ${'laCode' in where ? sql`and e.responsible_la_code = ${where.laCode}` : sql``})`
  return tx
    .select({ pupil: pupils, schoolName: schools.name, schoolUrn: schools.urn })
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .where(and('schoolId' in where ? eq(pupils.schoolId, where.schoolId) : sql`true`, open))
    .orderBy(asc(pupils.familyName), asc(pupils.givenName))
}

/** Everything about one pupil's PEPs and PP+, for a subject-access export (issue 3 item 7). */
export async function pepRecordsOfPupil(tx: Executor, pupilId: string) {
  const pepRows = await tx.select().from(peps).where(eq(peps.pupilId, pupilId)).orderBy(asc(peps.meetingDate))
  const targets = await tx
    .select()
    .from(pepTargets)
    .where(eq(pepTargets.pupilId, pupilId))
    .orderBy(asc(pepTargets.createdAt))
  const reviews = await tx.select().from(pepTargetReviews).where(eq(pepTargetReviews.pupilId, pupilId))
  const events = await tx
    .select({ event: pepEvents, byName: users.name })
    .from(pepEvents)
    .leftJoin(users, eq(users.id, pepEvents.byUserId))
    .where(eq(pepEvents.pupilId, pupilId))
    .orderBy(asc(pepEvents.at), asc(pepEvents.id))
  const reviewDates = await tx.select().from(pepReviewDates).where(eq(pepReviewDates.pupilId, pupilId))
  const allocations = await tx
    .select()
    .from(fundingAllocations)
    .where(eq(fundingAllocations.pupilId, pupilId))
  const releases = await tx.select().from(fundingReleases).where(eq(fundingReleases.pupilId, pupilId))
  const spends = await tx.select().from(fundingSpends).where(eq(fundingSpends.pupilId, pupilId))
  return { peps: pepRows, targets, reviews, events, reviewDates, allocations, releases, spends }
}

/**
 * PLA support plans at schools in the LA's area whose parents consented to the Virtual School reviewing them
 * (issue 4 item 4, PD-12), submitted and awaiting its decision.
 */
export async function supportPlansSharedWith(tx: Executor, laCode: string) {
  return tx
    .select({
      pepId: peps.id,
      pupilId: peps.pupilId,
      meetingDate: peps.meetingDate,
      givenName: pupils.givenName,
      familyName: pupils.familyName,
      schoolName: schools.name,
    })
    .from(peps)
    .innerJoin(pupils, eq(pupils.id, peps.pupilId))
    .innerJoin(schools, eq(schools.id, peps.schoolId))
    .where(
      and(
        eq(peps.kind, 'pla_support_plan'),
        eq(peps.parentsConsentToVs, true),
        eq(peps.status, 'submitted'),
        eq(schools.laCode, laCode),
      ),
    )
    .orderBy(asc(peps.meetingDate))
}
