import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import { addDays, isWeekend, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import {
  belowThreshold,
  describeIllnessRun,
  illnessRun,
  illnessRuns,
  persistentAbsenceChange,
  unauthorisedInRollingTenWeeks,
  unauthorisedInRollingWeeks,
  unexplainedAbsences,
} from './alerts.js'
import type { AttendanceMark, Session } from './marks.js'
import { lastSchoolWeeks } from './school-weeks.js'

function weekdaysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isWeekend(d)) days.push(d)
  return days
}

// Autumn 2025 to summer 2026, half-terms entered as closures (27-31 October is the autumn one).
const cal: SchoolCalendar = {
  terms: [
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  ],
  closures: new Set([
    ...weekdaysBetween('2025-10-27', '2025-10-31'),
    ...weekdaysBetween('2026-02-16', '2026-02-20'),
    ...weekdaysBetween('2026-05-26', '2026-05-29'),
  ]),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const schoolDays = (from: IsoDate, to: IsoDate) =>
  weekdaysBetween(from, to).filter((d) => isSchoolDay(cal, d))

/** Both sessions of each day with one code. */
function fullDays(days: ReadonlyArray<IsoDate>, code: string): AttendanceMark[] {
  return days.flatMap((date) => (['AM', 'PM'] as Session[]).map((session) => ({ date, session, code })))
}

const mark = (date: IsoDate, session: Session, code: string): AttendanceMark => ({ date, session, code })

describe('DOMAIN.md ATT-17: rolling school weeks', () => {
  it.each([
    // today, weeks → from, school weeks found
    ['2025-11-21', 10, '2025-09-08', 10], // skips the October half-term week
    ['2025-11-21', 4, '2025-10-20', 4],
    ['2025-11-17', 1, '2025-11-17', 1], // today's week counts once it has had a school day
    ['2025-10-29', 1, '2025-10-20', 1], // in half-term: the last week the school was open
    ['2026-01-07', 2, '2025-12-15', 2], // across the Christmas holidays
    ['2025-09-10', 10, '2025-09-01', 2], // the calendar starts inside the window
  ])('%s, last %i school weeks: from %s (%i found)', (today, weeks, from, found) => {
    expect(lastSchoolWeeks(cal, today, weeks)).toEqual({ from, to: today, schoolWeeks: found })
  })

  it('does not count the first week before the school has opened in it', () => {
    // The term starts on Wednesday 3 September; on Tuesday 2 September no school day has happened yet.
    expect(lastSchoolWeeks(cal, '2025-09-02', 1)).toEqual({
      from: '2025-09-02',
      to: '2025-09-02',
      schoolWeeks: 0,
    })
  })

  it('is today alone when the school has no terms', () => {
    expect(lastSchoolWeeks({ ...cal, terms: [] }, '2025-11-21', 10)).toEqual({
      from: '2025-11-21',
      to: '2025-11-21',
      schoolWeeks: 0,
    })
  })
})

describe('DOMAIN.md PD-6: unexplained absences', () => {
  it('lists the N and O sessions in date order, and not U or G', () => {
    const marks = [
      mark('2025-11-04', 'PM', 'O'),
      mark('2025-11-04', 'AM', 'N'),
      mark('2025-11-03', 'PM', 'N'),
      mark('2025-11-03', 'AM', 'U'),
      mark('2025-11-05', 'AM', 'G'),
      mark('2025-11-05', 'PM', '/'),
    ]
    expect(unexplainedAbsences(marks)).toEqual([
      mark('2025-11-03', 'PM', 'N'),
      mark('2025-11-04', 'AM', 'N'),
      mark('2025-11-04', 'PM', 'O'),
    ])
  })

  it('keeps the extra fields a caller passes in', () => {
    const withId = [{ ...mark('2025-11-03', 'AM', 'N'), id: 'm1' }]
    expect(unexplainedAbsences(withId)[0]?.id).toBe('m1')
  })
})

describe('DOMAIN.md ATT-9: a local threshold, not statutory', () => {
  const today = '2025-11-21' // Friday; the last 4 school weeks start on Monday 20 October
  const window = schoolDays('2025-10-20', today) // 20 school days, 40 sessions
  const withAbsences = (absentDays: number, code = 'I') => [
    ...fullDays(window.slice(0, absentDays), code),
    ...fullDays(window.slice(absentDays), '/'),
  ]

  it('is not below 90% at exactly 90%', () => {
    const check = belowThreshold(withAbsences(2), { percent: 90, weeks: 4 }, today, cal)
    expect(check).toEqual({
      below: false,
      attendancePercent: 90,
      from: '2025-10-20',
      to: today,
      statutory: false,
      label: 'Below 90% over the last 4 school weeks (a local threshold, not statutory)',
    })
  })

  it('is below 90% one session under', () => {
    const marks = withAbsences(2)
    marks[marks.length - 1] = { ...marks.at(-1)!, code: 'O' }
    expect(belowThreshold(marks, { percent: 90, weeks: 4 }, today, cal)).toMatchObject({
      below: true,
      attendancePercent: 87.5,
    })
  })

  it('compares a threshold with a decimal exactly', () => {
    const sessions = (absent: number) =>
      fullDays(window, '/').map((m, i) => (i < absent ? { ...m, code: 'M' } : m))
    // 37 of 40 is exactly 92.5%; 36 of 40 is under it.
    expect(belowThreshold(sessions(3), { percent: 92.5, weeks: 4 }, today, cal).below).toBe(false)
    expect(belowThreshold(sessions(4), { percent: 92.5, weeks: 4 }, today, cal).below).toBe(true)
  })

  it('looks only at the window, reaching back over the half-term week', () => {
    const before = fullDays(schoolDays('2025-09-08', '2025-10-17'), 'O')
    const check = belowThreshold([...before, ...withAbsences(0)], { percent: 90, weeks: 4 }, today, cal)
    expect(check).toMatchObject({ below: false, attendancePercent: 100 })
  })

  it('is not below with no possible sessions', () => {
    expect(belowThreshold([], { percent: 95, weeks: 1 }, today, cal)).toMatchObject({
      below: false,
      attendancePercent: null,
      label: 'Below 95% over the last school week (a local threshold, not statutory)',
    })
  })
})

describe('DOMAIN.md ATT-8, POL-15: persistent absence entered or left', () => {
  it.each([
    [false, true, 'entered'],
    [true, false, 'left'],
    [true, true, null],
    [false, false, null],
  ] as const)('%s → %s: %s', (before, after, expected) => {
    expect(persistentAbsenceChange({ persistentAbsence: before }, { persistentAbsence: after })).toBe(
      expected,
    )
  })
})

describe('DOMAIN.md ATT-17: 10 unauthorised sessions in a rolling 10 school weeks', () => {
  const today = '2025-11-21' // the 10 school weeks start on Monday 8 September (half-term skipped)
  const tenSessions = [
    ...fullDays(['2025-09-08', '2025-09-09', '2025-10-24'], 'O'), // 6
    mark('2025-11-03', 'AM', 'G'),
    mark('2025-11-04', 'AM', 'U'),
    mark('2025-11-05', 'PM', 'N'),
    mark('2025-11-21', 'PM', 'O'), // today
  ]

  it('is reached at 10 sessions, the first on the window’s Monday', () => {
    expect(unauthorisedInRollingWeeks(tenSessions, today, cal)).toEqual({
      count: 10,
      from: '2025-09-08',
      to: today,
    })
    expect(unauthorisedInRollingTenWeeks(tenSessions, today, cal)).toBe(true)
  })

  it('is not reached at 9: a session the Friday before the window does not count', () => {
    const nine = tenSessions.map((m, i) => (i === 0 ? { ...m, date: '2025-09-05' } : m))
    expect(unauthorisedInRollingWeeks(nine, today, cal).count).toBe(9)
    expect(unauthorisedInRollingTenWeeks(nine, today, cal)).toBe(false)
  })

  it('does not count authorised absence, or marks after today', () => {
    const marks = [
      ...tenSessions.slice(0, 9),
      mark('2025-11-21', 'AM', 'I'),
      mark('2025-11-24', 'AM', 'O'), // after today
    ]
    expect(unauthorisedInRollingWeeks(marks, today, cal).count).toBe(9)
  })

  it('counts weeks of a holiday as no weeks at all', () => {
    // On Wednesday 7 January the last 10 school weeks reach back past the Christmas holidays and the
    // October half-term to Monday 13 October, leaving out the four sessions in September.
    expect(unauthorisedInRollingWeeks(tenSessions, '2026-01-07', cal)).toEqual({
      count: 6,
      from: '2025-10-13',
      to: '2026-01-07',
    })
  })
})

describe('DOMAIN.md ATT-13: 15 consecutive school days of illness', () => {
  // Monday 13 October to Friday 7 November is 15 school days: the half-term week in between is skipped.
  const fifteen = schoolDays('2025-10-13', '2025-11-07')

  it('finds 15 school days across half-term', () => {
    expect(fifteen).toHaveLength(15)
    const run = { from: '2025-10-13', to: '2025-11-07', schoolDays: 15 }
    expect(illnessRun(fullDays(fifteen, 'I'), cal)).toEqual(run)
    expect(describeIllnessRun(run)).toBe(
      'Ill for 15 school days in a row, from 13 October 2025 to 7 November 2025',
    )
  })

  it('does not find 14', () => {
    expect(illnessRun(fullDays(fifteen.slice(1), 'I'), cal)).toBeNull()
    expect(illnessRuns(fullDays(fifteen.slice(1), 'I'), cal, 14)).toHaveLength(1)
  })

  it('counts a day whose only marked session is I', () => {
    const marks = fullDays(fifteen, 'I').filter((m) => !(m.date === '2025-10-22' && m.session === 'PM'))
    expect(illnessRun(marks, cal)?.schoolDays).toBe(15)
  })

  it('is broken by a day with a session present', () => {
    const marks = fullDays(fifteen, 'I').map((m) =>
      m.date === '2025-10-22' && m.session === 'PM' ? { ...m, code: '/' } : m,
    )
    expect(illnessRun(marks, cal)).toBeNull()
  })

  it('is broken by a school day with no marks', () => {
    const marks = fullDays(
      fifteen.filter((d) => d !== '2025-10-22'),
      'I',
    )
    expect(illnessRun(marks, cal)).toBeNull()
  })

  it('skips a day of planned closure the calendar did not know about', () => {
    const marks = [
      ...fullDays(fifteen.slice(0, 7), 'I'),
      ...fullDays(['2025-10-22'], '#'),
      ...fullDays(fifteen.slice(8), 'I'),
      ...fullDays(['2025-11-10'], 'I'),
    ]
    expect(illnessRun(marks, cal)).toEqual({ from: '2025-10-13', to: '2025-11-10', schoolDays: 15 })
  })

  it('gives every run in order, and the latest as the alert', () => {
    const spring = schoolDays('2026-01-06', '2026-01-26') // 15 school days
    const marks = [...fullDays(fifteen, 'I'), ...fullDays(['2025-11-10'], '/'), ...fullDays(spring, 'I')]
    expect(illnessRuns(marks, cal).map((r) => [r.from, r.to])).toEqual([
      ['2025-10-13', '2025-11-07'],
      ['2026-01-06', '2026-01-26'],
    ])
    expect(illnessRun(marks, cal)?.from).toBe('2026-01-06')
  })

  it('finds nothing without marks', () => {
    expect(illnessRuns([], cal)).toEqual([])
  })
})
