/**
 * Demo school calendars: English term dates of the usual shape (DOMAIN.md CAL-2, CAL-6), with five
 * INSET days and the three half-term weeks entered as closures inside the terms.
 */
import { addDays, dayOfWeek, type IsoDate } from '../domain/calendar/dates.js'
import type { TermName } from '../domain/calendar/school-calendar.js'

export type DemoTerm = { schoolYear: number; name: TermName; startDate: IsoDate; endDate: IsoDate }
export type DemoClosure = { date: IsoDate; reason: string }

function iso(y: number, m: number, d: number): IsoDate {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return iso(year, month, day)
}

/** The first date on or after `d` that falls on weekday `dow` (0 Sunday … 6 Saturday). */
function onOrAfter(d: IsoDate, dow: number): IsoDate {
  return addDays(d, (dow - dayOfWeek(d) + 7) % 7)
}

function firstWeekdayOnOrAfter(d: IsoDate): IsoDate {
  const dow = dayOfWeek(d)
  return dow === 6 ? addDays(d, 2) : dow === 0 ? addDays(d, 1) : d
}

function lastWeekdayOnOrBefore(d: IsoDate): IsoDate {
  const dow = dayOfWeek(d)
  return dow === 6 ? addDays(d, -1) : dow === 0 ? addDays(d, -2) : d
}

function nextWeekday(d: IsoDate): IsoDate {
  return firstWeekdayOnOrAfter(addDays(d, 1))
}

function week(monday: IsoDate, reason: string): DemoClosure[] {
  return [0, 1, 2, 3, 4].map((i) => ({ date: addDays(monday, i), reason }))
}

/**
 * Terms and closures for the school year starting in `schoolYear`. The Easter break follows Easter:
 * a late Easter gives a break before it, an early one a break after it (as English LAs do).
 */
export function demoCalendar(schoolYear: number): { terms: DemoTerm[]; closures: DemoClosure[] } {
  const y = schoolYear
  const autumnStart = firstWeekdayOnOrAfter(iso(y, 9, 2))
  const autumnEnd = onOrAfter(iso(y, 12, 14), 5) // the last Friday on or before 20 December
  const springStart = firstWeekdayOnOrAfter(iso(y + 1, 1, 4))
  const goodFriday = addDays(easterSunday(y + 1), -2)
  const easterMonday = addDays(goodFriday, 3)
  let springEnd: IsoDate
  let summerStart: IsoDate
  if (goodFriday >= iso(y + 1, 4, 10)) {
    springEnd = addDays(goodFriday, -14)
    summerStart = addDays(easterMonday, 1)
  } else if (goodFriday >= iso(y + 1, 4, 1)) {
    springEnd = addDays(goodFriday, -7)
    summerStart = addDays(easterMonday, 7)
  } else {
    springEnd = addDays(goodFriday, -1)
    summerStart = addDays(easterMonday, 14)
  }
  const summerEnd = lastWeekdayOnOrBefore(iso(y + 1, 7, 22))

  const octoberHalfTerm = addDays(onOrAfter(iso(y, 11, 1), 1), -7) // last Monday of October
  const februaryHalfTerm = addDays(onOrAfter(iso(y + 1, 2, 1), 1), 14) // third Monday of February
  const mayHalfTerm = addDays(onOrAfter(iso(y + 1, 6, 1), 1), -7) // week of the spring bank holiday

  const inset = [
    autumnStart,
    nextWeekday(autumnStart),
    springStart,
    summerStart,
    addDays(mayHalfTerm, 7), // the Monday after May half term
  ].map((date) => ({ date, reason: 'INSET day' }))

  return {
    terms: [
      { schoolYear, name: 'autumn', startDate: autumnStart, endDate: autumnEnd },
      { schoolYear, name: 'spring', startDate: springStart, endDate: springEnd },
      { schoolYear, name: 'summer', startDate: summerStart, endDate: summerEnd },
    ],
    closures: [
      ...inset,
      ...week(octoberHalfTerm, 'Half term'),
      ...week(februaryHalfTerm, 'Half term'),
      ...week(mayHalfTerm, 'Half term'),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  }
}

/** The first day of the autumn term of `schoolYear` (used for enrolment dates). */
export function autumnTermStart(schoolYear: number): IsoDate {
  return firstWeekdayOnOrAfter(iso(schoolYear, 9, 2))
}
