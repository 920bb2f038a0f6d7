/**
 * School days (DOMAIN.md CAL-2): weekdays inside one of the school's terms, except closures (INSET days,
 * half-terms entered as closures, planned closures) and bank holidays.
 */
import { addDays, formatDate, isIsoDate, isWeekend, type IsoDate } from './dates.js'
import type { BankHolidays } from './working-days.js'

export type TermName = 'autumn' | 'spring' | 'summer'
export const TERM_NAMES: ReadonlyArray<TermName> = ['autumn', 'spring', 'summer']

export type Term = { name: TermName; start: IsoDate; end: IsoDate }

export type SchoolCalendar = {
  terms: ReadonlyArray<Term>
  closures: ReadonlySet<IsoDate>
  bankHolidays: BankHolidays
}

export function termOf(cal: SchoolCalendar, d: IsoDate): Term | null {
  return cal.terms.find((t) => t.start <= d && d <= t.end) ?? null
}

export function isSchoolDay(cal: SchoolCalendar, d: IsoDate): boolean {
  return !isWeekend(d) && termOf(cal, d) !== null && !cal.closures.has(d) && !cal.bankHolidays.dates.has(d)
}

function span(cal: SchoolCalendar): { first: IsoDate; last: IsoDate } | null {
  if (cal.terms.length === 0) return null
  let first = cal.terms[0]!.start
  let last = cal.terms[0]!.end
  for (const t of cal.terms) {
    if (t.start < first) first = t.start
    if (t.end > last) last = t.end
  }
  return { first, last }
}

/**
 * The `n`th school day after `event` (DOMAIN.md CAL-4: the event is day 0 whatever kind of day it is,
 * so n = 0 returns the event). A negative `n` counts back. Null when the calendar runs out first.
 */
export function addSchoolDays(cal: SchoolCalendar, event: IsoDate, n: number): IsoDate | null {
  if (n === 0) return event
  const bounds = span(cal)
  if (bounds === null) return null
  const step = n > 0 ? 1 : -1
  let d = event
  let remaining = Math.abs(n)
  // Jump straight to the calendar when the event is far outside it.
  if (step > 0 && d < bounds.first) d = addDays(bounds.first, -1)
  if (step < 0 && d > bounds.last) d = addDays(bounds.last, 1)
  while (remaining > 0) {
    d = addDays(d, step)
    if (d > bounds.last || d < bounds.first) return null
    if (isSchoolDay(cal, d)) remaining -= 1
  }
  return d
}

/** The school days from `from` to `to`, both included. */
export function schoolDaysIn(cal: SchoolCalendar, from: IsoDate, to: IsoDate): IsoDate[] {
  const bounds = span(cal)
  if (bounds === null) return []
  const days: IsoDate[] = []
  const first = from > bounds.first ? from : bounds.first
  const last = to < bounds.last ? to : bounds.last
  for (let d = first; d <= last; d = addDays(d, 1)) {
    if (isSchoolDay(cal, d)) days.push(d)
  }
  return days
}

/** The number of school days d with from <= d <= to. */
export function schoolDaysBetween(cal: SchoolCalendar, from: IsoDate, to: IsoDate): number {
  return schoolDaysIn(cal, from, to).length
}

/**
 * The `n`th school day of a period starting on `start` (n >= 1). DOMAIN.md CAL-4: the period's first day
 * is day 1 when it is a school day; otherwise the first school day after it is. Null when n < 1 or the
 * calendar runs out.
 */
export function nthSchoolDayOfPeriod(cal: SchoolCalendar, start: IsoDate, n: number): IsoDate | null {
  if (n < 1) return null
  return addSchoolDays(cal, addDays(start, -1), n)
}

export function lastSchoolDayOfTerm(cal: SchoolCalendar, term: Term): IsoDate | null {
  for (let d = term.end; d >= term.start; d = addDays(d, -1)) {
    if (isSchoolDay(cal, d)) return d
  }
  return null
}

const TERM_LABEL: Record<TermName, string> = {
  autumn: 'autumn term',
  spring: 'spring term',
  summer: 'summer term',
}

/** Checks term dates entered by school staff. Paths are like `terms.1.end`. */
export function validateTerms(terms: ReadonlyArray<Term>): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = []
  const usable: boolean[] = []
  terms.forEach((t, i) => {
    let ok = true
    if (!TERM_NAMES.includes(t.name)) {
      errors.push({ path: `terms.${i}.name`, message: 'Choose autumn, spring or summer term' })
    }
    if (!isIsoDate(t.start)) {
      errors.push({ path: `terms.${i}.start`, message: 'Term start date must be a real date' })
      ok = false
    }
    if (!isIsoDate(t.end)) {
      errors.push({ path: `terms.${i}.end`, message: 'Term end date must be a real date' })
      ok = false
    }
    if (ok && t.end < t.start) {
      errors.push({
        path: `terms.${i}.end`,
        message: 'Term end date must be the same as or after the start date',
      })
      ok = false
    }
    usable.push(ok)
  })
  terms.forEach((t, j) => {
    if (!usable[j]) return
    const clash = terms.find((o, i) => i < j && usable[i] && o.start <= t.end && t.start <= o.end)
    if (clash) {
      const label = TERM_LABEL[clash.name] ?? 'term'
      errors.push({
        path: `terms.${j}.start`,
        message: `Terms must not overlap: this term overlaps the ${label} from ${formatDate(clash.start)} to ${formatDate(clash.end)}`,
      })
    }
  })
  return errors
}

/** DOMAIN.md PD-18: the terms used until a school sets its own calendar. */
export function defaultTerms(schoolYear: number): Term[] {
  const next = schoolYear + 1
  return [
    { name: 'autumn', start: `${schoolYear}-09-01`, end: `${schoolYear}-12-31` },
    { name: 'spring', start: `${next}-01-01`, end: `${next}-03-31` },
    { name: 'summer', start: `${next}-04-01`, end: `${next}-07-31` },
  ]
}
