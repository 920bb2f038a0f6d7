import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.js'
import { addWorkingDays, bankHolidaysFrom, isWorkingDay, workingDaysBetween } from './working-days.js'

const bh = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)

describe('bankHolidaysFrom', () => {
  it('covers until 31 December of the last loaded year', () => {
    expect(bh.coveredUntil).toBe('2027-12-31')
    expect(bh.dates.size).toBe(32)
  })

  it('covers nothing when the table is empty', () => {
    expect(bankHolidaysFrom([])).toEqual({ dates: new Set(), coveredUntil: null })
  })
})

describe('DOMAIN.md CAL-1: isWorkingDay', () => {
  it.each([
    ['2025-04-17', true], // Thursday before Easter
    ['2025-04-18', false], // Good Friday
    ['2025-04-19', false], // Saturday
    ['2025-04-21', false], // Easter Monday
    ['2025-04-22', true],
    ['2025-08-04', true], // school holidays still count
    ['2026-12-28', false], // Boxing Day substitute
    ['2027-12-27', false], // Christmas Day substitute
  ])('%s is a working day: %s', (d, expected) => {
    expect(isWorkingDay(d, bh)).toBe(expected)
  })
})

describe('DOMAIN.md CAL-4: addWorkingDays (event is day 0)', () => {
  it.each([
    // Thu 18 Dec 2025: 19, 22, 23, 24, (25, 26 bank holidays), 29, 30, 31, (1 Jan), 2, 5, 6.
    ['2025-12-18', 10, '2026-01-06'],
    ['2025-12-18', 4, '2025-12-24'],
    ['2025-12-18', 5, '2025-12-29'],
    // Easter 2025: Good Friday 18 April, Easter Monday 21 April.
    ['2025-04-17', 1, '2025-04-22'],
    ['2025-04-17', 2, '2025-04-23'],
    // The event itself may be a weekend or bank holiday: it is still day 0.
    ['2025-04-19', 1, '2025-04-22'],
    ['2025-12-25', 1, '2025-12-29'],
    // Substitute days: Boxing Day 2026 is a Saturday, so Monday 28 December is off.
    ['2026-12-24', 1, '2026-12-29'],
    // 2027: Christmas (Sat) and Boxing Day (Sun) move to Mon 27 and Tue 28 December.
    ['2027-12-24', 1, '2027-12-29'],
    ['2027-12-29', 2, '2027-12-31'],
    // n = 0 returns the event, whatever kind of day it is.
    ['2025-12-25', 0, '2025-12-25'],
    // Counting back.
    ['2025-04-22', -1, '2025-04-17'],
    ['2026-01-06', -10, '2025-12-18'],
  ])('addWorkingDays(%s, %i) = %s, not provisional', (event, n, expected) => {
    expect(addWorkingDays(event, n, bh)).toEqual({ date: expected, provisional: false })
  })

  it.each([
    // Fri 24 Dec 2027: 29, 30, 31 Dec, then Mon 3 and Tue 4 Jan 2028, beyond the table.
    ['2027-12-24', 5, '2028-01-04'],
    ['2027-12-31', 1, '2028-01-03'],
    ['2028-03-01', 0, '2028-03-01'], // nothing was counted, so nothing is uncertain
  ])('DOMAIN.md CAL-1: addWorkingDays(%s, %i) = %s is provisional beyond 2027', (event, n, expected) => {
    expect(addWorkingDays(event, n, bh)).toEqual({ date: expected, provisional: n !== 0 })
  })

  it('is provisional whenever no bank holidays are loaded', () => {
    expect(addWorkingDays('2025-04-17', 1, bankHolidaysFrom([]))).toEqual({
      date: '2025-04-18',
      provisional: true,
    })
  })
})

describe('DOMAIN.md CAL-1: workingDaysBetween counts from < d <= to', () => {
  it.each([
    ['2025-12-18', '2026-01-06', 10],
    ['2025-12-18', '2025-12-18', 0],
    ['2025-12-19', '2025-12-22', 1], // Fri to Mon
    ['2025-04-17', '2025-04-22', 1], // over Easter
    ['2025-12-24', '2025-12-28', 0], // Christmas and a weekend
    ['2026-01-06', '2025-12-18', 0], // to before from
  ])('workingDaysBetween(%s, %s) = %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to, bh)).toBe(expected)
  })
})
