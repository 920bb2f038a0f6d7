import { addYears, isLeapYear, maxIso, type IsoDate } from '../calendar/dates.js'
import type { EpisodeType } from '../cohort/codes.js'

// DOMAIN.md PD-13: CLA and CSW records are kept until the pupil's 25th birthday unless configured.
export const DEFAULT_CARE_RECORDS_UNTIL_AGE = 25
// DOMAIN.md ATT-2 (and PD-13): attendance entries are kept at least 6 years. Deleting a pupil's records
// deletes their attendance too, and their last entry is at the latest their last day on roll.
export const ATTENDANCE_YEARS = 6

export type RetentionPolicy = {
  /** CLA and CSW records: kept until this birthday (PD-13). */
  careRecordsUntilAge: number
  /** Other pupils: the school's schedule, in whole years after the pupil left; null until one is set. */
  yearsAfterLeaving: number | null
}

export type RetentionSubject = {
  dateOfBirth: IsoDate
  /** The last day on roll; null while on roll. */
  leftOn: IsoDate | null
  /** The types of the pupil's current (not withdrawn) episodes, whatever their dates. */
  episodeTypes: readonly EpisodeType[]
}

/** Why the records are kept as long as they are. */
export type RetentionBasis = 'care_records' | 'school_schedule'

export type RetentionDecision =
  /** Still on roll: never due (PD-13). */
  | { status: 'on_roll'; basis: RetentionBasis; dueOn: null }
  /** Left, but the school has set no retention schedule: nothing is deleted (PD-13). */
  | { status: 'no_schedule'; basis: 'school_schedule'; dueOn: null }
  /** Left; may be deleted from `dueOn`. `attendanceMinimum`: ATT-2's 6 years set that date. */
  | { status: 'keep' | 'due'; basis: RetentionBasis; dueOn: IsoDate; attendanceMinimum: boolean }

// PD-13 "CLA and CSW records": a pupil who was ever looked after, or ever had a child in need or child
// protection plan (PD-3), whether or not that is still so. A withdrawn episode was recorded in error.
const CARE_OR_SOCIAL_WORK: readonly EpisodeType[] = ['CLA', 'CIN', 'CP']

export function isCareRecord(subject: Pick<RetentionSubject, 'episodeTypes'>): boolean {
  return subject.episodeTypes.some((t) => CARE_OR_SOCIAL_WORK.includes(t))
}

/**
 * The same day `years` later; 29 February becomes 1 March in a year without one, as a birthday does
 * (calendar/dates.ts ageOn), so that the date is never early.
 */
export function anniversary(date: IsoDate, years: number): IsoDate {
  const later = addYears(date, years)
  const [y] = later.split('-')
  return date.endsWith('-02-29') && !isLeapYear(Number(y)) ? `${y}-03-01` : later
}

/** DOMAIN.md PD-13: whether one pupil's records are past their retention date on `today`. */
export function retentionOf(
  subject: RetentionSubject,
  policy: RetentionPolicy,
  today: IsoDate,
): RetentionDecision {
  const basis: RetentionBasis = isCareRecord(subject) ? 'care_records' : 'school_schedule'
  // `leftOn` is the last day on roll: a pupil leaving today, or later, is still on roll.
  const { leftOn } = subject
  if (leftOn === null || leftOn >= today) return { status: 'on_roll', basis, dueOn: null }
  if (basis === 'school_schedule' && policy.yearsAfterLeaving === null)
    return { status: 'no_schedule', basis, dueOn: null }
  const ownDate =
    basis === 'care_records'
      ? anniversary(subject.dateOfBirth, policy.careRecordsUntilAge)
      : anniversary(leftOn, policy.yearsAfterLeaving!)
  const attendanceDate = anniversary(leftOn, ATTENDANCE_YEARS)
  const dueOn = maxIso(ownDate, attendanceDate)
  return {
    status: today >= dueOn ? 'due' : 'keep',
    basis,
    dueOn,
    attendanceMinimum: attendanceDate > ownDate,
  }
}

/** Why a record is kept as long as it is, in a school's words, for the report and the delete page. */
export function describeRetention(decision: RetentionDecision, policy: RetentionPolicy): string {
  const attendance = (d: RetentionDecision) =>
    'attendanceMinimum' in d && d.attendanceMinimum
      ? `, and at least ${ATTENDANCE_YEARS} years after leaving for the attendance register`
      : ''
  switch (decision.status) {
    case 'on_roll':
      return 'Still on roll: never deleted while on roll'
    case 'no_schedule':
      return 'No retention schedule set for the school: nothing is deleted until one is'
    case 'keep':
    case 'due':
      return decision.basis === 'care_records'
        ? `Was looked after or had a social worker: kept until their ${ordinal(policy.careRecordsUntilAge)} birthday${attendance(decision)}`
        : `The school’s retention schedule: kept ${policy.yearsAfterLeaving} years after leaving${attendance(decision)}`
  }
}

/** "25th", "21st", "22nd", "111th". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}
