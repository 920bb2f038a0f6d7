/**
 * Ratifying the school's policy and its review date (DOMAIN.md POL-28): reviewed every year by default
 * (000, 001, 003), and at least every three years (002), so a later date is refused. Harbour reminds the
 * school before the date.
 */
import { addDays, addYears, formatDate, maxIso, type IsoDate } from '../calendar/dates.js'
import { TEXT_LIMITS } from '../input/text-limits.js'

export const DEFAULT_REVIEW_YEARS = 1
export const MAX_REVIEW_YEARS = 3

/**
 * How long before the review date the reminder is due: 4 weeks (28 days). A product choice, not 20 school
 * days: the review can be up to three years ahead, when the school's calendar for that year is not yet known.
 */
export const REVIEW_REMINDER_DAYS = 28

export type RatificationInput = {
  ratifiedOn: IsoDate
  ratifiedBy: string
  /** Null for the default: one year after ratification. */
  nextReviewOn: IsoDate | null
}

export type Ratification = { ratifiedOn: IsoDate; ratifiedBy: string; nextReviewOn: IsoDate }

export type RatificationProblem = { path: 'ratifiedOn' | 'ratifiedBy' | 'nextReviewOn'; message: string }

export function defaultNextReview(ratifiedOn: IsoDate): IsoDate {
  return addYears(ratifiedOn, DEFAULT_REVIEW_YEARS)
}

/** The latest review date allowed for a policy ratified on `ratifiedOn` (POL-28: at most three years). */
export function latestNextReview(ratifiedOn: IsoDate): IsoDate {
  return addYears(ratifiedOn, MAX_REVIEW_YEARS)
}

/** POL-28: checks a ratification; the review date defaults to a year after it. */
export function checkRatification(
  input: RatificationInput,
  today: IsoDate,
): { ok: true; value: Ratification } | { ok: false; problems: RatificationProblem[] } {
  const problems: RatificationProblem[] = []
  const ratifiedBy = input.ratifiedBy.trim()
  if (input.ratifiedOn > today)
    problems.push({
      path: 'ratifiedOn',
      message: 'The date the policy was ratified must be today or in the past',
    })
  if (!ratifiedBy)
    problems.push({
      path: 'ratifiedBy',
      message: 'Enter who ratified the policy, for example “Full governing board”',
    })
  else if (ratifiedBy.length > TEXT_LIMITS.shortText)
    problems.push({
      path: 'ratifiedBy',
      message: `Who ratified the policy must be ${TEXT_LIMITS.shortText} characters or fewer`,
    })
  const nextReviewOn = input.nextReviewOn ?? defaultNextReview(input.ratifiedOn)
  const latest = latestNextReview(input.ratifiedOn)
  if (nextReviewOn <= input.ratifiedOn)
    problems.push({
      path: 'nextReviewOn',
      message: 'The next review date must be after the date the policy was ratified',
    })
  else if (nextReviewOn > latest)
    problems.push({
      path: 'nextReviewOn',
      message: `The policy must be reviewed at least every ${MAX_REVIEW_YEARS} years. Choose a next review date on or before ${formatDate(latest)}`,
    })
  if (problems.length) return { ok: false, problems }
  return { ok: true, value: { ratifiedOn: input.ratifiedOn, ratifiedBy, nextReviewOn } }
}

/** The day the review reminder is due: 4 weeks before the review, or today when that has passed. */
export function reviewReminderDueOn(nextReviewOn: IsoDate, today: IsoDate): IsoDate {
  return maxIso(today, addDays(nextReviewOn, -REVIEW_REMINDER_DAYS))
}

export type ReviewStatus = 'not_ratified' | 'in_date' | 'due_soon' | 'overdue'

/** Where the policy in force stands against its review date; "due soon" from the reminder's day. */
export function reviewStatus(nextReviewOn: IsoDate | null, today: IsoDate): ReviewStatus {
  if (!nextReviewOn) return 'not_ratified'
  if (nextReviewOn < today) return 'overdue'
  if (addDays(nextReviewOn, -REVIEW_REMINDER_DAYS) <= today) return 'due_soon'
  return 'in_date'
}
