/**
 * Attendance statistics for any period (DOMAIN.md ATT-7, ATT-8, PD-6): possible sessions leave out the
 * not-counted codes; attended sessions are the present codes; persistent absence is absence of at least
 * 10% of possible sessions and severe absence at least 50%.
 */
import { treatmentOf, type AttendanceTreatment } from './codes.js'
import type { AttendanceMark } from './marks.js'

/** Sessions per treatment: what a service can count in SQL, grouped by treatment. */
export type TreatmentCounts = {
  present: number
  authorised: number
  unauthorised: number
  notCounted: number
}

/** The shape of `GET /pupils/{id}/attendance` (shared/API.md "Attendance"). */
export type AttendanceSummary = {
  possibleSessions: number
  attendedSessions: number
  authorisedAbsence: number
  unauthorisedAbsence: number
  notCounted: number
  /** Rounded to one decimal place; null when there are no possible sessions. */
  attendancePercent: number | null
  persistentAbsence: boolean
  severeAbsence: boolean
}

export function emptyCounts(): TreatmentCounts {
  return { present: 0, authorised: 0, unauthorised: 0, notCounted: 0 }
}

const FIELD: Record<AttendanceTreatment, keyof TreatmentCounts> = {
  present: 'present',
  authorised: 'authorised',
  unauthorised: 'unauthorised',
  not_counted: 'notCounted',
}

/** The counts field for a treatment (`not_counted` → `notCounted`). */
export function countsField(treatment: AttendanceTreatment): keyof TreatmentCounts {
  return FIELD[treatment]
}

/**
 * `part` out of `whole` as a percentage rounded half up to one decimal place, in integer arithmetic so
 * that 2/3 is 66.7 and 1/16 is 6.3 on every machine.
 */
export function percentToOneDecimal(part: number, whole: number): number {
  return Math.floor((2000 * part + whole) / (2 * whole)) / 10
}

export function summaryFromCounts(counts: TreatmentCounts): AttendanceSummary {
  for (const [name, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number of sessions`)
  }
  const absent = counts.authorised + counts.unauthorised
  const possible = counts.present + absent
  return {
    possibleSessions: possible,
    attendedSessions: counts.present,
    authorisedAbsence: counts.authorised,
    unauthorisedAbsence: counts.unauthorised,
    notCounted: counts.notCounted,
    attendancePercent: possible === 0 ? null : percentToOneDecimal(counts.present, possible),
    // ATT-8 on exact whole numbers, never on the rounded percentage (9.96% is not persistent absence).
    persistentAbsence: possible > 0 && absent * 10 >= possible,
    severeAbsence: possible > 0 && absent * 2 >= possible,
  }
}

/**
 * Adds marks one at a time, or counts already grouped by treatment, then summarises. For aggregating a
 * large set without holding it: `const t = attendanceTally(); for (const m of marks) t.add(m)`.
 */
export type AttendanceTally = {
  add(mark: Pick<AttendanceMark, 'code'>): void
  addTreatment(treatment: AttendanceTreatment, sessions?: number): void
  addCounts(counts: Partial<TreatmentCounts>): void
  counts(): TreatmentCounts
  summary(): AttendanceSummary
}

export function attendanceTally(): AttendanceTally {
  const counts = emptyCounts()
  const tally: AttendanceTally = {
    add: (mark) => tally.addTreatment(treatmentOf(mark.code)),
    addTreatment: (treatment, sessions = 1) => {
      counts[FIELD[treatment]] += sessions
    },
    addCounts: (more) => {
      counts.present += more.present ?? 0
      counts.authorised += more.authorised ?? 0
      counts.unauthorised += more.unauthorised ?? 0
      counts.notCounted += more.notCounted ?? 0
    },
    counts: () => ({ ...counts }),
    summary: () => summaryFromCounts(counts),
  }
  return tally
}

/** The statistics of a set of marks (the latest version of each session). Throws on an unknown code. */
export function summariseMarks(marks: Iterable<Pick<AttendanceMark, 'code'>>): AttendanceSummary {
  const tally = attendanceTally()
  for (const m of marks) tally.add(m)
  return tally.summary()
}
