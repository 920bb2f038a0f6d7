/**
 * The report's attendance section (GOV-4 (4), POL-26): each cohort's attendance, persistent absence and
 * severe absence rates against all other pupils on roll (ATT-7, ATT-8, PD-6), over the school year's marks.
 * A pupil's sessions count whole: attendance is sessions attended of sessions possible across the group;
 * the absence rates are the share of the group's pupils who were persistently or severely absent.
 */
import { summaryFromCounts, type TreatmentCounts } from '../attendance/statistics.js'
import { compareByCohort, type CohortFlags, type CohortLabel, type Compared } from './cohort-membership.js'
import { measureOver, percentOf, withheldOver } from './measures.js'
import type { Measure } from './suppression.js'

export const ATTENDANCE_TITLE = 'Attendance'

export type SectionStatus = 'reported' | 'no_data_yet'

export type AttendanceMeasures = {
  /** Pupils with at least one possible session in the year. */
  pupils: number
  attendancePercent: Measure | null
  persistentAbsencePercent: Measure | null
  severeAbsencePercent: Measure | null
}

export type AttendanceSection = {
  id: 'attendance'
  title: typeof ATTENDANCE_TITLE
  status: SectionStatus
  rows: Array<Compared<AttendanceMeasures>>
}

export type AttendanceSuppressed =
  `Attendance: ${CohortLabel}` | `Attendance: all other pupils (compared with ${CohortLabel})`

function measures(pupils: ReadonlyArray<TreatmentCounts>, threshold: number): AttendanceMeasures {
  let present = 0
  let possible = 0
  let persistent = 0
  let severe = 0
  let counted = 0
  for (const counts of pupils) {
    const s = summaryFromCounts(counts)
    if (s.possibleSessions === 0) continue
    counted++
    present += s.attendedSessions
    possible += s.possibleSessions
    if (s.persistentAbsence) persistent++
    if (s.severeAbsence) severe++
  }
  return {
    pupils: counted,
    attendancePercent: measureOver(percentOf(present, possible), counted, threshold),
    persistentAbsencePercent: measureOver(percentOf(persistent, counted), counted, threshold),
    severeAbsencePercent: measureOver(percentOf(severe, counted), counted, threshold),
  }
}

/**
 * `pupils`: every pupil on roll in the year, with their cohorts and their sessions by treatment in the
 * year (zeros when they have no marks). "No data yet" when no pupil has a mark in the year.
 */
export function attendanceSection(
  pupils: ReadonlyArray<{ cohorts: CohortFlags; facts: TreatmentCounts }>,
  threshold: number,
): { section: AttendanceSection; suppressed: AttendanceSuppressed[] } {
  const anyMarks = pupils.some(
    (p) => p.facts.present + p.facts.authorised + p.facts.unauthorised + p.facts.notCounted > 0,
  )
  if (!anyMarks)
    return {
      section: { id: 'attendance', title: ATTENDANCE_TITLE, status: 'no_data_yet', rows: [] },
      suppressed: [],
    }
  const rows = compareByCohort(pupils, (facts) => measures(facts, threshold))
  const suppressed: AttendanceSuppressed[] = []
  for (const r of rows) {
    if (withheldOver(r.group.pupils, threshold)) suppressed.push(`Attendance: ${r.label}`)
    if (withheldOver(r.others.pupils, threshold))
      suppressed.push(`Attendance: all other pupils (compared with ${r.label})`)
  }
  return { section: { id: 'attendance', title: ATTENDANCE_TITLE, status: 'reported', rows }, suppressed }
}
