/**
 * "Falling" attendance for the school's list of pupils to watch (issue 5 item 6): attendance this half-term
 * lower than last half-term by at least FALLING_POINTS percentage points. A school's own early warning, not a
 * statutory measure (DOMAIN.md ATT-9, PD-6: only persistent and severe absence are).
 */
import { summaryFromCounts, type TreatmentCounts } from './statistics.js'

/** How many percentage points lower this half-term must be than the last. */
export const FALLING_POINTS = 5

/** A half-term is compared once it has this many possible sessions (one school week), so one bad day is not a fall. */
export const FALLING_MIN_SESSIONS = 10

/**
 * True when both half-terms have at least `minSessions` possible sessions and attendance fell by at least
 * `points` percentage points, on exact whole numbers (never the rounded percentages, as ATT-8).
 */
export function isFalling(
  last: TreatmentCounts,
  now: TreatmentCounts,
  points = FALLING_POINTS,
  minSessions = FALLING_MIN_SESSIONS,
): boolean {
  const before = summaryFromCounts(last)
  const after = summaryFromCounts(now)
  if (before.possibleSessions < minSessions || after.possibleSessions < minSessions) return false
  // last% − now% ≥ points, multiplied out: 100·(pₗ·Pₙ − pₙ·Pₗ) ≥ points·Pₗ·Pₙ.
  const fall =
    100 *
    (before.attendedSessions * after.possibleSessions - after.attendedSessions * before.possibleSessions)
  return fall >= points * before.possibleSessions * after.possibleSessions
}
