import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { recoveryCodes, schools, users } from '../schema/index.js'

export type TwoFactorUser = {
  user: typeof users.$inferSelect
  schoolSettings: Record<string, unknown> | null
}

/** A user with their school's settings, which can make two-factor sign-in mandatory for everyone. */
export async function findTwoFactorUser(tx: Executor, userId: string): Promise<TwoFactorUser | undefined> {
  const [row] = await tx
    .select({ user: users, schoolSettings: schools.settings })
    .from(users)
    .leftJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(users.id, userId))
  return row
}

/**
 * Records `step` as the last accepted time-step, only if it is later than the one recorded: the
 * compare-and-set makes two requests racing with the same code accept it once. False when refused.
 */
export async function acceptTimeStep(tx: Executor, userId: string, step: number): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ totpLastStep: step, twoFactorFailures: 0, twoFactorLockedUntil: null })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id })
  return rows.length === 1
}

/** Counts a wrong code; at `limit` in a row, refuses codes until `lockUntil`. Returns whether it locked. */
export async function countWrongCode(
  tx: Executor,
  userId: string,
  limit: number,
  lockUntil: Date,
): Promise<boolean> {
  const [row] = await tx
    .update(users)
    .set({ twoFactorFailures: sql`${users.twoFactorFailures} + 1` })
    .where(eq(users.id, userId))
    .returning({ failures: users.twoFactorFailures })
  if ((row?.failures ?? 0) < limit) return false
  await tx
    .update(users)
    .set({ twoFactorFailures: 0, twoFactorLockedUntil: lockUntil })
    .where(eq(users.id, userId))
  return true
}

export async function enableTotp(
  tx: Executor,
  userId: string,
  secret: string,
  step: number,
  at: Date,
): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({
      totpSecret: secret,
      totpLastStep: step,
      twoFactorEnabledAt: at,
      twoFactorFailures: 0,
      twoFactorLockedUntil: null,
      updatedAt: at,
    })
    .where(and(eq(users.id, userId), isNull(users.twoFactorEnabledAt)))
    .returning({ id: users.id })
  return rows.length === 1
}

export async function disableTotp(tx: Executor, userId: string, at: Date): Promise<void> {
  await tx
    .update(users)
    .set({
      totpSecret: null,
      totpLastStep: null,
      twoFactorEnabledAt: null,
      twoFactorFailures: 0,
      twoFactorLockedUntil: null,
      updatedAt: at,
    })
    .where(eq(users.id, userId))
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
}

/** Replaces every recovery code of the user (used or not) with these hashes. */
export async function replaceRecoveryCodes(tx: Executor, userId: string, hashes: string[]): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })))
}

/** Marks an unused code as used; false when there is no such unused code (wrong, or used already). */
export async function useRecoveryCode(
  tx: Executor,
  userId: string,
  codeHash: string,
  at: Date,
): Promise<boolean> {
  const rows = await tx
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id })
  return rows.length === 1
}

export async function unusedRecoveryCodes(tx: Executor, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  return row?.n ?? 0
}

/** Sets one key of a school's settings, leaving the others as they are. */
export async function setSchoolSetting(
  tx: Executor,
  schoolId: string,
  key: string,
  value: unknown,
  at: Date,
): Promise<void> {
  await tx
    .update(schools)
    .set({
      settings: sql`${schools.settings} || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`,
      version: sql`${schools.version} + 1`,
      updatedAt: at,
    })
    .where(eq(schools.id, schoolId))
}
