import { describe, expect, it } from 'vitest'
import { ageOn } from '../calendar/dates.js'
import type { EpisodeType } from '../cohort/codes.js'
import {
  anniversary,
  describeRetention,
  isCareRecord,
  ordinal,
  retentionOf,
  type RetentionPolicy,
} from './retention.js'

const DEFAULT: RetentionPolicy = { careRecordsUntilAge: 25, yearsAfterLeaving: null }
const SCHEDULE_3_YEARS: RetentionPolicy = { careRecordsUntilAge: 25, yearsAfterLeaving: 3 }
const SCHEDULE_10_YEARS: RetentionPolicy = { careRecordsUntilAge: 25, yearsAfterLeaving: 10 }

const pupil = (leftOn: string | null, episodeTypes: EpisodeType[] = [], dateOfBirth = '2004-05-01') => ({
  dateOfBirth,
  leftOn,
  episodeTypes,
})

describe('records kept for CLA and CSW pupils (DOMAIN.md PD-13)', () => {
  it.each([
    ['looked after', ['CLA']],
    ['with a child in need plan', ['CIN']],
    ['with a child protection plan', ['CP']],
    ['once looked after, later adopted', ['CLA', 'PLA']],
  ] as const)('counts a pupil %s as a care record', (_, types) => {
    expect(isCareRecord({ episodeTypes: types })).toBe(true)
  })

  it.each([
    ['with no status', []],
    ['previously looked after only (the CLA episode is not recorded here)', ['PLA']],
    ['in kinship care only', ['KINSHIP']],
  ] as const)('does not count a pupil %s', (_, types) => {
    expect(isCareRecord({ episodeTypes: types })).toBe(false)
  })

  it.each([
    // [leftOn, dateOfBirth, today, status, dueOn]
    ['2022-07-20', '2004-05-01', '2029-04-30', 'keep', '2029-05-01'],
    ['2022-07-20', '2004-05-01', '2029-05-01', 'due', '2029-05-01'],
    ['2022-07-20', '2004-05-01', '2035-01-01', 'due', '2029-05-01'],
    // Left at 16: the 25th birthday is 9 years later, longer than ATT-2's 6.
    ['2020-07-20', '2004-05-01', '2029-05-01', 'due', '2029-05-01'],
  ])('left on %s, born %s: on %s it is %s from %s', (leftOn, dob, today, status, dueOn) => {
    expect(retentionOf(pupil(leftOn, ['CLA'], dob), DEFAULT, today)).toEqual({
      status,
      basis: 'care_records',
      dueOn,
      attendanceMinimum: false,
    })
  })

  it('keeps them until the 25th birthday whatever the school’s schedule says', () => {
    expect(retentionOf(pupil('2022-07-20', ['CIN']), SCHEDULE_3_YEARS, '2027-01-01')).toMatchObject({
      status: 'keep',
      dueOn: '2029-05-01',
    })
  })

  it('uses the age an administrator configured instead of 25', () => {
    const policy = { careRecordsUntilAge: 30, yearsAfterLeaving: null }
    expect(retentionOf(pupil('2022-07-20', ['CP']), policy, '2030-01-01')).toMatchObject({
      status: 'keep',
      dueOn: '2034-05-01',
    })
  })

  it('keeps attendance at least 6 years after leaving when the 25th birthday comes sooner (ATT-2)', () => {
    // Left at 20, an unusual late leaver: 6 years after leaving is later than the 25th birthday.
    expect(retentionOf(pupil('2024-07-20', ['CLA'], '2004-05-01'), DEFAULT, '2029-06-01')).toEqual({
      status: 'keep',
      basis: 'care_records',
      dueOn: '2030-07-20',
      attendanceMinimum: true,
    })
  })

  it('is never due while the pupil is on roll, however old they are', () => {
    expect(retentionOf(pupil(null, ['CLA'], '1990-01-01'), DEFAULT, '2030-01-01')).toEqual({
      status: 'on_roll',
      basis: 'care_records',
      dueOn: null,
    })
  })

  it('counts the last day on roll, and any later day, as on roll', () => {
    expect(retentionOf(pupil('2030-01-01', ['CLA'], '1990-01-01'), DEFAULT, '2030-01-01').status).toBe(
      'on_roll',
    )
    expect(retentionOf(pupil('2030-03-01', ['CLA'], '1990-01-01'), DEFAULT, '2030-01-01').status).toBe(
      'on_roll',
    )
  })
})

