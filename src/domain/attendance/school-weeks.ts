/**
 * Rolling windows of school weeks (DOMAIN.md ATT-17 "a rolling 10 school weeks"): a school week is a
 * Monday-to-Sunday week with at least one school day, so holidays are skipped, not counted.
 */
import { addDays, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar.js'
import { mondayOf } from './periods.js'

export type SchoolWeeksWindow = {
  from: IsoDate
  to: IsoDate
  /** School weeks found; fewer than asked for when the calendar starts inside the window. */
  schoolWeeks: number
}

function earliestTermStart(cal: SchoolCalendar): IsoDate | null {
  let first: IsoDate | null = null
  for (const t of cal.terms) if (first === null || t.start < first) first = t.start
  return first
}

/**
 * The last `weeks` school weeks up to and including `today`: from the Monday of the earliest to `today`.
 * Today's week counts when it has had a school day by today. With no school week at all, the window is
 * today alone.
 */
export function lastSchoolWeeks(cal: SchoolCalendar, today: IsoDate, weeks: number): SchoolWeeksWindow {
  const calendarStart = earliestTermStart(cal)
  let from = today
  let found = 0
  if (calendarStart === null) return { from, to: today, schoolWeeks: 0 }
  for (
    let monday = mondayOf(today);
    found < weeks && addDays(monday, 6) >= calendarStart;
    monday = addDays(monday, -7)
  ) {
    const last = addDays(monday, 4) < today ? addDays(monday, 4) : today
    let open = false
    for (let d = monday; d <= last; d = addDays(d, 1)) {
      if (isSchoolDay(cal, d)) {
        open = true
        break
      }
    }
    if (open) {
      found += 1
      from = monday
    }
  }
  return { from, to: today, schoolWeeks: found }
}
