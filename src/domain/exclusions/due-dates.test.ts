import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { hasCalendar, nthSchoolDayFrom, schoolDaysAfter, schoolDaysBefore } from './due-dates.js'

const bankHolidays = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)
// One summer term only, so the calendar ends on Tuesday 21 July 2026 and starts on Monday 13 April.
const cal: SchoolCalendar = {
  terms: [{ name: 'summer', start: '2026-04-13', end: '2026-07-21' }],
  closures: new Set(),
  bankHolidays,
}

describe('DOMAIN.md CAL-4: school days after an event, estimated past the calendar', () => {
  it.each([
    ['2026-07-16', 3, '2026-07-21', false], // Fri 17, Mon 20, Tue 21
    ['2026-07-16', 4, '2026-07-22', true], // past the end: a working day, provisional
    ['2026-07-20', 10, '2026-08-03', true], // Tue 21 in term, then 9 working days of the holiday
    ['2026-08-28', 1, '2026-09-01', true], // Monday 31 August 2026 is a bank holiday
    ['2026-05-01', 1, '2026-05-05', false], // the May bank holiday is not a school day
    ['2026-05-01', 0, '2026-05-01', false], // day 0 is the event
  ])('%s + %i school days = %s (provisional: %s)', (event, n, dueBy, provisional) => {
    expect(schoolDaysAfter(cal, event, n)).toEqual({ dueBy, provisional })
  })

  it('counts a period’s first day as day 1 when it is a school day', () => {
    expect(nthSchoolDayFrom(cal, '2026-04-13', 1)).toEqual({ dueBy: '2026-04-13', provisional: false })
    expect(nthSchoolDayFrom(cal, '2026-04-13', 6)).toEqual({ dueBy: '2026-04-20', provisional: false })
  })
})

describe('school days before an event', () => {
  it.each([
    ['2026-04-22', 2, '2026-04-20', false], // Wednesday: notice by Monday
    ['2026-04-20', 2, '2026-04-16', false], // Monday: notice by the Thursday before
    ['2026-05-06', 2, '2026-05-01', false], // skips the May bank holiday
    ['2026-04-14', 2, '2026-04-10', true], // before the calendar: working days, provisional
  ])('%s − %i school days = %s (provisional: %s)', (event, n, dueBy, provisional) => {
    expect(schoolDaysBefore(cal, event, n)).toEqual({ dueBy, provisional })
  })
})

describe('DOMAIN.md PD-17: a school has a calendar once it has a term', () => {
  it.each([
    [null, false],
    [{ terms: [], closures: new Set<string>(), bankHolidays }, false],
    [cal, true],
  ])('%#', (calendar, expected) => {
    expect(hasCalendar(calendar)).toBe(expected)
  })
})
