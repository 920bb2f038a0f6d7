/**
 * Working days (DOMAIN.md CAL-1): Monday to Friday except bank holidays in England and Wales.
 * School holidays count as working days.
 */
import { addDays, isWeekend, type IsoDate } from './dates.js'

export type BankHolidays = {
  dates: ReadonlySet<IsoDate>
  /** 31 December of the last year in the table; null when no table is loaded. */
  coveredUntil: IsoDate | null
}

export function bankHolidaysFrom(rows: ReadonlyArray<{ date: IsoDate }>): BankHolidays {
  const dates = new Set(rows.map((r) => r.date))
  let lastYear: string | null = null
  for (const d of dates) {
    const year = d.slice(0, 4)
    if (lastYear === null || year > lastYear) lastYear = year
  }
  return { dates, coveredUntil: lastYear === null ? null : `${lastYear}-12-31` }
}

export function isWorkingDay(d: IsoDate, bh: BankHolidays): boolean {
  return !isWeekend(d) && !bh.dates.has(d)
}

function beyondTable(d: IsoDate, bh: BankHolidays): boolean {
  return bh.coveredUntil === null || d > bh.coveredUntil
}

/**
 * The `n`th working day after `event` (DOMAIN.md CAL-4: the event is day 0 whatever kind of day it is,
 * so n = 0 returns the event). A negative `n` counts back. `provisional` is true when a day that was
 * counted lies beyond the loaded bank-holiday table (CAL-1), so an unknown bank holiday could move it.
 */
export function addWorkingDays(
  event: IsoDate,
  n: number,
  bh: BankHolidays,
): { date: IsoDate; provisional: boolean } {
  if (n === 0) return { date: event, provisional: false }
  const step = n > 0 ? 1 : -1
  let date = event
  let remaining = Math.abs(n)
  while (remaining > 0) {
    date = addDays(date, step)
    if (isWorkingDay(date, bh)) remaining -= 1
  }
  // Counting forward, the latest day counted is the result; counting back, it is the day before the event.
  const latestCounted = step > 0 ? date : addDays(event, -1)
  return { date, provisional: beyondTable(latestCounted, bh) }
}

/** The number of working days d with from < d <= to (0 when `to` is not after `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate, bh: BankHolidays): number {
  let count = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (isWorkingDay(d, bh)) count += 1
  }
  return count
}
