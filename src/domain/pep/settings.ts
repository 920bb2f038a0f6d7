/**
 * A Virtual School's settings: its PEP schedule (DOMAIN.md PD-1, PD-4, PEP-6, PEP-7, PEP-9) and what it expects
 * when one of its children is suspended (PD-7, EX-8). The statutory clock (PEP-2, PEP-3) and the day-6 duty
 * (EX-5) are fixed; everything here is local and set per Virtual School.
 */
import type { Problem } from '../cohort/episode-rules.js'

/**
 * How often the Virtual School wants a PEP meeting (PEP-6, PD-1):
 * - `termly`: one in each of the autumn, spring and summer terms, due by the term's last school day (PD-18).
 * - `twice_yearly`: one in the autumn term, due by its last school day, and one in the spring or summer
 *   term, due by the last school day of the summer term.
 * - `custom`: `customDueMonths` lists the months (1-12) whose last day closes a PEP period, e.g. [10, 2, 6]
 *   for periods ending October, February and June. A period runs from the day after the previous period
 *   closed, and its PEP is due by the last school day in it.
 */
export const PEP_CADENCES = ['termly', 'twice_yearly', 'custom'] as const
export type PepCadence = (typeof PEP_CADENCES)[number]

export const CHANGE_REVIEW_CLOCKS = ['school', 'working'] as const
/** PEP-7: the review after a change of school or placement counts school days or working days. */
export type ChangeReviewClock = (typeof CHANGE_REVIEW_CLOCKS)[number]

/** PEP-9: "from 2 (funded early education) or 3". */
export const PEP_MINIMUM_AGES = [2, 3] as const
export type PepMinimumAge = (typeof PEP_MINIMUM_AGES)[number]

/** PEP-9: PEPs end at 18, when the young person stops being looked after (the pathway plan continues). */
export const PEP_MAXIMUM_AGE = 18

export type PepScheduleSettings = {
  cadence: PepCadence
  /** Used only when `cadence` is `custom`. */
  customDueMonths: ReadonlyArray<number>
  /** PEP-7, PD-1: days after a change of school or placement by which the PEP is reviewed. */
  changeReviewDays: number
  changeReviewClock: ChangeReviewClock
  /** PD-4: whether children on short breaks only (V3, V4) need PEPs. */
  includeShortBreaks: boolean
  minimumAge: PepMinimumAge
}

/**
 * The defaults (PD-1, PD-4). Minimum age 2: every looked after 2-year-old is entitled to funded early
 * education, so PEP-9's "from 2 (funded early education)" covers all of them; a Virtual School that starts
 * at 3 sets `minimumAge: 3`.
 */
export const DEFAULT_PEP_SCHEDULE_SETTINGS: PepScheduleSettings = {
  cadence: 'termly',
  customDueMonths: [],
  changeReviewDays: 20,
  changeReviewClock: 'school',
  includeShortBreaks: false,
  minimumAge: 2,
}

/** Checks settings entered by a Virtual School administrator. Paths are the settings' field names. */
export function validatePepScheduleSettings(s: PepScheduleSettings): Problem[] {
  const errors: Problem[] = []
  if (!(PEP_CADENCES as ReadonlyArray<string>).includes(s.cadence)) {
    errors.push({ path: 'cadence', message: 'Choose termly, twice a year or custom' })
  }
  if (s.cadence === 'custom') {
    const months = s.customDueMonths
    const valid = months.every((m) => Number.isInteger(m) && m >= 1 && m <= 12)
    if (months.length === 0 || !valid) {
      errors.push({ path: 'customDueMonths', message: 'Choose at least one month when a PEP is due' })
    } else if (new Set(months).size !== months.length) {
      errors.push({ path: 'customDueMonths', message: 'Choose each month only once' })
    }
  }
  const days = s.changeReviewDays
  if (!Number.isInteger(days) || days < 1 || days > 100) {
    errors.push({
      path: 'changeReviewDays',
      message: 'Enter the number of days for a review after a change, from 1 to 100',
    })
  }
  if (!(CHANGE_REVIEW_CLOCKS as ReadonlyArray<string>).includes(s.changeReviewClock)) {
    errors.push({ path: 'changeReviewClock', message: 'Choose school days or working days' })
  }
  if (!(PEP_MINIMUM_AGES as ReadonlyArray<number>).includes(s.minimumAge)) {
    errors.push({ path: 'minimumAge', message: 'Choose whether PEPs start at age 2 or age 3' })
  }
  return errors
}

/**
 * What a Virtual School expects when a child it looks after is suspended (PD-7, EX-8): a local expectation, not
 * law. With `claDayOneProvision`, education is expected from the first day of a suspension rather than the sixth
 * (EX-5), and recording a suspension of such a child warns the school so.
 */
export type VirtualSchoolSuspensionSettings = {
  claDayOneProvision: boolean
}

/** EX-8 is a local choice: off until the Virtual School turns it on. */
export const DEFAULT_VIRTUAL_SCHOOL_SUSPENSION_SETTINGS: VirtualSchoolSuspensionSettings = {
  claDayOneProvision: false,
}

/** Checks the suspension settings entered by a Virtual School administrator. */
export function validateVirtualSchoolSuspensionSettings(s: VirtualSchoolSuspensionSettings): Problem[] {
  return typeof s.claDayOneProvision === 'boolean'
    ? []
    : [
        {
          path: 'claDayOneProvision',
          message: 'Choose whether education is expected from the first day of a suspension',
        },
      ]
}
