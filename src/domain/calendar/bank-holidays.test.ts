import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.js'
import { isIsoDate, isWeekend } from './dates.js'

const dates = ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.date)

describe('DOMAIN.md CAL-1: England and Wales bank holidays 2024-2027', () => {
  it('holds 8 real, distinct dates a year, in order', () => {
    expect(dates.every(isIsoDate)).toBe(true)
    expect(new Set(dates).size).toBe(dates.length)
    expect([...dates].sort()).toEqual(dates)
    for (const year of ['2024', '2025', '2026', '2027']) {
      expect(dates.filter((d) => d.startsWith(year))).toHaveLength(8)
    }
  })

  it('never falls on a weekend (substitute days are weekdays)', () => {
    expect(dates.filter(isWeekend)).toEqual([])
  })

  it.each([
    ['2024-03-29', 'Good Friday'],
    ['2025-04-21', 'Easter Monday'],
    ['2026-08-31', 'Summer bank holiday'],
    ['2026-12-28', 'Boxing Day (substitute day)'],
    ['2027-03-26', 'Good Friday'],
    ['2027-12-27', 'Christmas Day (substitute day)'],
    ['2027-12-28', 'Boxing Day (substitute day)'],
  ])('%s is %s', (date, title) => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toContainEqual({ date, title })
  })

  it.each(['2026-12-26', '2027-12-25', '2027-12-26'])(
    '%s (a weekend) is replaced by a substitute day',
    (date) => {
      expect(dates).not.toContain(date)
    },
  )
})
