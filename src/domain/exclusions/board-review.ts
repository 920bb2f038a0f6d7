/**
 * The governing board's part (DOMAIN.md EX-10, EX-11, EX-12, EX-19, PD-17): whether and by when it must meet,
 * who is invited, its decision, the independent review deadline, and cancellation by the headteacher.
 */
import { formatDate, type IsoDate } from '../calendar/dates.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { hasSocialWorker, type PupilStatus } from '../cohort/status.js'
import { schoolDaysAfter, type DueDate, type Refusal } from './due-dates.js'
import { notificationObligations, type SuspensionObligation } from './obligations.js'
import type { ExclusionCategory } from './reason-codes.js'

export type BoardRequirement = 'must_meet' | 'meet_if_requested' | 'consider_representations'

export type BoardTrigger =
  | 'permanent_exclusion'
  | 'more_than_15_days_in_term'
  | 'public_exam'
  | 'more_than_5_days_in_term'
  | 'up_to_5_days_in_term'

export type BoardReview = {
  requirement: BoardRequirement
  trigger: BoardTrigger
  /** EX-10: with 5 days or fewer in the term the board considers representations but cannot reinstate. */
  canReinstate: boolean
  /** PD-17: school days after the start date by which the board meets; null when it need not meet. */
  deadlineSchoolDays: number | null
}

/** EX-10 thresholds: more than 5, and more than 15, school days in a term. */
export const BOARD_ON_REQUEST_ABOVE_DAYS = 5
export const BOARD_MUST_MEET_ABOVE_DAYS = 15
export const BOARD_MUST_MEET_WITHIN_SCHOOL_DAYS = 15
export const BOARD_ON_REQUEST_WITHIN_SCHOOL_DAYS = 50
/** EX-12: parents may apply for an independent review within 15 school days of notice of the decision. */
export const INDEPENDENT_REVIEW_WITHIN_SCHOOL_DAYS = 15

/**
 * EX-10. `daysInTerm` is the pupil's total in the term including this suspension (for one that spans two
 * terms, the larger of the two totals); `missesPublicExam` when the pupil would miss a public exam or
 * national curriculum test.
 */
export function boardReviewFor(input: {
  category: ExclusionCategory
  daysInTerm: number
  missesPublicExam: boolean
}): BoardReview {
  const mustMeet = (trigger: BoardTrigger): BoardReview => ({
    requirement: 'must_meet',
    trigger,
    canReinstate: true,
    deadlineSchoolDays: BOARD_MUST_MEET_WITHIN_SCHOOL_DAYS,
  })
  if (input.category === 'PERM') return mustMeet('permanent_exclusion')
  if (input.daysInTerm > BOARD_MUST_MEET_ABOVE_DAYS) return mustMeet('more_than_15_days_in_term')
  if (input.missesPublicExam) return mustMeet('public_exam')
  if (input.daysInTerm > BOARD_ON_REQUEST_ABOVE_DAYS) {
    return {
      requirement: 'meet_if_requested',
      trigger: 'more_than_5_days_in_term',
      canReinstate: true,
      deadlineSchoolDays: BOARD_ON_REQUEST_WITHIN_SCHOOL_DAYS,
    }
  }
  return {
    requirement: 'consider_representations',
    trigger: 'up_to_5_days_in_term',
    canReinstate: false,
    deadlineSchoolDays: null,
  }
}

/** PD-17: the board's meeting is due 15 (or, on request, 50) school days after the start date. */
export function boardMeetingDueBy(
  cal: SchoolCalendar,
  startDate: IsoDate,
  review: BoardReview,
): DueDate | null {
  return review.deadlineSchoolDays === null
    ? null
    : schoolDaysAfter(cal, startDate, review.deadlineSchoolDays)
}

export type BoardInvitee =
  'parents' | 'headteacher' | 'local_authority_officer' | 'social_worker' | 'virtual_school_head'

export const BOARD_INVITEE_LABELS: Record<BoardInvitee, string> = {
  parents: 'Parents or carers, who may bring a friend or representative',
  headteacher: 'Headteacher',
  local_authority_officer: 'An officer of the local authority',
  social_worker: 'The pupil’s social worker',
  virtual_school_head: 'The Virtual School Head',
}

/** EX-9, EX-11: who is invited to the board's meeting. Parents may ask for it to be held remotely. */
export function boardMeetingInvitees(status: PupilStatus): BoardInvitee[] {
  const invitees: BoardInvitee[] = ['parents', 'headteacher', 'local_authority_officer']
  if (hasSocialWorker(status)) invitees.push('social_worker')
  if (status.cla) invitees.push('virtual_school_head')
  return invitees
}

