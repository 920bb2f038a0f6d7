/**
 * The duties and warnings that follow from a suspension that may be recorded (DOMAIN.md EX-1, EX-5 to EX-10,
 * PD-7, PD-17). Used by check-suspension.ts once the input has passed every check.
 */
import { formatDate, type IsoDate } from '../calendar/dates.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import type { PupilStatus } from '../cohort/status.js'
import { interimPepReviewDue } from './at-risk.js'
import { boardMeetingDueBy, boardReviewFor, type BoardReview } from './board-review.js'
import { day6ProvisionFor, type Day6Exception, type Day6Provision } from './day-six.js'
import {
  countsTowardsLimit,
  daysInSchoolYear,
  daysInTerm,
  remainingDays,
  schoolYearOfSuspension,
  SUSPENSION_DAYS_LIMIT,
  type RecordedSuspension,
  type SuspensionDay,
} from './days.js'
import { schoolDaysAfter, type Warning } from './due-dates.js'
import type { GateWarningCode } from './gates.js'
import { notificationObligations, type SuspensionObligation } from './obligations.js'
import type { ExclusionCategory } from './reason-codes.js'

/** PD-17: the risk assessment is due 10 school days after the start date. */
export const RISK_ASSESSMENT_WITHIN_SCHOOL_DAYS = 10

export type YearTotal = { schoolYear: number; before: number; daysThisYear: number; remaining: number }

/**
 * EX-1: the totals for each school year the suspension touches (normally one), before and after it.
 * `daysAtOtherSchools` counts towards the start date's school year only.
 */
export function yearTotals(
  ownDays: ReadonlyArray<SuspensionDay>,
  otherDays: ReadonlyArray<SuspensionDay>,
  startSchoolYear: number,
  daysAtOtherSchools: number,
): YearTotal[] {
  const years = [...new Set([startSchoolYear, ...ownDays.map((d) => d.schoolYear)])].sort()
  return years.map((schoolYear) => {
    const before =
      daysInSchoolYear(otherDays, schoolYear) + (schoolYear === startSchoolYear ? daysAtOtherSchools : 0)
    const daysThisYear = before + daysInSchoolYear(ownDays, schoolYear)
    return { schoolYear, before, daysThisYear, remaining: remainingDays(daysThisYear) }
  })
}

/** EX-10, EX-13: the highest term total, this suspension included, among the terms it falls in. */
export function highestTermTotal(
  ownDays: ReadonlyArray<SuspensionDay>,
  otherDays: ReadonlyArray<SuspensionDay>,
): number {
  const all = [...otherDays, ...ownDays]
  return Math.max(0, ...ownDays.map((d) => daysInTerm(all, d.schoolYear, d.term)))
}

export type DutiesInput = {
  cal: SchoolCalendar
  status: PupilStatus
  proposed: RecordedSuspension
  ownDays: ReadonlyArray<SuspensionDay>
  otherDays: ReadonlyArray<SuspensionDay>
  others: ReadonlyArray<RecordedSuspension>
  riskAssessmentOpen: boolean
  riskAssessmentFromSuspension: number
  publicExamMissed: IsoDate | null
  day6Exception: Day6Exception | null
}

export type Duties = {
  obligations: SuspensionObligation[]
  boardReview: BoardReview
  day6: Day6Provision | null
  /** What day 6 would have been without the EX-6 exception, to explain the difference. */
  day6WithoutException: Day6Provision | null
}

/** PD-7, PD-17: the 2nd suspension of a school year (configurable) and each later one, while none is open. */
function riskAssessmentDue(input: DutiesInput): boolean {
  if (input.proposed.category === 'PERM' || input.riskAssessmentOpen) return false
  const year = schoolYearOfSuspension(input.proposed)
  const earlier = input.others.filter(
    (s) => countsTowardsLimit(s) && schoolYearOfSuspension(s) === year,
  ).length
  return earlier + 1 >= input.riskAssessmentFromSuspension
}

