/**
 * DOMAIN.md EX-18: informal exclusions ("sent home to cool off") are unlawful; every exclusion is recorded,
 * with attendance code `E` when no provision is made. An `E` mark on a day with no recorded exclusion is
 * therefore a sign of an exclusion that was never recorded.
 */
import type { IsoDate } from '../calendar/dates.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { suspensionSchoolDays, type RecordedSuspension } from './days.js'

export type AttendanceMarkFacts = { date: IsoDate; session: 'AM' | 'PM'; code: string }

/**
 * The `E` marks not covered by a recorded, uncancelled suspension or exclusion. A permanent exclusion covers
 * every day from its start; a lunchtime covers no session, so it never explains an `E` mark.
 */
export function unrecordedExclusionMarks(
  cal: SchoolCalendar,
  exclusions: ReadonlyArray<RecordedSuspension>,
  marks: ReadonlyArray<AttendanceMarkFacts>,
): AttendanceMarkFacts[] {
  const live = exclusions.filter((e) => e.cancelled !== true)
  const covered = new Set<IsoDate>()
  for (const s of live) {
    if (s.category === 'SUSP') for (const d of suspensionSchoolDays(cal, s).days) covered.add(d.date)
  }
  const permanentFrom = live
    .filter((e) => e.category === 'PERM')
    .map((e) => e.startDate)
    .sort()[0]
  return marks.filter(
    (m) => m.code === 'E' && !covered.has(m.date) && (permanentFrom === undefined || m.date < permanentFrom),
  )
}
