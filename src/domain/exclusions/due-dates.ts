/**
 * School-day due dates for exclusion duties (DOMAIN.md CAL-2, CAL-4, EX-10, PD-17). When the school's
 * calendar ends before the date is reached (next year's terms not yet entered), the days past its end are
 * counted as working days (CAL-1) and the date is marked provisional: working days include holidays, so the
 * estimate is never later than the real school-day date.
 */
import { addDays, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar.js'
import { isWorkingDay } from '../calendar/working-days.js'

export type DueDate = { dueBy: IsoDate; provisional: boolean }

/** A refusal or a problem with input, named by the field it is about (`reasons.1`, `vsConsultation.date`). */
export type Refusal = { field: string; message: string }

/** Something the user should know that does not stop the action. */
export type Warning<Code extends string> = { code: Code; message: string }

/** The last day the calendar knows about; null with no terms. */
export function calendarEnd(cal: SchoolCalendar): IsoDate | null {
  let last: IsoDate | null = null
  for (const t of cal.terms) if (last === null || t.end > last) last = t.end
  return last
}

/** True when the school has entered at least one term (PD-17: with no calendar, recording is refused). */
export function hasCalendar(cal: SchoolCalendar | null): cal is SchoolCalendar {
  return cal !== null && cal.terms.length > 0
}

function counts(cal: SchoolCalendar, end: IsoDate, d: IsoDate): boolean {
  return d <= end ? isSchoolDay(cal, d) : isWorkingDay(d, cal.bankHolidays)
}

/** CAL-4: the `n`th school day after `event` (the event is day 0); n >= 0. */
export function schoolDaysAfter(cal: SchoolCalendar, event: IsoDate, n: number): DueDate {
  const end = calendarEnd(cal) ?? addDays(event, -1)
  let d = event
  let remaining = n
  while (remaining > 0) {
    d = addDays(d, 1)
    if (counts(cal, end, d)) remaining -= 1
  }
  return { dueBy: d, provisional: d > end }
}

/** CAL-4: the `n`th school day of a period that starts on `start` (day 1 is `start` when a school day). */
export function nthSchoolDayFrom(cal: SchoolCalendar, start: IsoDate, n: number): DueDate {
  return schoolDaysAfter(cal, addDays(start, -1), n)
}

/** The first day the calendar knows about; null with no terms. */
export function calendarStart(cal: SchoolCalendar): IsoDate | null {
  let first: IsoDate | null = null
  for (const t of cal.terms) if (first === null || t.start < first) first = t.start
  return first
}

/**
 * The school day `n` school days before `event` (n >= 1): "at least 2 school days before" a start date is the
 * second school day before it. Days outside the calendar count as working days and make the date provisional.
 */
export function schoolDaysBefore(cal: SchoolCalendar, event: IsoDate, n: number): DueDate {
  const first = calendarStart(cal)
  const last = calendarEnd(cal)
  const known = (d: IsoDate): boolean => first !== null && last !== null && first <= d && d <= last
  let d = event
  let remaining = n
  let provisional = false
  while (remaining > 0) {
    d = addDays(d, -1)
    const inside = known(d)
    if (inside ? isSchoolDay(cal, d) : isWorkingDay(d, cal.bankHolidays)) {
      remaining -= 1
      if (!inside) provisional = true
    }
  }
  return { dueBy: d, provisional }
}
