/**
 * Attendance alerts over one pupil's marks (the latest version of each session) and the school calendar:
 * unexplained absence (DOMAIN.md PD-6, ATT-15, POL-16), local thresholds (ATT-9, not statutory),
 * persistent absence entered or left (ATT-8, POL-15), 10 unauthorised sessions in a rolling 10 school
 * weeks (ATT-17) and 15 school days of illness (ATT-13).
 */
import { addDays, formatDate, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar.js'
import { isUnexplainedAbsence, normaliseCode, treatmentOf } from './codes.js'
import { compareMarks, type AttendanceMark } from './marks.js'
import { lastSchoolWeeks } from './school-weeks.js'
import { summariseMarks, type AttendanceSummary } from './statistics.js'

/** PD-6: the sessions coded N or O, in date order; each one is a same-day task for the social worker. */
export function unexplainedAbsences<M extends AttendanceMark>(marks: ReadonlyArray<M>): M[] {
  return marks.filter((m) => isUnexplainedAbsence(m.code)).sort(compareMarks)
}

function within(marks: ReadonlyArray<AttendanceMark>, from: IsoDate, to: IsoDate): AttendanceMark[] {
  return marks.filter((m) => from <= m.date && m.date <= to)
}

/** A local Virtual School threshold (ATT-9): attendance below `percent` over the last `weeks` school weeks. */
export type AttendanceThreshold = { percent: number; weeks: number }

export const DEFAULT_ATTENDANCE_THRESHOLD: AttendanceThreshold = { percent: 90, weeks: 4 }

export type ThresholdCheck = {
  below: boolean
  attendancePercent: number | null
  from: IsoDate
  to: IsoDate
  statutory: false
  label: string
}

/**
 * ATT-9, PD-6: true when attendance over the last `weeks` school weeks up to `today` is below `percent`,
 * compared exactly (to a tenth of a percent), not on the rounded figure. Never statutory, and labelled so.
 */
export function belowThreshold(
  marks: ReadonlyArray<AttendanceMark>,
  threshold: AttendanceThreshold,
  today: IsoDate,
  calendar: SchoolCalendar,
): ThresholdCheck {
  const { from, to } = lastSchoolWeeks(calendar, today, threshold.weeks)
  const summary = summariseMarks(within(marks, from, to))
  const tenths = Math.round(threshold.percent * 10)
  const below =
    summary.possibleSessions > 0 && summary.attendedSessions * 1000 < tenths * summary.possibleSessions
  const weeks = threshold.weeks === 1 ? 'school week' : `${threshold.weeks} school weeks`
  return {
    below,
    attendancePercent: summary.attendancePercent,
    from,
    to,
    statutory: false,
    label: `Below ${tenths / 10}% over the last ${weeks} (a local threshold, not statutory)`,
  }
}

export type PersistentAbsenceChange = 'entered' | 'left'

/** ATT-8, POL-15: whether a pupil has become, or stopped being, persistently absent. */
export function persistentAbsenceChange(
  before: Pick<AttendanceSummary, 'persistentAbsence'>,
  after: Pick<AttendanceSummary, 'persistentAbsence'>,
): PersistentAbsenceChange | null {
  if (before.persistentAbsence === after.persistentAbsence) return null
  return after.persistentAbsence ? 'entered' : 'left'
}

/** ATT-17: penalty notices must be considered at this many unauthorised sessions… */
export const PENALTY_NOTICE_SESSIONS = 10
/** …within this many school weeks. */
export const PENALTY_NOTICE_WEEKS = 10

export type UnauthorisedCount = { count: number; from: IsoDate; to: IsoDate }

/** Unauthorised sessions (G, N, O, U) in the last `weeks` school weeks up to and including `today`. */
export function unauthorisedInRollingWeeks(
  marks: ReadonlyArray<AttendanceMark>,
  today: IsoDate,
  calendar: SchoolCalendar,
  weeks = PENALTY_NOTICE_WEEKS,
): UnauthorisedCount {
  const { from, to } = lastSchoolWeeks(calendar, today, weeks)
  const count = within(marks, from, to).filter((m) => treatmentOf(m.code) === 'unauthorised').length
  return { count, from, to }
}

/** ATT-17: true at 10 or more unauthorised sessions in the last 10 school weeks. */
export function unauthorisedInRollingTenWeeks(
  marks: ReadonlyArray<AttendanceMark>,
  today: IsoDate,
  calendar: SchoolCalendar,
): boolean {
  return unauthorisedInRollingWeeks(marks, today, calendar).count >= PENALTY_NOTICE_SESSIONS
}

/** ATT-13: a sickness return is due after this many consecutive school days of illness. */
export const ILLNESS_RETURN_SCHOOL_DAYS = 15

export type IllnessRun = { from: IsoDate; to: IsoDate; schoolDays: number }

type DayKind = 'ill' | 'closed' | 'other'

function dayKinds(marks: ReadonlyArray<AttendanceMark>): Map<IsoDate, DayKind> {
  const codesByDay = new Map<IsoDate, string[]>()
  for (const m of marks) {
    const codes = codesByDay.get(m.date) ?? []
    codes.push(normaliseCode(m.code))
    codesByDay.set(m.date, codes)
  }
  const kinds = new Map<IsoDate, DayKind>()
  for (const [day, codes] of codesByDay) {
    // A day is ill when both sessions are I, or the only session marked is I.
    if (codes.every((c) => c === 'I')) kinds.set(day, 'ill')
    // A planned closure the calendar did not know of: the school was shut, so the run goes on.
    else if (codes.every((c) => c === '#')) kinds.set(day, 'closed')
    else kinds.set(day, 'other')
  }
  return kinds
}

/**
 * Every run of consecutive school days of illness of at least `minimumDays`, in date order. A school
 * day with no mark, or any other code, ends a run; days the school is closed are skipped.
 */
export function illnessRuns(
  marks: ReadonlyArray<AttendanceMark>,
  calendar: SchoolCalendar,
  minimumDays = ILLNESS_RETURN_SCHOOL_DAYS,
): IllnessRun[] {
  if (marks.length === 0) return []
  const kinds = dayKinds(marks)
  const days = [...kinds.keys()].sort()
  const runs: IllnessRun[] = []
  let current: IllnessRun | null = null
  for (let d = days[0]!; d <= days.at(-1)!; d = addDays(d, 1)) {
    if (!isSchoolDay(calendar, d)) continue
    const kind = kinds.get(d) ?? 'other'
    if (kind === 'closed') continue
    if (kind === 'ill') {
      if (current === null) current = { from: d, to: d, schoolDays: 0 }
      current.to = d
      current.schoolDays += 1
      continue
    }
    if (current !== null && current.schoolDays >= minimumDays) runs.push(current)
    current = null
  }
  if (current !== null && current.schoolDays >= minimumDays) runs.push(current)
  return runs
}

/** ATT-13: the latest run of at least 15 consecutive school days of illness, or null. */
export function illnessRun(
  marks: ReadonlyArray<AttendanceMark>,
  calendar: SchoolCalendar,
): IllnessRun | null {
  return illnessRuns(marks, calendar).at(-1) ?? null
}

/** Plain words for an illness run, for a task title. */
export function describeIllnessRun(run: IllnessRun): string {
  return `Ill for ${run.schoolDays} school days in a row, from ${formatDate(run.from)} to ${formatDate(run.to)}`
}
