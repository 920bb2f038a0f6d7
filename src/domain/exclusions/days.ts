/**
 * Which school days a suspension covers, and the totals per term and per school year (DOMAIN.md EX-1, EX-2,
 * EX-13, PD-17). Counting is in half-days so that lunchtimes (half a day, EX-2) add up exactly.
 */
import { addDays, schoolYearOf, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, termOf, type SchoolCalendar, type TermName } from '../calendar/school-calendar.js'
import { calendarEnd, calendarStart } from './due-dates.js'
import type { ExclusionCategory } from './reason-codes.js'

/** EX-1: at most 45 school days of suspension in one school year. */
export const SUSPENSION_DAYS_LIMIT = 45

/** A suspension or permanent exclusion already on record. */
export type RecordedSuspension = {
  category: ExclusionCategory
  startDate: IsoDate
  /** School days, a multiple of 0.5 (a lunchtime is 0.5). Not used for a permanent exclusion. */
  days: number
  /** EX-19: a cancelled suspension no longer counts towards any total. */
  cancelled?: boolean
}

/** One school day of a suspension: a whole day (2 half-days) or half a day (a lunchtime, or the last half). */
export type SuspensionDay = { date: IsoDate; halfDays: 1 | 2; term: TermName; schoolYear: number }

export type SuspensionSchoolDays = {
  days: SuspensionDay[]
  /** Half-days that fall after the end of the school's calendar, so their dates are not yet known. */
  unplacedHalfDays: number
}

/** A positive multiple of 0.5 (EX-2, API: `days` is a multiple of 0.5). */
export function isValidDayCount(days: number): boolean {
  return Number.isFinite(days) && days > 0 && Number.isInteger(days * 2)
}

export function toHalfDays(days: number): number {
  if (!isValidDayCount(days)) throw new RangeError(`Not a positive multiple of half a day: ${days}`)
  return days * 2
}

/** EX-1, EX-2: permanent exclusions and cancelled suspensions do not count towards the 45 days. */
export function countsTowardsLimit(s: Pick<RecordedSuspension, 'category' | 'cancelled'>): boolean {
  return s.category !== 'PERM' && s.cancelled !== true
}

/**
 * The school days a suspension covers: the first school days on or after its start, skipping weekends,
 * holidays, half-terms and closures. Each day is placed in its own term (PD-17); a half day, if any, is the
 * last one.
 */
export function suspensionSchoolDays(
  cal: SchoolCalendar,
  s: Pick<RecordedSuspension, 'startDate' | 'days'>,
): SuspensionSchoolDays {
  let remaining = toHalfDays(s.days)
  const start = calendarStart(cal)
  const end = calendarEnd(cal)
  const days: SuspensionDay[] = []
  // A start before the calendar begins belongs to a year the calendar does not hold: its days are unknown,
  // and must not slide into the first term the calendar does hold.
  if (start === null || s.startDate < start) return { days, unplacedHalfDays: remaining }
  for (let d = s.startDate; remaining > 0 && end !== null && d <= end; d = addDays(d, 1)) {
    if (!isSchoolDay(cal, d)) continue
    const halfDays = remaining >= 2 ? 2 : 1
    const term = termOf(cal, d)!
    days.push({ date: d, halfDays, term: term.name, schoolYear: schoolYearOf(term.start) })
    remaining -= halfDays
  }
  return { days, unplacedHalfDays: remaining }
}

/** Every school day of the suspensions that count towards the limits (EX-1, EX-13). */
export function countedSuspensionDays(
  cal: SchoolCalendar,
  suspensions: ReadonlyArray<RecordedSuspension>,
): SuspensionDay[] {
  return suspensions.filter(countsTowardsLimit).flatMap((s) => suspensionSchoolDays(cal, s).days)
}

function sumDays(days: ReadonlyArray<SuspensionDay>): number {
  return days.reduce((sum, d) => sum + d.halfDays, 0) / 2
}

/** EX-13: days of suspension in one term of one school year (`schoolYear` 2025 is 2025 to 2026). */
export function daysInTerm(days: ReadonlyArray<SuspensionDay>, schoolYear: number, term: TermName): number {
  return sumDays(days.filter((d) => d.schoolYear === schoolYear && d.term === term))
}

/** EX-1, EX-13: days of suspension in one school year. */
export function daysInSchoolYear(days: ReadonlyArray<SuspensionDay>, schoolYear: number): number {
  return sumDays(days.filter((d) => d.schoolYear === schoolYear))
}

/** EX-1: what is left of the 45 days (never below 0). */
export function remainingDays(daysThisYear: number): number {
  return Math.max(0, SUSPENSION_DAYS_LIMIT - daysThisYear)
}

/** The shape of `GET /pupils/{id}/suspensions/summary` (API.md). */
export type SuspensionSummary = {
  daysThisYear: number
  daysByTerm: Record<TermName, number>
  remaining: number
}

export function suspensionSummary(
  cal: SchoolCalendar,
  suspensions: ReadonlyArray<RecordedSuspension>,
  schoolYear: number,
): SuspensionSummary {
  const days = countedSuspensionDays(cal, suspensions)
  const daysThisYear = daysInSchoolYear(days, schoolYear)
  return {
    daysThisYear,
    daysByTerm: {
      autumn: daysInTerm(days, schoolYear, 'autumn'),
      spring: daysInTerm(days, schoolYear, 'spring'),
      summer: daysInTerm(days, schoolYear, 'summer'),
    },
    remaining: remainingDays(daysThisYear),
  }
}

/** The school year a suspension belongs to: the one its start date falls in (CAL-6). */
export function schoolYearOfSuspension(s: Pick<RecordedSuspension, 'startDate'>): number {
  return schoolYearOf(s.startDate)
}
