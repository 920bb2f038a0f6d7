/**
 * Calendar-date helpers over ISO `YYYY-MM-DD` strings.
 * All arithmetic is done in UTC so no timezone or daylight-saving change can shift a day.
 */

export type IsoDate = string

const MS_PER_DAY = 86_400_000
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

type Ymd = { y: number; m: number; d: number } // m is 1-12

function parse(d: IsoDate): Ymd {
  const match = ISO_PATTERN.exec(d)
  if (!match) throw new RangeError(`Not an ISO date: ${JSON.stringify(d)}`)
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

function toUtcMs({ y, m, d }: Ymd): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  return new Date(0).setUTCFullYear(y, m - 1, d)
}

function fromUtcMs(ms: number): IsoDate {
  const date = new Date(ms)
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
}

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(toUtcMs({ y: year, m: month + 1, d: 0 })).getUTCDate()
}

/** True for a real calendar date written exactly as `YYYY-MM-DD` (2025-02-29 is false). */
export function isIsoDate(s: string): boolean {
  const match = ISO_PATTERN.exec(s)
  if (!match) return false
  const y = Number(match[1])
  const m = Number(match[2])
  const d = Number(match[3])
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtcMs(toUtcMs(parse(d)) + n * MS_PER_DAY)
}

/** Signed number of days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(parse(b)) - toUtcMs(parse(a))) / MS_PER_DAY)
}

/** 0 Sunday … 6 Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return new Date(toUtcMs(parse(d))).getUTCDay()
}

export function isWeekend(d: IsoDate): boolean {
  const dow = dayOfWeek(d)
  return dow === 0 || dow === 6
}

export function addMonths(d: IsoDate, n: number): IsoDate {
  const { y, m, d: day } = parse(d)
  const total = y * 12 + (m - 1) + n
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12 + 1
  // DOMAIN.md CAL-5: a day that does not exist in the target month becomes that month's last day.
  return format(ny, nm, Math.min(day, daysInMonth(ny, nm)))
}

export function addYears(d: IsoDate, n: number): IsoDate {
  return addMonths(d, n * 12)
}

/** -1, 0 or 1; ISO strings with 4-digit years order correctly as text. */
export function compareIso(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The latest of the dates given; throws when none are given. */
export function maxIso(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('maxIso needs at least one date')
  return dates.reduce((best, d) => (d > best ? d : best))
}

/** The earliest of the dates given; throws when none are given. */
export function minIso(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('minIso needs at least one date')
  return dates.reduce((best, d) => (d < best ? d : best))
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in England at the instant `now` (DOMAIN.md CAL-6: dates are local). */
export function todayInLondon(now: Date): IsoDate {
  const parts = LONDON_DATE.formatToParts(now)
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value)
  return format(part('year'), part('month'), part('day'))
}

/** The calendar year in which the school year containing `d` starts (1 August-31 July, CAL-6). */
export function schoolYearOf(d: IsoDate): number {
  const { y, m } = parse(d)
  return m >= 8 ? y : y - 1
}

export function schoolYearBounds(startYear: number): { start: IsoDate; end: IsoDate } {
  return { start: format(startYear, 8, 1), end: format(startYear + 1, 7, 31) }
}

/** The calendar year in which the financial year containing `d` starts (1 April-31 March). */
export function financialYearOf(d: IsoDate): number {
  const { y, m } = parse(d)
  return m >= 4 ? y : y - 1
}

/**
 * Age in whole years on date `d`. Someone born on 29 February becomes a year older on 1 March in a
 * non-leap year (and on 29 February in a leap year). Negative when `d` is before the birth.
 */
export function ageOn(dateOfBirth: IsoDate, d: IsoDate): number {
  const birth = parse(dateOfBirth)
  const on = parse(d)
  const hadBirthday = on.m > birth.m || (on.m === birth.m && on.d >= birth.d)
  return on.y - birth.y - (hadBirthday ? 0 : 1)
}

/** GOV.UK style: "1 March 2024". */
export function formatDate(d: IsoDate): string {
  const { y, m, d: day } = parse(d)
  return `${day} ${monthName(m)} ${y}`
}

/** `1` → "January". */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1]!
}