/** EX-12: the last day to apply for an independent review panel. */
export function independentReviewDueBy(cal: SchoolCalendar, decisionNoticeDate: IsoDate): DueDate {
  return schoolDaysAfter(cal, decisionNoticeDate, INDEPENDENT_REVIEW_WITHIN_SCHOOL_DAYS)
}

export type BoardOutcome = 'uphold' | 'reinstate'
/** EX-11: when reinstatement is impractical (the suspension is over), whether the board would have. */
export type RecordedBoardOutcome = 'upheld' | 'reinstated' | 'would_have_reinstated'

export type BoardDecisionInput = {
  exclusion: { category: ExclusionCategory; startDate: IsoDate; cancelled?: boolean }
  review: BoardReview
  /** The decision already recorded for this exclusion, if any. */
  existingDecision: RecordedBoardOutcome | null
  outcome: BoardOutcome
  decidedOn: IsoDate
  /** False when the pupil can no longer be reinstated, for example because the suspension has ended. */
  reinstatementPractical: boolean
  /** The day the parents were told of the decision; defaults to `decidedOn`. */
  noticeGivenOn?: IsoDate
}

export type BoardDecisionCheck =
  | { allowed: true; recordedAs: RecordedBoardOutcome; independentReview: DueDate | null }
  | { allowed: false; reasons: Refusal[] }

export function checkBoardDecision(cal: SchoolCalendar, input: BoardDecisionInput): BoardDecisionCheck {
  const reasons: Refusal[] = []
  if (input.existingDecision !== null) {
    reasons.push({
      field: 'outcome',
      message: 'The governing board’s decision on this exclusion has already been recorded',
    })
  }
  if (input.exclusion.cancelled === true) {
    reasons.push({
      field: 'outcome',
      message: 'This exclusion was cancelled, so there is no decision for the governing board to make',
    })
  }
  if (input.decidedOn < input.exclusion.startDate) {
    reasons.push({
      field: 'decidedOn',
      message: `The date of the decision must be on or after the exclusion started on ${formatDate(input.exclusion.startDate)}`,
    })
  }
  if (input.outcome === 'reinstate' && !input.review.canReinstate) {
    reasons.push({
      field: 'outcome',
      message:
        'The governing board cannot reinstate a pupil suspended for 5 school days or fewer in a term. It must consider what the parents say and may add its view to the pupil’s record',
    })
  }
  if (reasons.length > 0) return { allowed: false, reasons }

  const recordedAs: RecordedBoardOutcome =
    input.outcome === 'uphold'
      ? 'upheld'
      : input.reinstatementPractical
        ? 'reinstated'
        : 'would_have_reinstated'
  // EX-12: the independent review follows a decision not to reinstate a permanently excluded pupil.
  const independentReview =
    input.exclusion.category === 'PERM' && recordedAs !== 'reinstated'
      ? independentReviewDueBy(cal, input.noticeGivenOn ?? input.decidedOn)
      : null
  return { allowed: true, recordedAs, independentReview }
}

export type CancellationInput = {
  exclusion: { startDate: IsoDate; cancelled?: boolean }
  boardDecision: RecordedBoardOutcome | null
  cancelledOn: IsoDate
  reason: string
}

export type CancellationCheck =
  { allowed: true; notices: SuspensionObligation[] } | { allowed: false; reasons: Refusal[] }

/**
 * EX-19: the headteacher may cancel an exclusion before the board reviews it; parents, board, local authority,
 * social worker and Virtual School Head are told, with reasons. A cancelled suspension stops counting
 * towards every total (EX-1, EX-13).
 */
export function checkCancellation(status: PupilStatus, input: CancellationInput): CancellationCheck {
  const reasons: Refusal[] = []
  if (input.exclusion.cancelled === true) {
    reasons.push({ field: 'cancelledOn', message: 'This exclusion has already been cancelled' })
  }
  if (input.boardDecision !== null) {
    reasons.push({
      field: 'cancelledOn',
      message:
        'The governing board has already made its decision, so this exclusion can no longer be cancelled',
    })
  }
  if (input.reason.trim() === '') {
    reasons.push({ field: 'reason', message: 'Enter why the exclusion is being cancelled' })
  }
  if (reasons.length > 0) return { allowed: false, reasons }
  return { allowed: true, notices: cancellationNotices(status, input.cancelledOn) }
}

/** EX-19: the same people as for the exclusion itself (EX-9), told on the day it is cancelled. */
export function cancellationNotices(status: PupilStatus, cancelledOn: IsoDate): SuspensionObligation[] {
  return notificationObligations(status, cancelledOn)
}