export function suspensionObligations(input: DutiesInput): Duties {
  const { cal, proposed } = input
  const obligations = notificationObligations(input.status, proposed.startDate)

  const day6 = day6ProvisionFor(cal, proposed, input.others, input.day6Exception ?? undefined)
  const day6WithoutException =
    input.day6Exception === null ? day6 : day6ProvisionFor(cal, proposed, input.others)
  if (day6)
    obligations.push({ kind: 'arrange_day6_provision', dueBy: day6.dueBy, provisional: day6.provisional })

  const boardReview = boardReviewFor({
    category: proposed.category,
    daysInTerm: highestTermTotal(input.ownDays, input.otherDays),
    missesPublicExam: input.publicExamMissed !== null,
  })
  const meeting = boardMeetingDueBy(cal, proposed.startDate, boardReview)
  if (meeting) {
    obligations.push({
      kind:
        boardReview.requirement === 'must_meet'
          ? 'governing_board_must_meet'
          : 'governing_board_meet_if_requested',
      ...meeting,
    })
  }

  if (riskAssessmentDue(input)) {
    obligations.push({
      kind: 'risk_assessment',
      ...schoolDaysAfter(cal, proposed.startDate, RISK_ASSESSMENT_WITHIN_SCHOOL_DAYS),
    })
  }
  return { obligations, boardReview, day6, day6WithoutException }
}

export type DutyWarningCode =
  | 'year_limit_reached'
  | 'calendar_ends'
  | 'public_exam'
  | 'cla_day_one_provision'
  | 'day6_not_required'
  | 'day6_fewer_hours'
  | 'home_local_authority'
  | 'sen_last_resort'
  | 'consider_interim_pep_review'

export type SuspensionWarningCode = GateWarningCode | DutyWarningCode

export type WarningsInput = {
  status: PupilStatus
  category: ExclusionCategory
  totals: YearTotal
  unplacedHalfDays: number
  obligations: ReadonlyArray<SuspensionObligation>
  publicExamMissed: IsoDate | null
  day6: Day6Provision | null
  day6WithoutException: Day6Provision | null
  day6Exception: Day6Exception | null
  senProvision: 'N' | 'K' | 'E' | null
  claDayOneProvision: boolean
}

export function suspensionWarnings(input: WarningsInput): Array<Warning<DutyWarningCode>> {
  const warnings: Array<Warning<DutyWarningCode>> = []
  const add = (code: DutyWarningCode, message: string): void => {
    warnings.push({ code, message })
  }
  if (input.category !== 'PERM' && input.totals.daysThisYear === SUSPENSION_DAYS_LIMIT) {
    // EX-3: reaching 45 days is not an automatic permanent exclusion.
    add(
      'year_limit_reached',
      'This pupil has now been suspended for 45 school days this school year, the legal limit. They cannot be suspended again this year, and reaching the limit does not mean they should be permanently excluded: the school must use other ways to support them',
    )
  }
  if (input.unplacedHalfDays > 0 || input.obligations.some((o) => o.provisional)) {
    add(
      'calendar_ends',
      'Your school’s calendar ends before this suspension’s dates and deadlines do, so some are estimates. Ask an administrator to add next year’s term dates',
    )
  }
  if (input.publicExamMissed !== null) {
    add(
      'public_exam',
      `The governing board must meet within 15 school days and, if it can, before the exam on ${formatDate(input.publicExamMissed)}. In a maintained school, the chair may decide alone if the board cannot gather enough members`,
    )
  }
  if (input.claDayOneProvision && input.status.cla && input.category !== 'LNCH') {
    // EX-8: a local expectation set by the Virtual School, not law.
    add(
      'cla_day_one_provision',
      'The Virtual School expects education to be arranged for a looked after child from the first day of a suspension',
    )
  }
  if (input.day6Exception === 'year_11_exams_over' && input.day6WithoutException !== null) {
    add(
      'day6_not_required',
      'No education needs to be arranged from the sixth day, because this Year 11 pupil has taken or missed all their public exams',
    )
  }
  if (input.day6Exception === 'plan_specifies_fewer_hours' && input.day6 !== null) {
    add(
      'day6_fewer_hours',
      'Education from the sixth day can be for the hours set in the pupil’s plan, rather than full time',
    )
  }
  if (input.category === 'PERM') {
    add(
      'home_local_authority',
      'If the pupil lives in a different local authority from the school’s, tell that local authority too',
    )
  }
  if (input.senProvision === 'K' || input.senProvision === 'E') {
    // POL-23: Equality Act reasonable adjustments apply; suspension of a pupil with SEN is a last resort.
    add(
      'sen_last_resort',
      'This pupil has special educational needs. Suspension should be a last resort, and reasonable adjustments still apply',
    )
  }
  if (interimPepReviewDue(input.status, { atRisk: false, suspended: true })) {
    add(
      'consider_interim_pep_review',
      'Consider an interim review of the pupil’s personal education plan (PEP)',
    )
  }
  return warnings
}
