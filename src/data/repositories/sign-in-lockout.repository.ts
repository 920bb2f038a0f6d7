import { and, eq, isNull, lt, or } from 'drizzle-orm'
import type { LockState } from '../../domain/access/lockout.js'
import type { Tx } from '../db.js'
import { signInThrottles, users } from '../schema/index.js'

/** Whose failed sign-ins these are: an account, or an email address with no account (by its hash). */
export type LockKey = { userId: string } | { emailHash: string }

const UNLOCKED: LockState = { failedSignIns: 0, lockedUntil: null }

/** The lock state, with the row locked until the transaction ends so two tries cannot both count as one. */
export async function readLockState(tx: Tx, key: LockKey): Promise<LockState> {
  if ('userId' in key) {
    const [row] = await tx
      .select({ failedSignIns: users.failedSignIns, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, key.userId))
      .for('update')
    return row ?? UNLOCKED
  }
  const [row] = await tx
    .select({ failedSignIns: signInThrottles.failedSignIns, lockedUntil: signInThrottles.lockedUntil })
    .from(signInThrottles)
    .where(eq(signInThrottles.emailHash, key.emailHash))
    .for('update')
  return row ?? UNLOCKED
}

export async function saveLockState(tx: Tx, key: LockKey, state: LockState, now: Date): Promise<void> {
  if ('userId' in key) {
    await tx.update(users).set(state).where(eq(users.id, key.userId))
    return
  }
  await tx
    .insert(signInThrottles)
    .values({ emailHash: key.emailHash, ...state, updatedAt: now })
    .onConflictDoUpdate({ target: signInThrottles.emailHash, set: { ...state, updatedAt: now } })
  // Addresses with no account that nobody has tried for a day are forgotten.
  await tx
    .delete(signInThrottles)
    .where(
      and(
        lt(signInThrottles.updatedAt, new Date(now.getTime() - 86_400_000)),
        or(isNull(signInThrottles.lockedUntil), lt(signInThrottles.lockedUntil, now)),
      ),
    )
}
