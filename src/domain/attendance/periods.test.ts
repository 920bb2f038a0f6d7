import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar, Term } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import {
  customPeriod,
  halfTermPeriod,
  halfTermsOf,
  halfTermsOfSchoolYear,
  mondayOf,
  periodContaining,
  schoolYearPeriod,
  weekPeriod,
  weeksBetween,
} from './periods.js'

const bankHolidays = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)

function weekdays(from: string, to: string): string[] {
  const days: string[] = []
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10))
  }
  return days
}

const autumn: Term = { name: 'autumn', start: '2025-09-03', end: '2025-12-19' }
const spring: Term = { name: 'spring', start: '2026-01-05', end: '2026-03-27' }
const summer: Term = { name: 'summer', start: '2026-04-13', end: '2026-07-21' }

// Autumn: INSET Fri 19 Sep, two-week October break. Spring: INSET Mon 5 Jan, February half-term.
// Summer: half-term Tue 26-Fri 29 May after the spring bank holiday on Mon 25 May.
const cal: SchoolCalendar = {
  terms: [autumn, spring, summer],
  closures: new Set([
    '2025-09-19',
    ...weekdays('2025-10-20', '2025-10-31'),
    '2026-01-05',
    ...weekdays('2026-02-16', '2026-02-20'),
    ...weekdays('2026-05-26', '2026-05-29'),
  ]),
  bankHolidays,
}

describe('weeks, Monday to Sunday', () => {
  it.each([
    ['2025-11-05', '2025-11-03'], // Wednesday
    ['2025-11-03', '2025-11-03'], // Monday
    ['2025-11-09', '2025-11-03'], // Sunday
    ['2026-01-01', '2025-12-29'], // across the new year
  ])('the week of %s begins on %s', (d, monday) => {
    expect(mondayOf(d)).toBe(monday)
    expect(weekPeriod(d)).toMatchObject({ from: monday })
  })

  it('labels a week by its Monday', () => {
    expect(weekPeriod('2025-11-05')).toEqual({
      from: '2025-11-03',
      to: '2025-11-09',
      label: 'Week beginning 3 November 2025',
    })
  })

  it('buckets a range week by week, cutting the first and last week to the range', () => {
    expect(weeksBetween('2025-11-05', '2025-11-18')).toEqual([
      { from: '2025-11-05', to: '2025-11-09', label: 'Week beginning 3 November 2025' },
      { from: '2025-11-10', to: '2025-11-16', label: 'Week beginning 10 November 2025' },
      { from: '2025-11-17', to: '2025-11-18', label: 'Week beginning 17 November 2025' },
    ])
  })

  it('gives one bucket for a single day and none for an empty range', () => {
    expect(weeksBetween('2025-11-05', '2025-11-05')).toHaveLength(1)
    expect(weeksBetween('2025-11-06', '2025-11-05')).toEqual([])
  })

  it('covers a school year in 47 weeks', () => {
    const weeks = weeksBetween(autumn.start, summer.end)
    expect(weeks).toHaveLength(47)
    expect(weeks[0]!.from).toBe('2025-09-03')
    expect(weeks.at(-1)!.to).toBe('2026-07-21')
  })
})

describe('DOMAIN.md CAL-6: half-terms split at the longest closed run', () => {
  it('splits the autumn term at the two-week break, not at the INSET day', () => {
    expect(halfTermsOf(cal, autumn)).toEqual([
      { from: '2025-09-03', to: '2025-10-19', label: 'Autumn term 2025, first half' },
      { from: '2025-11-01', to: '2025-12-19', label: 'Autumn term 2025, second half' },
    ])
  })

  it('counts a bank holiday next to the closures as part of the break', () => {
    expect(halfTermsOf(cal, summer).map((p) => [p.from, p.to])).toEqual([
      ['2026-04-13', '2026-05-24'],
      ['2026-05-30', '2026-07-21'],
    ])
  })

  it('keeps a term whole when only an INSET day or a bank holiday closes it', () => {
    const onlyInset: SchoolCalendar = { ...cal, closures: new Set(['2025-09-19', '2026-01-05']) }
    expect(halfTermsOf(onlyInset, autumn)).toEqual([
      { from: '2025-09-03', to: '2025-12-19', label: 'Autumn term 2025' },
    ])
    expect(halfTermsOf(onlyInset, summer)).toHaveLength(1) // early May and spring bank holidays alone
  })

  it('keeps a term whole when its closed run is at its start', () => {
    const late: SchoolCalendar = { ...cal, closures: new Set(weekdays('2025-09-03', '2025-09-12')) }
    expect(halfTermsOf(late, autumn)).toHaveLength(1)
  })

  it('finds the half-term of a day, and none in the break or the holidays', () => {
    expect(halfTermPeriod(cal, '2026-02-13')?.label).toBe('Spring term 2026, first half')
    expect(halfTermPeriod(cal, '2026-02-23')?.label).toBe('Spring term 2026, second half')
    expect(halfTermPeriod(cal, '2026-02-18')).toBeNull()
    expect(halfTermPeriod(cal, '2026-04-01')).toBeNull()
  })

  it('lists the six half-terms of the school year in order', () => {
    expect(halfTermsOfSchoolYear(cal, '2026-03-01').map((p) => p.label)).toEqual([
      'Autumn term 2025, first half',
      'Autumn term 2025, second half',
      'Spring term 2026, first half',
      'Spring term 2026, second half',
      'Summer term 2026, first half',
      'Summer term 2026, second half',
    ])
  })
})

describe('DOMAIN.md CAL-6: terms and school years', () => {
  it.each([
    [
      'week',
      '2026-02-18',
      { from: '2026-02-16', to: '2026-02-22', label: 'Week beginning 16 February 2026' },
    ],
    ['term', '2026-02-18', { from: '2026-01-05', to: '2026-03-27', label: 'Spring term 2026' }],
    ['term', '2026-04-01', null],
    [
      'half_term',
      '2025-12-01',
      { from: '2025-11-01', to: '2025-12-19', label: 'Autumn term 2025, second half' },
    ],
    [
      'school_year',
      '2026-04-01',
      { from: '2025-09-03', to: '2026-07-21', label: 'School year 2025 to 2026' },
    ],
    [
      'school_year',
      '2025-08-20',
      { from: '2025-09-03', to: '2026-07-21', label: 'School year 2025 to 2026' },
    ],
  ] as const)('%s containing %s', (kind, d, expected) => {
    expect(periodContaining(kind, cal, d)).toEqual(expected)
  })

  it('falls back to 1 August to 31 July for a year without terms', () => {
    expect(schoolYearPeriod(cal, '2026-09-10')).toEqual({
      from: '2026-08-01',
      to: '2027-07-31',
      label: 'School year 2026 to 2027',
    })
  })
})

describe('custom periods', () => {
  it('labels a range in plain dates', () => {
    expect(customPeriod('2025-09-01', '2025-11-05')).toEqual({
      ok: true,
      period: { from: '2025-09-01', to: '2025-11-05', label: '1 September 2025 to 5 November 2025' },
    })
  })

  it.each([
    ['2025-02-30', '2025-03-01', [{ path: 'from', message: 'The first day must be a real date' }]],
    ['2025-03-01', 'soon', [{ path: 'to', message: 'The last day must be a real date' }]],
    [
      '2025-03-02',
      '2025-03-01',
      [{ path: 'to', message: 'The last day must be the same as or after the first day' }],
    ],
  ])('refuses %s to %s', (from, to, errors) => {
    expect(customPeriod(from, to)).toEqual({ ok: false, errors })
  })
})
