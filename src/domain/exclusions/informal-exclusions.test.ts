import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { unrecordedExclusionMarks, type AttendanceMarkFacts } from './informal-exclusions.js'

const cal: SchoolCalendar = {
  terms: [{ name: 'spring', start: '2026-01-05', end: '2026-03-27' }],
  closures: new Set(),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const mark = (date: string, code = 'E', session: 'AM' | 'PM' = 'AM'): AttendanceMarkFacts => ({
  date,
  session,
  code,
})

describe('DOMAIN.md EX-18: no informal exclusions', () => {
  it.each([
    ['an E mark with no suspension on record', [], [mark('2026-03-02')], ['2026-03-02']],
    [
      'an E mark during a recorded suspension',
      [{ category: 'SUSP', startDate: '2026-03-02', days: 2 }],
      [mark('2026-03-03')],
      [],
    ],
    [
      'an E mark the day after it ended',
      [{ category: 'SUSP', startDate: '2026-03-02', days: 2 }],
      [mark('2026-03-04')],
      ['2026-03-04'],
    ],
    [
      'an E mark during a cancelled suspension',
      [{ category: 'SUSP', startDate: '2026-03-02', days: 2, cancelled: true }],
      [mark('2026-03-02')],
      ['2026-03-02'],
    ],
    [
      'an E mark on the day of a lunchtime suspension',
      [{ category: 'LNCH', startDate: '2026-03-02', days: 0.5 }],
      [mark('2026-03-02', 'E', 'PM')],
      ['2026-03-02'],
    ],
    [
      'an E mark after a permanent exclusion',
      [{ category: 'PERM', startDate: '2026-03-02', days: 0 }],
      [mark('2026-03-20')],
      [],
    ],
    ['other codes are not exclusions', [], [mark('2026-03-02', 'O'), mark('2026-03-02', 'B', 'PM')], []],
  ] as const)('%s', (_label, exclusions, marks, expected) => {
    const found = unrecordedExclusionMarks(cal, exclusions, marks)
    expect(found.map((m) => m.date)).toEqual(expected)
  })
})
