/**
 * One attendance mark: a code for one session of one day (DOMAIN.md ATT-1: a morning and an afternoon
 * register). Callers pass the latest version of each session's mark; history stays in the database (ATT-4).
 */
import type { IsoDate } from '../calendar/dates.js'

export const SESSIONS = ['AM', 'PM'] as const
export type Session = (typeof SESSIONS)[number]

export function isSession(v: unknown): v is Session {
  return v === 'AM' || v === 'PM'
}

export type AttendanceMark = { date: IsoDate; session: Session; code: string }

/** Morning before afternoon, day by day. */
export function compareMarks(a: AttendanceMark, b: AttendanceMark): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  return a.session === b.session ? 0 : a.session === 'AM' ? -1 : 1
}
