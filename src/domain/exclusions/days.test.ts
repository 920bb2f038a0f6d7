import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import {
  countedSuspensionDays,
  daysInSchoolYear,
  daysInTerm,
  isValidDayCount,
  remainingDays,
  suspensionSchoolDays,
  suspensionSummary,
  type RecordedSuspension,
} from './days.js'

function week(monday: string): string[] {
  const d = Number(monday.slice(8))
  return [0, 1, 2, 3, 4].map((i) => `${monday.slice(0, 8)}${String(d + i).padStart(2, '0')}`)
}

// Summer 2025, then 2025-26; half-terms entered as closures. Early May bank holiday (4 May 2026) falls in term.
const cal: SchoolCalendar = {
  terms: [
    { name: 'summer', start: '2025-04-22', end: '2025-07-22' },
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  ],
  closures: new Set([...week('2025-10-27'), ...week('2026-02-16'), ...week('2026-05-25')]),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const susp = (
  startDate: string,
  days: number,
  extra: Partial<RecordedSuspension> = {},
): RecordedSuspension => ({
  category: 'SUSP',
  startDate,
  days,
  ...extra,
})

describe('DOMAIN.md EX-2: days are a positive multiple of half a day', () => {
  it.each([
    [0.5, true],
    [1, true],
    [2.5, true],
    [45, true],
    [0, false],
    [-1, false],
    [0.3, false],
    [1.25, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%s days is valid: %s', (days, expected) => {
    expect(isValidDayCount(days)).toBe(expected)
  })
})

describe('DOMAIN.md PD-17: the school days a suspension covers', () => {
  it.each([
    ['three days in a normal week', susp('2026-03-02', 3), ['2026-03-02', '2026-03-03', '2026-03-04']],
    [
      'five days across the February half-term skip the closed week',
      susp('2026-02-11', 5),
      ['2026-02-11', '2026-02-12', '2026-02-13', '2026-02-23', '2026-02-24'],
    ],
    ['two days across a weekend', susp('2026-03-05', 3), ['2026-03-05', '2026-03-06', '2026-03-09']],
    ['a bank holiday in term is skipped', susp('2026-05-01', 2), ['2026-05-01', '2026-05-05']],
    ['a start that is no longer a school day moves to the next one', susp('2026-02-16', 1), ['2026-02-23']],
  ])('%s', (_label, s, dates) => {
    const covered = suspensionSchoolDays(cal, s)
    expect(covered.days.map((d) => d.date)).toEqual(dates)
    expect(covered.unplacedHalfDays).toBe(0)
  })

  it('counts each day in its own term when a suspension spans the Christmas holiday', () => {
    const covered = suspensionSchoolDays(cal, susp('2025-12-18', 4)).days
    expect(covered.map((d) => [d.date, d.term, d.schoolYear])).toEqual([
      ['2025-12-18', 'autumn', 2025],
      ['2025-12-19', 'autumn', 2025],
      ['2026-01-05', 'spring', 2025],
      ['2026-01-06', 'spring', 2025],
    ])
  })

  it('makes the last day a half day for 2.5 days, and a lunchtime a single half day (EX-2)', () => {
    expect(suspensionSchoolDays(cal, susp('2026-03-02', 2.5)).days.map((d) => d.halfDays)).toEqual([2, 2, 1])
    const lunch = suspensionSchoolDays(cal, { startDate: '2026-03-02', days: 0.5 }).days
    expect(lunch).toEqual([{ date: '2026-03-02', halfDays: 1, term: 'spring', schoolYear: 2025 }])
  })

  it('does not slide a start before the calendar begins into its first term', () => {
    expect(suspensionSchoolDays(cal, susp('2025-03-03', 2))).toEqual({ days: [], unplacedHalfDays: 4 })
  })

  it('leaves the days past the end of the calendar without dates', () => {
    const covered = suspensionSchoolDays(cal, susp('2026-07-20', 4.5))
    expect(covered.days.map((d) => d.date)).toEqual(['2026-07-20', '2026-07-21'])
    expect(covered.unplacedHalfDays).toBe(5)
  })
})

describe('DOMAIN.md EX-1, EX-13: totals per term and per school year', () => {
  const suspensions: RecordedSuspension[] = [
    susp('2025-10-23', 3), // Thu, Fri, then Mon 3 Nov after half-term: autumn 3
    susp('2025-12-18', 4), // autumn 2, spring 2
    susp('2026-03-02', 0.5, { category: 'LNCH' }), // spring 0.5
    susp('2026-03-10', 2, { cancelled: true }), // cancelled: no longer counts (EX-19)
    susp('2026-05-11', 1), // summer 1
    { category: 'PERM', startDate: '2026-06-01', days: 0 }, // a permanent exclusion is not a suspension day
    susp('2025-07-07', 5), // last school year: not in this year's totals
  ]

  it('sums the school days of each term, lunchtimes as half a day, cancelled ones left out', () => {
    expect(suspensionSummary(cal, suspensions, 2025)).toEqual({
      daysThisYear: 8.5,
      daysByTerm: { autumn: 5, spring: 2.5, summer: 1 },
      remaining: 36.5,
    })
  })

  it('takes the cancelled suspension’s 2 days off the spring term', () => {
    const uncancelled = countedSuspensionDays(
      cal,
      suspensions.map((s) => ({ ...s, cancelled: false })),
    )
    expect(daysInTerm(uncancelled, 2025, 'spring')).toBe(4.5)
    expect(daysInSchoolYear(uncancelled, 2025)).toBe(10.5)
  })

  it('puts a suspension in the school year its days fall in', () => {
    const days = countedSuspensionDays(cal, suspensions)
    expect(daysInSchoolYear(days, 2024)).toBe(5)
    expect(daysInTerm(days, 2024, 'summer')).toBe(5)
  })

  it('gives zero for a year with no suspensions', () => {
    expect(suspensionSummary(cal, [], 2025)).toEqual({
      daysThisYear: 0,
      daysByTerm: { autumn: 0, spring: 0, summer: 0 },
      remaining: 45,
    })
  })

  it.each([
    [0, 45],
    [44.5, 0.5],
    [45, 0],
    [45.5, 0],
  ])('remaining of 45 after %s days is %s', (used, left) => {
    expect(remainingDays(used)).toBe(left)
  })
})
