import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  compareIso,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  financialYearOf,
  formatDate,
  isIsoDate,
  isWeekend,
  maxIso,
  minIso,
  schoolYearBounds,
  schoolYearOf,
  todayInLondon,
} from './dates.js'

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2025-04-31', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-01', false],
    [' 2025-01-01', false],
    ['2025-01-01T00:00', false],
    ['', false],
  ])('%j is a real ISO date: %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected)
  })
})

describe('addDays and daysBetween work in UTC whole days', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-03-28', 1, '2026-03-29'], // clocks go forward in London on 29 March 2026
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', 1, '2026-10-26'], // clocks go back
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-10-26', 0, '2025-10-26'],
    ['2025-01-01', 365, '2026-01-01'],
  ])('addDays(%s, %i) = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected)
    expect(daysBetween(d, expected)).toBe(n)
    expect(daysBetween(expected, d)).toBe(0 - n)
  })

  it('counts 366 days across a leap year', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366)
  })
})

describe('dayOfWeek and isWeekend', () => {
  it.each([
    ['2025-09-01', 1, false], // Monday
    ['2025-09-06', 6, true],
    ['2025-09-07', 0, true],
    ['2025-12-25', 4, false],
    ['2026-01-01', 4, false],
    ['2024-02-29', 4, false],
    ['2026-03-29', 0, true],
  ])('%s is day %i (weekend %s)', (d, dow, weekend) => {
    expect(dayOfWeek(d)).toBe(dow)
    expect(isWeekend(d)).toBe(weekend)
  })
})

describe('DOMAIN.md CAL-5: months and years clamp to the last day of the month', () => {
  it.each([
    ['2025-08-31', 6, '2026-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-10-31', 1, '2025-11-30'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-01-15', -13, '2023-12-15'],
    ['2025-12-01', 1, '2026-01-01'],
    ['2025-05-31', 0, '2025-05-31'],
  ])('addMonths(%s, %i) = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected)
  })

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', -6, '2018-02-28'],
    ['2026-05-10', -6, '2020-05-10'],
  ])('addYears(%s, %i) = %s', (d, n, expected) => {
    expect(addYears(d, n)).toBe(expected)
  })

  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2025, 12, 31],
    [2025, 4, 30],
  ])('daysInMonth(%i, %i) = %i', (y, m, expected) => {
    expect(daysInMonth(y, m)).toBe(expected)
  })
})

describe('compareIso, maxIso, minIso', () => {
  it.each([
    ['2025-01-01', '2025-01-02', -1],
    ['2025-01-02', '2025-01-01', 1],
    ['2025-01-01', '2025-01-01', 0],
    ['2024-12-31', '2025-01-01', -1],
  ])('compareIso(%s, %s) = %i', (a, b, expected) => {
    expect(compareIso(a, b)).toBe(expected)
  })

  it('picks the latest and earliest dates', () => {
    expect(maxIso('2025-03-01', '2026-01-01', '2025-12-31')).toBe('2026-01-01')
    expect(minIso('2025-03-01', '2026-01-01', '2025-12-31')).toBe('2025-03-01')
    expect(maxIso('2025-03-01')).toBe('2025-03-01')
    expect(() => maxIso()).toThrow()
    expect(() => minIso()).toThrow()
  })
})

describe('DOMAIN.md CAL-6: todayInLondon uses local midnight, across BST changes', () => {
  it.each([
    ['2026-03-28T23:30:00Z', '2026-03-28'], // GMT: London is UTC
    ['2026-03-29T23:30:00Z', '2026-03-30'], // BST began 29 March 2026: 00:30 on the 30th in London
    ['2026-06-30T22:59:59Z', '2026-06-30'],
    ['2026-06-30T23:00:00Z', '2026-07-01'], // exactly midnight BST
    ['2026-10-24T23:30:00Z', '2026-10-25'], // still BST
    ['2026-10-25T23:30:00Z', '2026-10-25'], // GMT again from 25 October 2026
    ['2026-12-31T23:59:59Z', '2026-12-31'],
    ['2027-01-01T00:00:00Z', '2027-01-01'],
  ])('%s is %s in London', (instant, expected) => {
    expect(todayInLondon(new Date(instant))).toBe(expected)
  })
})

describe('DOMAIN.md CAL-6: school and financial years', () => {
  it.each([
    ['2025-09-10', 2025],
    ['2026-01-01', 2025],
    ['2026-07-31', 2025],
    ['2026-08-01', 2026],
    ['2025-07-31', 2024],
  ])('schoolYearOf(%s) = %i', (d, expected) => {
    expect(schoolYearOf(d)).toBe(expected)
  })

  it('schoolYearBounds runs 1 August to 31 July', () => {
    expect(schoolYearBounds(2025)).toEqual({ start: '2025-08-01', end: '2026-07-31' })
  })

  it.each([
    ['2026-03-31', 2025],
    ['2026-04-01', 2026],
    ['2026-01-15', 2025],
    ['2025-12-31', 2025],
  ])('financialYearOf(%s) = %i', (d, expected) => {
    expect(financialYearOf(d)).toBe(expected)
  })
})

describe('ageOn', () => {
  it.each([
    ['2010-05-10', '2026-05-09', 15],
    ['2010-05-10', '2026-05-10', 16],
    ['2010-05-10', '2010-05-10', 0],
    // Born 29 February: a year older on 1 March in a non-leap year, on 29 February in a leap year.
    ['2012-02-29', '2025-02-28', 12],
    ['2012-02-29', '2025-03-01', 13],
    ['2012-02-29', '2024-02-28', 11],
    ['2012-02-29', '2024-02-29', 12],
  ])('born %s, on %s is %i', (dob, d, expected) => {
    expect(ageOn(dob, d)).toBe(expected)
  })
})

describe('formatDate (GOV.UK style)', () => {
  it.each([
    ['2024-03-01', '1 March 2024'],
    ['2025-12-25', '25 December 2025'],
    ['2026-01-09', '9 January 2026'],
  ])('%s is "%s"', (d, expected) => {
    expect(formatDate(d)).toBe(expected)
  })
})
