/**
 * The school calendar the PEP schedule counts on, and the Virtual School's local PEP periods
 * (DOMAIN.md PD-1, PD-18, PEP-6, CAL-2, CAL-6).
 */
import {
  addDays,
  daysInMonth,
  monthName,
  schoolYearBounds,
  schoolYearOf,
  type IsoDate,
} from '../calendar/dates.js'
import { defaultTerms, isSchoolDay, type SchoolCalendar, type Term } from '../calendar/school-calendar.js'
import type { BankHolidays } from '../calendar/working-days.js'
import type { PepScheduleSettings } from './settings.js'

export type SchoolTerms = Pick<SchoolCalendar, 'terms' | 'closures'>

/**
 * The school's own terms for each school year it has set, and PD-18's default terms (1 September-
 * 31 December, 1 January-31 March, 1 April-31 July) for the years it has not, from `fromYear` to `toYear`.
 * `defaulted` holds the school years that use the defaults.
 */
export function pepCalendar(
  school: SchoolTerms | null,
  bankHolidays: BankHolidays,
  fromYear: number,
  toYear: number,
): { calendar: SchoolCalendar; defaulted: ReadonlySet<number> } {
  const terms: Term[] = []
  const defaulted = new Set<number>()
  for (let year = fromYear; year <= toYear; year += 1) {
    const own = (school?.terms ?? []).filter((t) => schoolYearOf(t.start) === year)
    if (own.length > 0) {
      terms.push(...own)
    } else {
      terms.push(...defaultTerms(year))
      defaulted.add(year)
    }
  }
  terms.sort((a, b) => a.start.localeCompare(b.start))
  return { calendar: { terms, closures: school?.closures ?? new Set(), bankHolidays }, defaulted }
}

/** The last school day from `start` to `end` (both included), or null when there is none. */
export function lastSchoolDayIn(cal: SchoolCalendar, start: IsoDate, end: IsoDate): IsoDate | null {
  for (let d = end; d >= start; d = addDays(d, -1)) {
    if (isSchoolDay(cal, d)) return d
  }
  return null
}

export type LocalPeriod = {
  /** "the autumn term 2026 PEP". */
  what: string
  start: IsoDate
  end: IsoDate
  /** PD-18: the last school day of the period; null when it has no school day (never due). */
  dueBy: IsoDate | null
  /** True when the period's dates come from PD-18's default terms. */
  defaultTerms: boolean
}

function termYear(t: Term): string {
  return t.start.slice(0, 4)
}

function period(
  cal: SchoolCalendar,
  defaulted: ReadonlySet<number>,
  what: string,
  start: IsoDate,
  end: IsoDate,
): LocalPeriod {
  return {
    what,
    start,
    end,
    dueBy: lastSchoolDayIn(cal, start, end),
    defaultTerms: defaulted.has(schoolYearOf(end)),
  }
}

function termly(cal: SchoolCalendar, defaulted: ReadonlySet<number>): LocalPeriod[] {
  return cal.terms.map((t) => period(cal, defaulted, `the ${t.name} term ${termYear(t)} PEP`, t.start, t.end))
}

/** One PEP in the autumn term, one in the spring or summer term (settings.ts). */
function twiceYearly(cal: SchoolCalendar, defaulted: ReadonlySet<number>): LocalPeriod[] {
  const out: LocalPeriod[] = []
  const years = [...new Set(cal.terms.map((t) => schoolYearOf(t.start)))]
  for (const year of years) {
    const terms = cal.terms.filter((t) => schoolYearOf(t.start) === year)
    const autumn = terms.filter((t) => t.name === 'autumn')
    const later = terms.filter((t) => t.name !== 'autumn')
    if (autumn.length > 0) {
      const what = `the autumn term ${termYear(autumn[0]!)} PEP`
      out.push(period(cal, defaulted, what, autumn[0]!.start, autumn.at(-1)!.end))
    }
    if (later.length > 0) {
      const what = `the spring or summer term ${termYear(later[0]!)} PEP`
      out.push(period(cal, defaulted, what, later[0]!.start, later.at(-1)!.end))
    }
  }
  return out
}

/** Periods closed by the last day of each due month, over the calendar's school years (settings.ts). */
function custom(
  cal: SchoolCalendar,
  defaulted: ReadonlySet<number>,
  dueMonths: ReadonlyArray<number>,
  fromYear: number,
  toYear: number,
): LocalPeriod[] {
  const closes: Array<{ date: IsoDate; label: string }> = []
  for (let y = fromYear - 1; y <= toYear + 1; y += 1) {
    for (const m of dueMonths) {
      const mm = String(m).padStart(2, '0')
      closes.push({ date: `${y}-${mm}-${daysInMonth(y, m)}`, label: `${monthName(m)} ${y}` })
    }
  }
  closes.sort((a, b) => a.date.localeCompare(b.date))
  const first = schoolYearBounds(fromYear).start
  const last = schoolYearBounds(toYear).end
  const out: LocalPeriod[] = []
  for (let i = 1; i < closes.length; i += 1) {
    const start = addDays(closes[i - 1]!.date, 1)
    const end = closes[i]!.date
    if (end < first || start > last) continue
    out.push(period(cal, defaulted, `the PEP for the period ending ${closes[i]!.label}`, start, end))
  }
  return out
}

export function localPeriods(
  cal: SchoolCalendar,
  defaulted: ReadonlySet<number>,
  settings: Pick<PepScheduleSettings, 'cadence' | 'customDueMonths'>,
  fromYear: number,
  toYear: number,
): LocalPeriod[] {
  switch (settings.cadence) {
    case 'termly':
      return termly(cal, defaulted)
    case 'twice_yearly':
      return twiceYearly(cal, defaulted)
    case 'custom':
      return custom(cal, defaulted, settings.customDueMonths, fromYear, toYear)
  }
}

/** Whether a school day falls from `start` to `end`, both included (false when `end` < `start`). */
export function hasSchoolDay(cal: SchoolCalendar, start: IsoDate, end: IsoDate): boolean {
  for (let d = start; d <= end; d = addDays(d, 1)) {
    if (isSchoolDay(cal, d)) return true
  }
  return false
}
