import { describe, expect, it } from 'vitest'
import { checkAppointment } from './appointment-input.js'
import { checkDuration, daysText, durationInDays, durationText, trainingDayHours } from './training.js'

describe('a training session’s length (issue 7, "Bad input")', () => {
  it.each<[number | null, string, string | null]>([
    [3, 'hours', null],
    [1.5, 'days', null],
    [1.1, 'hours', null],
    [60, 'hours', null],
    [10, 'days', null],
    [0, 'hours', 'How long the training lasted must be more than 0'],
    [-2, 'days', 'How long the training lasted must be more than 0'],
    [null, 'hours', 'Enter how long the training lasted, as a number, like 3 or 1.5'],
    [Number.NaN, 'hours', 'Enter how long the training lasted, as a number, like 3 or 1.5'],
    [Number.POSITIVE_INFINITY, 'days', 'Enter how long the training lasted, as a number, like 3 or 1.5'],
    [
      600,
      'hours',
      'One session cannot be longer than 60 hours. Check the number, or record a longer course as several sessions',
    ],
    [
      10.5,
      'days',
      'One session cannot be longer than 10 days. Check the number, or record a longer course as several sessions',
    ],
    [1.255, 'hours', 'Give how long the training lasted to no more than 2 decimal places'],
    [3, 'weeks', 'Say whether the length is in hours or days'],
  ])('%s %s: %s', (duration, unit, message) => {
    const problems = checkDuration(duration, unit)
    expect(problems.map((p) => p.message)).toEqual(message ? [message] : [])
  })
})

describe('training days (POL-3; 6 hours a day is a product choice)', () => {
  it.each<[number, 'hours' | 'days', number | undefined, number]>([
    [6, 'hours', undefined, 1],
    [3, 'hours', undefined, 0.5],
    [2, 'days', undefined, 2],
    [5, 'hours', 5, 1],
    [2, 'days', 5, 2],
  ])('%s %s with %s-hour days is %s days', (duration, durationUnit, hours, days) => {
    expect(durationInDays({ duration, durationUnit }, hours)).toBe(days)
  })

  it.each<[unknown, number]>([
    [undefined, 6],
    [7.5, 7.5],
    [0, 6],
    [30, 6],
    ['7', 6],
  ])('a school setting of %j makes a day %s hours', (setting, hours) => {
    expect(trainingDayHours(setting)).toBe(hours)
  })

  it('writes lengths as staff say them', () => {
    expect(durationText(1, 'days')).toBe('1 day')
    expect(durationText(1.5, 'hours')).toBe('1.5 hours')
    expect(daysText(1 / 3)).toBe('0.33 days')
    expect(daysText(1)).toBe('1 day')
  })
})

describe('an appointment’s details', () => {
  const dt = {
    role: 'designated_teacher',
    personName: ' Dee Teacher ',
    startDate: '2026-09-01',
    hasQts: false,
    inductionCompleted: true,
    onLeadershipTeam: false,
    timeAllocated: ' Half a day a week ',
  }

  it('keeps a DT without QTS: the register flags it, the law allows the headteacher (DT-1)', () => {
    const checked = checkAppointment(dt)
    expect(checked).toMatchObject({
      ok: true,
      value: {
        personName: 'Dee Teacher',
        hasQts: false,
        onLeadershipTeam: false,
        timeAllocated: 'Half a day a week',
      },
    })
  })

  it('asks the three DT questions of the DT, and only of the DT', () => {
    const missing = checkAppointment({
      ...dt,
      hasQts: null,
      inductionCompleted: undefined,
      onLeadershipTeam: null,
    })
    expect(missing.ok ? [] : missing.errors.map((e) => e.path)).toEqual([
      'hasQts',
      'inductionCompleted',
      'onLeadershipTeam',
    ])
    const senco = checkAppointment({
      role: 'senco',
      personName: 'Sam',
      startDate: '2026-09-01',
      hasQts: true,
    })
    expect(senco).toMatchObject({ ok: true, value: { hasQts: null, timeAllocated: null } })
  })

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown role', { role: 'caretaker' }, 'role', 'Choose the role'],
    ['no name', { personName: '  ' }, 'personName', 'Enter the name of the person appointed'],
    [
      'a bad email',
      { email: 'dee@' },
      'email',
      'Enter an email address in the correct format, like name@example.org',
    ],
    ['no start date', { startDate: null }, 'startDate', 'Enter the date the appointment starts'],
    [
      'an impossible start date',
      { startDate: '2026-02-30' },
      'startDate',
      'The start date must be a real date, from 2000 onwards',
    ],
    [
      'an end before the start',
      { endDate: '2026-08-31' },
      'endDate',
      'The end date must be the same as or after the start date, 1 September 2026',
    ],
    [
      'an overlong name',
      { personName: 'x'.repeat(101) },
      'personName',
      'The name must be 100 characters or fewer',
    ],
  ])('refuses %s', (_, over, path, message) => {
    const checked = checkAppointment({ ...dt, ...over })
    expect(checked.ok).toBe(false)
    expect(checked.ok ? [] : checked.errors).toContainEqual({ path, message })
  })
})
