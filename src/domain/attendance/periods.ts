/**
 * Reporting periods for attendance (DOMAIN.md CAL-6, ATT-8): a week, a half-term, a term, a school year or
 * a custom range, each as { from, to, label } with both days included.
 *
 * The school calendar knows terms and closures but not half-terms, so a term is split at its longest run
 * of closed weekdays (the half-term break, entered as closures). A term with no such run of at least
 * HALF_TERM_BREAK_MIN_WEEKDAYS is one period on its own.
 */
import {
  addDays,
  dayOfWeek,
  formatDate,
  isIsoDate,
  isWeekend,
  schoolYearBounds,
  schoolYearOf,
  type IsoDate,
} from '../calendar/dates.js'
import { isSchoolDay, termOf, type SchoolCalendar, type Term } from '../calendar/school-calendar.js'

export type AttendancePeriod = { from: IsoDate; to: IsoDate; label: string }

export type PeriodKind = 'week' | 'half_term' | 'term' | 'school_year'

/** A break shorter than this (an INSET day, a bank holiday) does not split a term. */
export const HALF_TERM_BREAK_MIN_WEEKDAYS = 3

const TERM_TITLE: Record<Term['name'], string> = { autumn: 'Autumn', spring: 'Spring', summer: 'Summer' }

/** The Monday on or before `d`. */
export function mondayOf(d: IsoDate): IsoDate {
  return addDays(d, -((dayOfWeek(d) + 6) % 7))
}

/** Monday to Sunday around `d`. */
export function weekPeriod(d: IsoDate): AttendancePeriod {
  const monday = mondayOf(d)
  return { from: monday, to: addDays(monday, 6), label: `Week beginning ${formatDate(monday)}` }
}

/**
 * Week-by-week buckets for a chart: one per Monday-start week touching from..to, each cut to the range
 * (none when `to` is before `from`).
 * The label names the week's Monday even when the bucket starts later.
 */
export function weeksBetween(from: IsoDate, to: IsoDate): AttendancePeriod[] {
  const weeks: AttendancePeriod[] = []
  if (to < from) return weeks
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6)
    weeks.push({
      from: monday < from ? from : monday,
      to: sunday > to ? to : sunday,
      label: `Week beginning ${formatDate(monday)}`,
    })
  }
  return weeks
}

export function termLabel(term: Term): string {
  return `${TERM_TITLE[term.name]} term ${term.start.slice(0, 4)}`
}

export function termPeriod(term: Term): AttendancePeriod {
  return { from: term.start, to: term.end, label: termLabel(term) }
}

type ClosedRun = { first: IsoDate; last: IsoDate; weekdays: number }

/** The longest run of weekdays inside the term on which the school is closed (weekends do not break it). */
function longestClosedRun(cal: SchoolCalendar, term: Term): ClosedRun | null {
  let best: ClosedRun | null = null
  let current: ClosedRun | null = null
  for (let d = term.start; d <= term.end; d = addDays(d, 1)) {
    if (isWeekend(d)) continue
    if (isSchoolDay(cal, d)) {
      current = null
      continue
    }
    if (current === null) current = { first: d, last: d, weekdays: 0 }
    current.last = d
    current.weekdays += 1
    if (best === null || current.weekdays > best.weekdays) best = current
  }
  return best
}

/**
 * The two halves of a term, split at its half-term break; the break itself is in neither. A term without
 * a break of HALF_TERM_BREAK_MIN_WEEKDAYS, or whose break touches its first or last day, is one period.
 */
export function halfTermsOf(cal: SchoolCalendar, term: Term): AttendancePeriod[] {
  const run = longestClosedRun(cal, term)
  if (
    run === null ||
    run.weekdays < HALF_TERM_BREAK_MIN_WEEKDAYS ||
    run.first <= term.start ||
    run.last >= term.end
  ) {
    return [termPeriod(term)]
  }
  const name = termLabel(term)
  return [
    { from: term.start, to: addDays(run.first, -1), label: `${name}, first half` },
    { from: addDays(run.last, 1), to: term.end, label: `${name}, second half` },
  ]
}

/** The half-term containing `d`; null outside every term and during the half-term break. */
export function halfTermPeriod(cal: SchoolCalendar, d: IsoDate): AttendancePeriod | null {
  const term = termOf(cal, d)
  if (term === null) return null
  return halfTermsOf(cal, term).find((p) => p.from <= d && d <= p.to) ?? null
}

/** The half-terms of the school year containing `d`, in order (for a trend by half-term). */
export function halfTermsOfSchoolYear(cal: SchoolCalendar, d: IsoDate): AttendancePeriod[] {
  return termsOfSchoolYear(cal, d).flatMap((t) => halfTermsOf(cal, t))
}

function termsOfSchoolYear(cal: SchoolCalendar, d: IsoDate): Term[] {
  const { start, end } = schoolYearBounds(schoolYearOf(d))
  return cal.terms
    .filter((t) => t.start >= start && t.start <= end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
}

export function schoolYearLabel(startYear: number): string {
  return `School year ${startYear} to ${startYear + 1}`
}

/**
 * DOMAIN.md CAL-6: the school year containing `d`, from the start of its first term to the end of its
 * last; 1 August to 31 July when the calendar has no terms that year.
 */
export function schoolYearPeriod(cal: SchoolCalendar, d: IsoDate): AttendancePeriod {
  const year = schoolYearOf(d)
  const terms = termsOfSchoolYear(cal, d)
  const bounds = schoolYearBounds(year)
  const label = schoolYearLabel(year)
  if (terms.length === 0) return { from: bounds.start, to: bounds.end, label }
  const last = terms.reduce((a, b) => (b.end > a.end ? b : a))
  return { from: terms[0]!.start, to: last.end, label }
}

export type CustomPeriodResult =
  | { ok: true; period: AttendancePeriod }
  | { ok: false; errors: Array<{ path: 'from' | 'to'; message: string }> }

export function customPeriod(from: string, to: string): CustomPeriodResult {
  const errors: Array<{ path: 'from' | 'to'; message: string }> = []
  if (!isIsoDate(from)) errors.push({ path: 'from', message: 'The first day must be a real date' })
  if (!isIsoDate(to)) errors.push({ path: 'to', message: 'The last day must be a real date' })
  else if (isIsoDate(from) && to < from) {
    errors.push({ path: 'to', message: 'The last day must be the same as or after the first day' })
  }
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, period: { from, to, label: `${formatDate(from)} to ${formatDate(to)}` } }
}

/** The period of a kind containing `d`; null for a term or half-term when `d` is outside them. */
export function periodContaining(kind: PeriodKind, cal: SchoolCalendar, d: IsoDate): AttendancePeriod | null {
  switch (kind) {
    case 'week':
      return weekPeriod(d)
    case 'half_term':
      return halfTermPeriod(cal, d)
    case 'term': {
      const term = termOf(cal, d)
      return term === null ? null : termPeriod(term)
    }
    case 'school_year':
      return schoolYearPeriod(cal, d)
  }
}
