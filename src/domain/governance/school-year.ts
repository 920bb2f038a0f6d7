import { maxIso, minIso, schoolYearBounds, schoolYearOf, type IsoDate } from '../calendar/dates.js'
import { defaultTerms, type Term } from '../calendar/school-calendar.js'
import type { DateWindow } from './roles.js'

/**
 * The days a school year's register of roles covers: its first term's first day to its last term's
 * last day, from the school's calendar (CAL-6), or PD-18's default terms (1 September to 31 July) until
 * the school sets one. Holidays before the first term do not make every role look vacant.
 */
export function registerWindow(
  schoolYear: number,
  terms: readonly Term[],
): DateWindow & { calendarSet: boolean } {
  const own = terms.filter((t) => schoolYearOf(t.start) === schoolYear)
  const used = own.length ? own : defaultTerms(schoolYear)
  return {
    from: minIso(...used.map((t) => t.start)),
    to: maxIso(...used.map((t) => t.end)),
    calendarSet: own.length > 0,
  }
}

/** Training counts for the school year it was held in: 1 August to 31 July (CAL-6). */
export function trainingWindow(schoolYear: number): DateWindow {
  const { start, end } = schoolYearBounds(schoolYear)
  return { from: start, to: end }
}

/**
 * The day whose role holders a year's training requirements apply to: today during the year, its first
 * day before it starts, its last day once it is over. A product choice: a DT who left in October is not
 * asked for two days' training in that year; whoever holds the role now (or at the end) is.
 */
export function referenceDay(window: DateWindow, today: IsoDate): IsoDate {
  return minIso(maxIso(today, window.from), window.to)
}