describe('records of other pupils (DOMAIN.md PD-13)', () => {
  it('deletes nothing until the school has set a retention schedule', () => {
    expect(retentionOf(pupil('2000-07-20'), DEFAULT, '2030-01-01')).toEqual({
      status: 'no_schedule',
      basis: 'school_schedule',
      dueOn: null,
    })
  })

  it('is never due while the pupil is on roll, even with a schedule', () => {
    expect(retentionOf(pupil(null), SCHEDULE_3_YEARS, '2060-01-01').status).toBe('on_roll')
  })

  it.each([
    ['2030-07-19', 'keep'],
    ['2030-07-20', 'due'],
  ])('follows a 10-year schedule after leaving: on %s it is %s', (today, status) => {
    expect(retentionOf(pupil('2020-07-20'), SCHEDULE_10_YEARS, today)).toEqual({
      status,
      basis: 'school_schedule',
      dueOn: '2030-07-20',
      attendanceMinimum: false,
    })
  })

  it('keeps the attendance register 6 years even when the schedule is shorter (ATT-2)', () => {
    expect(retentionOf(pupil('2020-07-20'), SCHEDULE_3_YEARS, '2024-01-01')).toEqual({
      status: 'keep',
      basis: 'school_schedule',
      dueOn: '2026-07-20',
      attendanceMinimum: true,
    })
    expect(retentionOf(pupil('2020-07-20'), SCHEDULE_3_YEARS, '2026-07-20').status).toBe('due')
  })

  it('is not a care record because of a kinship or PLA episode', () => {
    expect(retentionOf(pupil('2000-07-20', ['PLA', 'KINSHIP']), DEFAULT, '2030-01-01').status).toBe(
      'no_schedule',
    )
  })
})

describe('anniversary', () => {
  it.each([
    ['2004-05-01', 25, '2029-05-01'],
    ['2004-02-29', 25, '2029-03-01'],
    ['2004-02-29', 24, '2028-02-29'],
    ['2020-12-31', 6, '2026-12-31'],
  ])('%s plus %i years is %s', (date, years, expected) => {
    expect(anniversary(date, years)).toBe(expected)
  })

  it('is the day a pupil born on 29 February turns 25, as ageOn counts it', () => {
    const birthday = anniversary('2004-02-29', 25)
    expect(ageOn('2004-02-29', birthday)).toBe(25)
    expect(ageOn('2004-02-29', '2029-02-28')).toBe(24)
  })
})

describe('describeRetention', () => {
  it.each([
    [
      pupil('2022-07-20', ['CLA']),
      DEFAULT,
      'Was looked after or had a social worker: kept until their 25th birthday',
    ],
    [
      pupil('2024-07-20', ['CLA']),
      { careRecordsUntilAge: 21, yearsAfterLeaving: null },
      'Was looked after or had a social worker: kept until their 21st birthday, and at least 6 years after leaving for the attendance register',
    ],
    [pupil('2020-07-20'), SCHEDULE_10_YEARS, 'The school’s retention schedule: kept 10 years after leaving'],
    [
      pupil('2020-07-20'),
      DEFAULT,
      'No retention schedule set for the school: nothing is deleted until one is',
    ],
    [pupil(null), DEFAULT, 'Still on roll: never deleted while on roll'],
  ])('says why: %o', (subject, policy, words) => {
    expect(describeRetention(retentionOf(subject, policy, '2030-01-01'), policy)).toBe(words)
  })
})

describe('ordinal', () => {
  it.each([
    [25, '25th'],
    [21, '21st'],
    [22, '22nd'],
    [23, '23rd'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [101, '101st'],
    [111, '111th'],
  ])('%i is the %s', (n, words) => {
    expect(ordinal(n)).toBe(words)
  })
})
