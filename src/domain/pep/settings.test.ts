import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PEP_SCHEDULE_SETTINGS,
  DEFAULT_VIRTUAL_SCHOOL_SUSPENSION_SETTINGS,
  validatePepScheduleSettings,
  validateVirtualSchoolSuspensionSettings,
  type PepScheduleSettings,
} from './settings.js'

const valid = DEFAULT_PEP_SCHEDULE_SETTINGS

describe('validatePepScheduleSettings (DOMAIN.md PD-1, PD-4, PEP-6, PEP-7, PEP-9)', () => {
  it.each<[string, Partial<PepScheduleSettings>]>([
    ['the defaults', {}],
    ['twice a year', { cadence: 'twice_yearly' }],
    ['custom months', { cadence: 'custom', customDueMonths: [10, 2, 6] }],
    ['a review within 20 working days', { changeReviewClock: 'working' }],
    ['PEPs from age 3', { minimumAge: 3 }],
  ])('accepts %s', (_, change) => {
    expect(validatePepScheduleSettings({ ...valid, ...change })).toEqual([])
  })

  it.each<[string, Partial<PepScheduleSettings>, string, RegExp]>([
    [
      'custom with no months',
      { cadence: 'custom', customDueMonths: [] },
      'customDueMonths',
      /at least one month/,
    ],
    [
      'a month that does not exist',
      { cadence: 'custom', customDueMonths: [13] },
      'customDueMonths',
      /at least one/,
    ],
    ['a month twice', { cadence: 'custom', customDueMonths: [3, 3] }, 'customDueMonths', /only once/],
    ['0 days after a change', { changeReviewDays: 0 }, 'changeReviewDays', /from 1 to 100/],
    ['half a day after a change', { changeReviewDays: 1.5 }, 'changeReviewDays', /from 1 to 100/],
    ['an unknown cadence', { cadence: 'monthly' as never }, 'cadence', /termly/],
    ['an unknown clock', { changeReviewClock: 'calendar' as never }, 'changeReviewClock', /school days/],
    ['PEPs from age 4', { minimumAge: 4 as never }, 'minimumAge', /age 2 or age 3/],
  ])('refuses %s', (_, change, path, message) => {
    const errors = validatePepScheduleSettings({ ...valid, ...change })
    expect(errors.map((e) => e.path)).toEqual([path])
    expect(errors[0]!.message).toMatch(message)
  })

  it('ignores custom months unless the cadence is custom', () => {
    expect(validatePepScheduleSettings({ ...valid, customDueMonths: [13] })).toEqual([])
  })
})

describe('validateVirtualSchoolSuspensionSettings (DOMAIN.md PD-7, EX-8)', () => {
  it('has day-one provision off by default: it is a local choice, not law', () => {
    expect(DEFAULT_VIRTUAL_SCHOOL_SUSPENSION_SETTINGS).toEqual({ claDayOneProvision: false })
  })

  it.each([true, false])('accepts day-one provision %s', (claDayOneProvision) => {
    expect(validateVirtualSchoolSuspensionSettings({ claDayOneProvision })).toEqual([])
  })

  it.each<[string, unknown]>([
    ['a word', 'yes'],
    ['nothing', undefined],
    ['a number', 1],
  ])('refuses %s for day-one provision', (_, claDayOneProvision) => {
    const errors = validateVirtualSchoolSuspensionSettings({ claDayOneProvision } as never)
    expect(errors.map((e) => e.path)).toEqual(['claDayOneProvision'])
    expect(errors[0]!.message).toMatch(/from the first day of a suspension/)
  })
})
