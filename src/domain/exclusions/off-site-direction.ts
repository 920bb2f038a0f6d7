/**
 * Off-site direction (DOMAIN.md EX-15, POL-24; Education Act 2002 s29A, SI 2010/1156 as amended): the pupil
 * attends another setting to improve their behaviour. It is not a sanction, follows in-school support that
 * has not worked, is time-limited (it may run past the end of the school year), and needs no parental consent.
 * The DSL-led safeguarding power in the July 2026 guidance (EX-20) is not modelled until the DfE text is read.
 */
import { addDays, formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import type { PupilStatus } from '../cohort/status.js'
import { hasCalendar, schoolDaysBefore, type DueDate, type Refusal, type Warning } from './due-dates.js'

/** EX-15: written notice at least 2 school days before the direction starts. */
export const OFF_SITE_NOTICE_SCHOOL_DAYS = 2
/** EX-15: a requested review meeting is held unless there was one in the previous 10 weeks. */
export const OFF_SITE_REVIEW_GAP_WEEKS = 10
/** POL-24: full time is 25 hours a week (001); 003 uses 32.5. Shorter packages are flagged. */
export const DEFAULT_FULL_TIME_HOURS = 25

/** EX-15: what the written notice must tell the parents. */
export const OFF_SITE_NOTICE_CONTENTS = [
  'The address of the place the pupil is to attend',
  'Who to contact there',
  'The days the pupil is to attend, with the first and last dates',
  'The times the pupil is to attend',
  'The reasons for the direction',
] as const

export type OffSiteNoticeRecipient = 'parent' | 'local_authority'

export type OffSiteDirectionInput = {
  startDate: IsoDate
  /** EX-15: time-limited, so an end date is required. */
  endDate: IsoDate | null
  /** EX-15: only after support in school has not worked. */
  inSchoolSupportTried: boolean
  /** The local authority is told too when the pupil has an EHC plan. */
  hasEhcp: boolean
  /** The interval the governing board set between reviews, in weeks. */
  reviewIntervalWeeks: number
  /** The day written notice was given, once it has been. */
  noticeGivenOn?: IsoDate | null
  hoursPerWeek?: number | null
  fullTimeHours?: number
}

export type OffSiteWarningCode = 'part_time_package' | 'pep_and_responsibility' | 'dual_registration'

export type OffSiteDirectionPlan =
  | {
      allowed: true
      notices: Array<{ to: OffSiteNoticeRecipient } & DueDate>
      reviewDates: IsoDate[]
      warnings: Array<Warning<OffSiteWarningCode>>
    }
  | { allowed: false; reasons: Refusal[] }

/** The review dates: every `intervalWeeks` from the start, up to the end date. */
export function offSiteReviewDates(startDate: IsoDate, endDate: IsoDate, intervalWeeks: number): IsoDate[] {
  const dates: IsoDate[] = []
  for (let d = addDays(startDate, intervalWeeks * 7); d <= endDate; d = addDays(d, intervalWeeks * 7)) {
    dates.push(d)
  }
  return dates
}

/**
 * EX-15: a review meeting asked for by a parent (or the local authority) must be held unless one was held in
 * the 10 weeks before the request (calendar days; a meeting exactly 10 weeks before counts as within them).
 */
export function reviewMeetingRequired(requestedOn: IsoDate, lastReviewMeeting: IsoDate | null): boolean {
  return (
    lastReviewMeeting === null || lastReviewMeeting < addDays(requestedOn, -OFF_SITE_REVIEW_GAP_WEEKS * 7)
  )
}

function inputProblems(cal: SchoolCalendar | null, input: OffSiteDirectionInput): Refusal[] {
  const reasons: Refusal[] = []
  if (!isIsoDate(input.startDate)) reasons.push({ field: 'startDate', message: 'Enter a real start date' })
  if (input.endDate === null || !isIsoDate(input.endDate)) {
    reasons.push({
      field: 'endDate',
      message: 'An off-site direction must have an end date. Enter the last day',
    })
  } else if (isIsoDate(input.startDate) && input.endDate < input.startDate) {
    reasons.push({ field: 'endDate', message: 'The end date must be the same as or after the start date' })
  }
  if (!input.inSchoolSupportTried) {
    reasons.push({
      field: 'inSchoolSupportTried',
      message:
        'An off-site direction can only follow support in school that has not worked. Record that support first',
    })
  }
  if (!Number.isInteger(input.reviewIntervalWeeks) || input.reviewIntervalWeeks < 1) {
    reasons.push({
      field: 'reviewIntervalWeeks',
      message: 'Enter how many weeks apart the governing board wants reviews, like 6',
    })
  }
  if (!hasCalendar(cal)) {
    reasons.push({
      field: 'startDate',
      message:
        'Your school’s term dates have not been set, so the notice date cannot be worked out. Ask an administrator to set the school calendar',
    })
  }
  return reasons
}

export function planOffSiteDirection(
  cal: SchoolCalendar | null,
  status: PupilStatus,
  input: OffSiteDirectionInput,
): OffSiteDirectionPlan {
  const reasons = inputProblems(cal, input)
  if (reasons.length > 0 || !hasCalendar(cal) || input.endDate === null) return { allowed: false, reasons }

  const notice = schoolDaysBefore(cal, input.startDate, OFF_SITE_NOTICE_SCHOOL_DAYS)
  if (input.noticeGivenOn != null && input.noticeGivenOn > notice.dueBy) {
    return {
      allowed: false,
      reasons: [
        {
          field: 'startDate',
          message: `Written notice must reach the parents at least 2 school days before the start. Notice given on ${formatDate(input.noticeGivenOn)} is too late for a start on ${formatDate(input.startDate)}`,
        },
      ],
    }
  }
  const notices: Array<{ to: OffSiteNoticeRecipient } & DueDate> = [{ to: 'parent', ...notice }]
  if (input.hasEhcp) notices.push({ to: 'local_authority', ...notice })

  const warnings: Array<Warning<OffSiteWarningCode>> = []
  const fullTime = input.fullTimeHours ?? DEFAULT_FULL_TIME_HOURS
  if (input.hoursPerWeek != null && input.hoursPerWeek < fullTime) {
    warnings.push({
      code: 'part_time_package',
      message: `This is ${input.hoursPerWeek} hours a week, less than full time (${fullTime} hours)`,
    })
  }
  if (status.cla || status.pla) {
    // POL-24: alternative provision is part of the PEP; one establishment is accountable for reporting and PP+.
    warnings.push({
      code: 'pep_and_responsibility',
      message:
        'Add this provision to the pupil’s PEP and record which setting is responsible for reporting on the pupil and for their pupil premium plus',
    })
  }
  warnings.push({
    code: 'dual_registration',
    message:
      'The pupil stays on your roll. If they are also registered at the other setting, mark the days they attend it with code D',
  })
  return {
    allowed: true,
    notices,
    reviewDates: offSiteReviewDates(input.startDate, input.endDate, input.reviewIntervalWeeks),
    warnings,
  }
}
