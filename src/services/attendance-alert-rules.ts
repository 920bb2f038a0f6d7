import type { AttendanceAlertSettings } from '../domain/attendance/alert-settings.js'
import {
  belowThreshold,
  describeIllnessRun,
  illnessRun,
  PENALTY_NOTICE_SESSIONS,
  persistentAbsenceChange,
  unauthorisedInRollingWeeks,
} from '../domain/attendance/alerts.js'
import type { AttendanceMark } from '../domain/attendance/marks.js'
import { mondayOf, schoolYearPeriod } from '../domain/attendance/periods.js'
import { summariseMarks } from '../domain/attendance/statistics.js'
import { formatDate, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { SchoolCalendar } from '../domain/calendar/school-calendar.js'

// The alerts on a pupil's figures (issue 5 item 3), worked out from their marks as they were before an
// import and as they are after it. Each is a task with a source key, so running twice creates one task.

export const ALERT_KINDS = {
  belowThreshold: 'attendance_below_threshold',
  persistentAbsence: 'attendance_persistent_absence',
  persistentAbsenceLeft: 'attendance_persistent_absence_left',
  penaltyNotice: 'attendance_penalty_notice',
  sicknessReturn: 'attendance_sickness_return',
} as const

export type AlertTask = { kind: string; sourceKey: string; title: string; detail: string }
export type AlertClosure = { kind: string; note: string }

export type MeasureAlertInput = {
  pupilId: string
  /** The pupil's marks before the import's changes, and after; both over the same dates. */
  before: readonly AttendanceMark[]
  after: readonly AttendanceMark[]
  calendar: SchoolCalendar
  settings: AttendanceAlertSettings
  today: IsoDate
  /** Kinds of task already open for the pupil: one of a kind at a time. */
  openKinds: ReadonlySet<string>
}

const upTo = (marks: readonly AttendanceMark[], from: IsoDate, to: IsoDate) =>
  marks.filter((m) => from <= m.date && m.date <= to)

const percent = (p: number | null) => (p === null ? 'not known' : `${p.toFixed(1)}%`)

const CONTACT =
  'Contact the social worker and, for a looked-after child, the Virtual School, and consider an attendance support plan.'

export function measureAlerts(input: MeasureAlertInput): { tasks: AlertTask[]; close: AlertClosure[] } {
  const { pupilId, calendar, today, openKinds } = input
  const tasks: AlertTask[] = []
  const close: AlertClosure[] = []
  const hasTerms = calendar.terms.length > 0
  const week = mondayOf(today)

  // ATT-9, PD-6: a local threshold, labelled as not statutory. It can be crossed by time passing as well as
  // by new marks, so it is checked as a state: one open task at a time, at most one a week.
  if (hasTerms && !openKinds.has(ALERT_KINDS.belowThreshold)) {
    const check = belowThreshold(input.after, input.settings.threshold, today, calendar)
    if (check.below)
      tasks.push({
        kind: ALERT_KINDS.belowThreshold,
        sourceKey: `${ALERT_KINDS.belowThreshold}:${pupilId}:${week}`,
        title: `Attendance ${check.label.charAt(0).toLowerCase()}${check.label.slice(1)}`,
        detail: `Attendance was ${percent(check.attendancePercent)} from ${formatDate(check.from)} to ${formatDate(check.to)}. ${CONTACT}`,
      })
  }

  // ATT-8, POL-15: persistent absence over the school year so far, entered or left because of these marks.
  const year = schoolYearPeriod(calendar, today)
  const before = summariseMarks(upTo(input.before, year.from, today))
  const after = summariseMarks(upTo(input.after, year.from, today))
  const change = persistentAbsenceChange(before, after)
  const yearKey = `${pupilId}:${schoolYearOf(today)}`
  if (change === 'entered' && !openKinds.has(ALERT_KINDS.persistentAbsence))
    tasks.push({
      kind: ALERT_KINDS.persistentAbsence,
      sourceKey: `${ALERT_KINDS.persistentAbsence}:${yearKey}:${today}`,
      title: 'Persistently absent this school year',
      detail: `Absence so far this school year is 10% or more of the sessions the pupil could have attended (attendance ${percent(after.attendancePercent)}). ${CONTACT}`,
    })
  if (change === 'left') {
    close.push({
      kind: ALERT_KINDS.persistentAbsence,
      note: `No longer persistently absent on ${formatDate(today)}`,
    })
    tasks.push({
      kind: ALERT_KINDS.persistentAbsenceLeft,
      sourceKey: `${ALERT_KINDS.persistentAbsenceLeft}:${yearKey}:${today}`,
      title: 'No longer persistently absent this school year',
      detail: `Attendance so far this school year is ${percent(after.attendancePercent)}. Let the social worker know, and review any attendance support plan.`,
    })
  }

  if (!hasTerms) return { tasks, close }

  // ATT-17: counted in school weeks, so only new or changed marks can raise the count; alert on crossing 10.
  const unauthorisedAfter = unauthorisedInRollingWeeks(input.after, today, calendar)
  const unauthorisedBefore = unauthorisedInRollingWeeks(input.before, today, calendar)
  if (
    unauthorisedAfter.count >= PENALTY_NOTICE_SESSIONS &&
    unauthorisedBefore.count < PENALTY_NOTICE_SESSIONS &&
    !openKinds.has(ALERT_KINDS.penaltyNotice)
  )
    tasks.push({
      kind: ALERT_KINDS.penaltyNotice,
      sourceKey: `${ALERT_KINDS.penaltyNotice}:${pupilId}:${today}`,
      title: 'Consider a penalty notice',
      detail: `${unauthorisedAfter.count} unauthorised sessions from ${formatDate(unauthorisedAfter.from)} to ${formatDate(unauthorisedAfter.to)}. A penalty notice must be considered at 10 unauthorised sessions in a rolling 10 school weeks. Talk to the social worker before deciding.`,
    })

  // ATT-13: a sickness return after 15 school days of illness in a row; one task for each run.
  const run = illnessRun(input.after, calendar)
  if (run && !openKinds.has(ALERT_KINDS.sicknessReturn))
    tasks.push({
      kind: ALERT_KINDS.sicknessReturn,
      sourceKey: `${ALERT_KINDS.sicknessReturn}:${pupilId}:${run.from}`,
      title: 'Sickness return due',
      detail: `${describeIllnessRun(run)}. Tell the local authority: a sickness return is due after 15 school days of illness.`,
    })

  return { tasks, close }
}

/** Marks as they were before an import: each changed mark back to its old code, each added one gone. */
export function marksBefore(
  after: readonly AttendanceMark[],
  changed: ReadonlyArray<{ date: IsoDate; session: 'AM' | 'PM'; oldCode: string | null }>,
): AttendanceMark[] {
  const byKey = new Map(after.map((m) => [`${m.date} ${m.session}`, m]))
  for (const c of changed) {
    const key = `${c.date} ${c.session}`
    if (c.oldCode === null) byKey.delete(key)
    else byKey.set(key, { date: c.date, session: c.session, code: c.oldCode })
  }
  return [...byKey.values()]
}
