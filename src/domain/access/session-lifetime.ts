// Issue 3 item 2: a signed-in session ends after a time without use (idle) and, however busy, after a
// fixed time from sign-in (absolute). Times are epoch milliseconds; "now" is an argument.

export type SessionPolicy = { idleMinutes: number; absoluteHours: number }

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 }

export type SessionTimes = { signedInAt?: number | undefined; lastSeenAt?: number | undefined }

export type SessionEnd = 'idle' | 'absolute'

// The last-seen time is written at most this often, so a busy user's pages do not each write the session.
export const ACTIVITY_RESOLUTION_MS = 60_000

/** Why the session is over at `now`, or null while it may go on. A session without a sign-in time is over. */
export function sessionEnd(times: SessionTimes, policy: SessionPolicy, now: number): SessionEnd | null {
  const { signedInAt } = times
  if (signedInAt === undefined || now - signedInAt >= policy.absoluteHours * 3_600_000) return 'absolute'
  const lastSeenAt = Math.max(signedInAt, times.lastSeenAt ?? signedInAt)
  return now - lastSeenAt >= policy.idleMinutes * 60_000 ? 'idle' : null
}

/** Whether this request should record itself as the session's last activity. */
export function shouldRecordActivity(times: SessionTimes, now: number): boolean {
  const last = times.lastSeenAt ?? times.signedInAt ?? 0
  return now - last >= ACTIVITY_RESOLUTION_MS
}
