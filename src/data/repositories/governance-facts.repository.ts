/**
 * Whether the school has recorded designated roles, training and a policy at all (POL-1..POL-5, POL-28), so
 * that the report to governors says "no data yet" rather than zeros, and the policy's review date. No one's
 * name is read.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../db.js'

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows

export async function governanceRecorded(
  tx: Executor,
  schoolId: string,
): Promise<{ appointments: boolean; training: boolean }> {
  const result: unknown = await tx.execute(sql`
    select exists (select 1 from designated_role_appointment where school_id = ${schoolId}::uuid) as appointments,
           exists (select 1 from training_session where school_id = ${schoolId}::uuid) as training`)
  return rowsOf<{ appointments: boolean; training: boolean }>(result)[0]!
}

/** The school's latest ratified policy, else its latest draft; undefined when it has none. */
export async function latestPolicyOf(
  tx: Executor,
  schoolId: string,
): Promise<{ status: 'draft' | 'ratified' | 'superseded'; nextReviewOn: string | null } | undefined> {
  const result: unknown = await tx.execute(sql`
    select status, next_review_on as "nextReviewOn"
      from school_policy
     where school_id = ${schoolId}::uuid
     order by (status = 'ratified') desc, policy_version desc
     limit 1`)
  return rowsOf<{ status: 'draft' | 'ratified' | 'superseded'; nextReviewOn: string | null }>(result)[0]
}
