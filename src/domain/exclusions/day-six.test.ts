import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { consecutiveDaysBefore, day6ProvisionFor, furtherDay6NoticeBy } from './day-six.js'
import type { RecordedSuspension } from './days.js'

function week(monday: string): string[] {
  const d = Number(monday.slice(8))
  return [0, 1, 2, 3, 4].map((i) => `${monday.slice(0, 8)}${String(d + i).padStart(2, '0')}`)
}

// Spring term 2026 with its half-term (16-20 February) entered as closures.
const cal: SchoolCalendar = {
  terms: [
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  ],
  closures: new Set(week('2026-02-16')),
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

describe('DOMAIN.md EX-5, PD-17: education from the sixth consecutive school day', () => {
  it.each([
    ['5 days: no sixth day', susp('2026-03-02', 5), [], null],
    ['6 days from Monday 2 March: day 6 is Monday 9 March', susp('2026-03-02', 6), [], '2026-03-09'],
    ['10 days: still day 6', susp('2026-03-02', 10), [], '2026-03-09'],
    ['5.5 days: the half day is the sixth day of exclusion', susp('2026-03-02', 5.5), [], '2026-03-09'],
    ['6 days across the half-term: the closed week is not counted', susp('2026-02-11', 6), [], '2026-02-25'],
    [
      'back-to-back: 3 days Wed-Fri then 3 days from Monday',
      susp('2026-03-02', 3),
      [susp('2026-02-25', 3)],
      '2026-03-04',
    ],
    [
      'back-to-back across the half-term holiday',
      susp('2026-02-23', 3),
      [susp('2026-02-11', 3)],
      '2026-02-25',
    ],
    ['a school day in between breaks the run', susp('2026-03-02', 3), [susp('2026-02-24', 3)], null],
    [
      'a cancelled suspension before does not count',
      susp('2026-03-02', 3),
      [susp('2026-02-25', 3, { cancelled: true })],
      null,
    ],
    [
      'a lunchtime before is not a day out of school',
      susp('2026-03-02', 5),
      [susp('2026-02-27', 0.5, { category: 'LNCH' })],
      null,
    ],
    [
      'day 6 was reached earlier: provision from this suspension’s first day',
      susp('2026-03-10', 2),
      [susp('2026-03-02', 6)],
      '2026-03-10',
    ],
    ['a lunchtime never needs day-6 provision', susp('2026-03-02', 0.5, { category: 'LNCH' }), [], null],
  ])('%s', (_label, proposed, others, expected) => {
    expect(day6ProvisionFor(cal, proposed, others)?.dueBy ?? null).toBe(expected)
  })

  it('says which day of the run the date is, and that the school arranges it for a suspension', () => {
    expect(day6ProvisionFor(cal, susp('2026-03-10', 2), [susp('2026-03-02', 6)])).toEqual({
      dueBy: '2026-03-10',
      provisional: false,
      dayOfExclusion: 7,
      arranger: 'school',
    })
  })

  it('counts a permanent exclusion from its first day, arranged by the local authority', () => {
    expect(day6ProvisionFor(cal, { category: 'PERM', startDate: '2026-03-02', days: 0 }, [])).toEqual({
      dueBy: '2026-03-09',
      provisional: false,
      dayOfExclusion: 6,
      arranger: 'local_authority',
    })
  })

  it('counts a suspension straight before a permanent exclusion (EX-5: more than one period)', () => {
    const perm = { category: 'PERM' as const, startDate: '2026-03-05', days: 0 }
    expect(day6ProvisionFor(cal, perm, [susp('2026-03-02', 3)])?.dueBy).toBe('2026-03-09')
  })

  it('counts the run back over several suspensions', () => {
    expect(consecutiveDaysBefore(cal, '2026-03-09', [susp('2026-03-02', 2), susp('2026-03-04', 3)])).toBe(5)
  })

  it('marks the date provisional when it falls after the end of the calendar', () => {
    const result = day6ProvisionFor(cal, susp('2026-07-20', 8), [])
    expect(result?.provisional).toBe(true)
  })
})

describe('DOMAIN.md EX-6: exceptions', () => {
  it('needs no provision for a Year 11 pupil who has taken or missed all their exams', () => {
    expect(day6ProvisionFor(cal, susp('2026-03-02', 6), [], 'year_11_exams_over')).toBeNull()
  })

  it('still needs provision when the pupil’s plan sets fewer hours', () => {
    expect(day6ProvisionFor(cal, susp('2026-03-02', 6), [], 'plan_specifies_fewer_hours')?.dueBy).toBe(
      '2026-03-09',
    )
  })
})

describe('DOMAIN.md EX-7: a further notice 48 hours before provision starts', () => {
  it.each([
    ['2026-03-09', '2026-03-07'],
    ['2026-03-01', '2026-02-27'],
  ])('provision from %s: notice by %s', (starts, by) => {
    expect(furtherDay6NoticeBy(starts)).toBe(by)
  })
})
