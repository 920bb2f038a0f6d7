import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.js'
import {
  addSchoolDays,
  defaultTerms,
  isSchoolDay,
  lastSchoolDayOfTerm,
  nthSchoolDayOfPeriod,
  schoolDaysBetween,
  schoolDaysIn,
  termOf,
  validateTerms,
  type SchoolCalendar,
  type Term,
} from './school-calendar.js'
import { bankHolidaysFrom } from './working-days.js'

const bankHolidays = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)

const autumn: Term = { name: 'autumn', start: '2025-09-03', end: '2025-12-19' } // Wed .. Fri
const spring: Term = { name: 'spring', start: '2026-01-05', end: '2026-03-27' } // Mon .. Fri
const summer: Term = { name: 'summer', start: '2026-04-13', end: '2026-07-21' } // Mon .. Tue

// Half-term Mon 27-Fri 31 October 2025 entered as closures; INSET day Mon 5 January 2026.
const cal: SchoolCalendar = {
  terms: [autumn, spring, summer],
  closures: new Set(['2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31', '2026-01-05']),
  bankHolidays,
}

describe('DOMAIN.md CAL-2: isSchoolDay and termOf', () => {
  it.each([
    ['2025-09-03', true, 'autumn'], // first day of term
    ['2025-09-02', false, null], // before the first term
    ['2025-09-06', false, 'autumn'], // Saturday
    ['2025-10-24', true, 'autumn'],
    ['2025-10-27', false, 'autumn'], // half-term closure, still inside the term
    ['2025-12-22', false, null], // Christmas holidays
    ['2026-01-05', false, 'spring'], // INSET day
    ['2026-01-06', true, 'spring'],
    ['2026-04-06', false, null], // Easter Monday in the holidays
    ['2026-05-04', false, 'summer'], // Early May bank holiday in term
    ['2026-07-21', true, 'summer'], // last day of the year
    ['2026-07-22', false, null],
  ])('%s is a school day: %s (term %s)', (d, expected, term) => {
    expect(isSchoolDay(cal, d)).toBe(expected)
    expect(termOf(cal, d)?.name ?? null).toBe(term)
  })
})

describe('DOMAIN.md CAL-4: addSchoolDays (event is day 0)', () => {
  it.each([
    ['2025-10-23', 1, '2025-10-24'],
    ['2025-10-23', 2, '2025-11-03'], // across the half-term closure
    ['2025-10-25', 1, '2025-11-03'], // event in half-term
    // PD-17 board meeting: 15 school days after Mon 20 Oct 2025, 4 before and 11 after half-term.
    ['2025-10-20', 15, '2025-11-17'],
    ['2025-12-18', 3, '2026-01-07'], // between terms, skipping the INSET day
    ['2025-12-25', 1, '2026-01-06'],
    ['2025-12-25', 0, '2025-12-25'], // n = 0 is the event itself
    ['2026-03-27', 1, '2026-04-13'], // across Easter
    ['2026-05-01', 1, '2026-05-05'], // bank holiday in term
    ['2025-06-01', 1, '2025-09-03'], // event before the calendar starts
    ['2026-07-20', 1, '2026-07-21'],
    ['2026-01-07', -3, '2025-12-18'], // counting back
  ])('addSchoolDays(%s, %i) = %s', (event, n, expected) => {
    expect(addSchoolDays(cal, event, n)).toBe(expected)
  })

  it.each([
    ['2026-07-20', 2],
    ['2026-07-21', 1],
    ['2026-08-10', 1],
    ['2025-09-04', -2],
  ])('returns null when the calendar runs out: addSchoolDays(%s, %i)', (event, n) => {
    expect(addSchoolDays(cal, event, n)).toBeNull()
  })

  it('returns null with no terms at all', () => {
    const empty: SchoolCalendar = { terms: [], closures: new Set(), bankHolidays }
    expect(addSchoolDays(empty, '2025-09-03', 1)).toBeNull()
    expect(schoolDaysBetween(empty, '2025-09-01', '2026-07-31')).toBe(0)
  })
})

