/**
 * The school's policy (issue 7 item 3, DOMAIN.md POL-28), its staff acknowledgements (POL-5), and what it
 * is filled in from: the named roles on a day (POL-1) and the Virtual School of the school's LA (POL-32).
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  designatedRoleAppointments,
  localAuthorities,
  policyAcknowledgements,
  schoolPolicies,
  users,
  type DesignatedRole,
} from '../schema/index.js'

export type PolicyRow = typeof schoolPolicies.$inferSelect

const POLICY_LOCK_CLASS = 72_026_003

/**
 * Holds, until the transaction ends, the lock on one school's policy: two people starting a draft or
 * ratifying at once queue behind each other, so the second sees what the first did.
 */
export async function lockSchoolPolicy(tx: Executor, schoolId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${POLICY_LOCK_CLASS}, hashtext(${schoolId}))`)
}

/** The version in force (ratified) and the draft of the next one, either possibly missing. */
export async function currentPolicies(
  tx: Executor,
  schoolId: string,
): Promise<{ ratified: PolicyRow | undefined; draft: PolicyRow | undefined }> {
  const rows = await tx
    .select()
    .from(schoolPolicies)
    .where(and(eq(schoolPolicies.schoolId, schoolId), inArray(schoolPolicies.status, ['ratified', 'draft'])))
    .orderBy(desc(schoolPolicies.policyVersion))
  return {
    ratified: rows.find((r) => r.status === 'ratified'),
    draft: rows.find((r) => r.status === 'draft'),
  }
}

export async function nextPolicyVersion(tx: Executor, schoolId: string): Promise<number> {
  const [row] = await tx
    .select({ latest: sql<number | null>`max(${schoolPolicies.policyVersion})` })
    .from(schoolPolicies)
    .where(eq(schoolPolicies.schoolId, schoolId))
  return Number(row?.latest ?? 0) + 1
}

export async function insertDraft(
  tx: Executor,
  values: { schoolId: string; policyVersion: number; sections: Record<string, string>; createdBy: string },
): Promise<PolicyRow> {
  const [row] = await tx
    .insert(schoolPolicies)
    .values({ ...values, status: 'draft' })
    .returning()
  return row!
}

/** Changes a draft if it is still at `version`; undefined when someone changed it first. */
export async function updateDraft(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<Pick<PolicyRow, 'sections' | 'status' | 'ratifiedOn' | 'ratifiedBy' | 'nextReviewOn'>>,
): Promise<PolicyRow | undefined> {
  const [row] = await tx
    .update(schoolPolicies)
    .set({ ...values, version: sql`${schoolPolicies.version} + 1`, updatedAt: new Date() })
    .where(
      and(eq(schoolPolicies.id, id), eq(schoolPolicies.version, version), eq(schoolPolicies.status, 'draft')),
    )
    .returning()
  return row
}

/** Marks the school's ratified version superseded: a newer one is about to be ratified. */
export async function supersedeRatified(tx: Executor, schoolId: string): Promise<void> {
  await tx
    .update(schoolPolicies)
    .set({ status: 'superseded', version: sql`${schoolPolicies.version} + 1`, updatedAt: new Date() })
    .where(and(eq(schoolPolicies.schoolId, schoolId), eq(schoolPolicies.status, 'ratified')))
}

/** Records that the user has read and understood the version; false when they already had. */
export async function insertAcknowledgement(
  tx: Executor,
  policyId: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  const rows = await tx
    .insert(policyAcknowledgements)
    .values({ policyId, userId, acknowledgedAt: at })
    .onConflictDoNothing()
    .returning({ id: policyAcknowledgements.id })
  return rows.length > 0
}

export async function acknowledgementOf(tx: Executor, policyId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(policyAcknowledgements)
    .where(and(eq(policyAcknowledgements.policyId, policyId), eq(policyAcknowledgements.userId, userId)))
  return row
}

export type StaffAcknowledgement = { userId: string; name: string; role: string; acknowledgedAt: Date | null }

/** The school's active users in `roles`, each with when they acknowledged the version (null: not yet). */
export async function staffAcknowledgements(
  tx: Executor,
  schoolId: string,
  policyId: string,
  roles: readonly string[],
): Promise<StaffAcknowledgement[]> {
  return tx
    .select({
      userId: users.id,
      name: users.name,
      role: users.role,
      acknowledgedAt: policyAcknowledgements.acknowledgedAt,
    })
    .from(users)
    .leftJoin(
      policyAcknowledgements,
      and(eq(policyAcknowledgements.userId, users.id), eq(policyAcknowledgements.policyId, policyId)),
    )
    .where(and(eq(users.schoolId, schoolId), eq(users.active, true), inArray(users.role, [...roles])))
    .orderBy(asc(users.name), asc(users.id))
}

/** Whether the school has an active user in `role`: someone to give the review reminder to. */
export async function hasActiveUserInRole(tx: Executor, schoolId: string, role: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.schoolId, schoolId), eq(users.active, true), eq(users.role, role)))
    .limit(1)
  return row !== undefined
}

/** Who holds each designated role on `day` (POL-1), earliest appointed first. */
export async function roleHoldersOn(
  tx: Executor,
  schoolId: string,
  day: string,
): Promise<Array<{ role: DesignatedRole; personName: string }>> {
  const a = designatedRoleAppointments
  return tx
    .select({ role: a.role, personName: a.personName })
    .from(a)
    .where(and(eq(a.schoolId, schoolId), lte(a.startDate, day), or(isNull(a.endDate), gte(a.endDate, day))))
    .orderBy(asc(a.startDate), asc(a.createdAt))
}

/** The directory entry of the school's LA with its Virtual School's contacts (POL-32). */
export async function virtualSchoolOf(tx: Executor, laCode: string) {
  const [row] = await tx
    .select({
      laName: localAuthorities.name,
      name: localAuthorities.virtualSchoolName,
      email: localAuthorities.virtualSchoolEmail,
      phone: localAuthorities.virtualSchoolPhone,
      website: localAuthorities.virtualSchoolWebsite,
    })
    .from(localAuthorities)
    .where(eq(localAuthorities.code, laCode))
  return row
}
