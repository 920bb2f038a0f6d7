// Issue 3 item 2: after `attempts` wrong passwords in a row an account is locked for `minutes`; while it
// is locked even the right password is refused. A success resets the count. Pure: "now" is an argument.

export type LockoutPolicy = { attempts: number; minutes: number }

export const DEFAULT_LOCKOUT: LockoutPolicy = { attempts: 5, minutes: 15 }

export type LockState = { failedSignIns: number; lockedUntil: Date | null }

export const UNLOCKED: LockState = { failedSignIns: 0, lockedUntil: null }

/** Whole minutes until the lock ends (rounded up), or 0 when the account is not locked. */
export function lockedMinutesLeft(state: LockState, now: Date): number {
  const left = (state.lockedUntil?.getTime() ?? 0) - now.getTime()
  return left > 0 ? Math.ceil(left / 60_000) : 0
}

/**
 * The state after one more wrong password (not counted while locked: a lock is not lengthened by
 * further tries, so nobody can keep a colleague out for good). `lockedNow` when this one locked it.
 */
export function afterFailedSignIn(
  state: LockState,
  policy: LockoutPolicy,
  now: Date,
): { state: LockState; lockedNow: boolean } {
  if (lockedMinutesLeft(state, now) > 0) return { state, lockedNow: false }
  // A lock that has run out starts the count again.
  const failures = (state.lockedUntil ? 0 : state.failedSignIns) + 1
  if (failures < policy.attempts)
    return { state: { failedSignIns: failures, lockedUntil: null }, lockedNow: false }
  return {
    state: { failedSignIns: failures, lockedUntil: new Date(now.getTime() + policy.minutes * 60_000) },
    lockedNow: true,
  }
}