describe('schoolDaysBetween counts from <= d <= to', () => {
  it.each([
    ['2025-10-20', '2025-11-17', 16],
    ['2025-10-25', '2025-11-02', 0], // half-term
    ['2025-09-01', '2025-09-05', 3], // term starts on Wednesday 3rd
    ['2025-09-03', '2025-09-03', 1],
    ['2025-09-05', '2025-09-03', 0], // to before from
    // Autumn term: 78 weekdays less 5 days of half-term.
    ['2025-09-03', '2025-12-19', 73],
    ['2025-12-19', '2026-01-06', 2], // over the Christmas holidays and INSET day
  ])('schoolDaysBetween(%s, %s) = %i', (from, to, expected) => {
    expect(schoolDaysBetween(cal, from, to)).toBe(expected)
  })

  it('lists the school days across half-term', () => {
    expect(schoolDaysIn(cal, '2025-10-23', '2025-11-04')).toEqual([
      '2025-10-23',
      '2025-10-24',
      '2025-11-03',
      '2025-11-04',
    ])
  })
})

describe('DOMAIN.md CAL-4: nthSchoolDayOfPeriod counts the first day as day 1', () => {
  it.each([
    ['2025-09-03', 1, '2025-09-03'],
    ['2025-09-03', 6, '2025-09-10'],
    ['2025-09-01', 1, '2025-09-03'], // period starts before term
    ['2026-01-05', 1, '2026-01-06'], // INSET day is not day 1
    ['2025-10-25', 1, '2025-11-03'],
    ['2026-07-21', 2, null], // runs out
    ['2025-09-03', 0, null],
  ])('nthSchoolDayOfPeriod(%s, %i) = %s', (start, n, expected) => {
    expect(nthSchoolDayOfPeriod(cal, start, n)).toBe(expected)
  })
})

describe('DOMAIN.md PD-18: lastSchoolDayOfTerm', () => {
  it('is the term end when that is a school day', () => {
    expect(lastSchoolDayOfTerm(cal, autumn)).toBe('2025-12-19')
    expect(lastSchoolDayOfTerm(cal, summer)).toBe('2026-07-21')
  })

  it('skips a closure and a weekend at the end of term', () => {
    const closedFriday = { ...cal, closures: new Set(['2026-03-27']) }
    expect(lastSchoolDayOfTerm(closedFriday, spring)).toBe('2026-03-26')
    const endsSunday: Term = { name: 'spring', start: '2026-01-05', end: '2026-03-29' }
    expect(lastSchoolDayOfTerm({ ...cal, terms: [endsSunday] }, endsSunday)).toBe('2026-03-27')
  })

  it('is null when the term has no school days', () => {
    const closed: Term = { name: 'summer', start: '2026-05-02', end: '2026-05-04' } // Sat, Sun, bank holiday
    expect(lastSchoolDayOfTerm({ ...cal, terms: [closed] }, closed)).toBeNull()
  })
})

describe('validateTerms', () => {
  it('accepts good terms', () => {
    expect(validateTerms([autumn, spring, summer])).toEqual([])
    expect(validateTerms([summer, autumn])).toEqual([]) // order does not matter
  })

  it.each<[string, Term[], Array<{ path: string; message: string }>]>([
    [
      'end before start',
      [autumn, { name: 'spring', start: '2026-03-27', end: '2026-01-05' }],
      [{ path: 'terms.1.end', message: 'Term end date must be the same as or after the start date' }],
    ],
    [
      'a date that does not exist',
      [{ name: 'autumn', start: '2025-09-31', end: '2025-12-19' }],
      [{ path: 'terms.0.start', message: 'Term start date must be a real date' }],
    ],
    [
      'overlapping terms',
      [autumn, { name: 'spring', start: '2025-12-19', end: '2026-03-27' }],
      [
        {
          path: 'terms.1.start',
          message:
            'Terms must not overlap: this term overlaps the autumn term from 3 September 2025 to 19 December 2025',
        },
      ],
    ],
  ])('reports %s', (_label, terms, expected) => {
    expect(validateTerms(terms)).toEqual(expected)
  })
})

describe('DOMAIN.md PD-18: defaultTerms', () => {
  it('is 1 Sept-31 Dec, 1 Jan-31 Mar, 1 Apr-31 Jul', () => {
    expect(defaultTerms(2025)).toEqual([
      { name: 'autumn', start: '2025-09-01', end: '2025-12-31' },
      { name: 'spring', start: '2026-01-01', end: '2026-03-31' },
      { name: 'summer', start: '2026-04-01', end: '2026-07-31' },
    ])
    expect(validateTerms(defaultTerms(2025))).toEqual([])
  })
})
