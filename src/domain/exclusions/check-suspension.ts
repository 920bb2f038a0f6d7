/**
 * Whether a suspension or permanent exclusion may be recorded, and the duties it creates (DOMAIN.md EX-1 to
 * EX-13, PD-7, PD-8, PD-15, PD-17). Pure: the service passes the pupil's status on the start date, the
 * school's calendar and the pupil's other suspensions.
 */
import { formatDate, isIsoDate, schoolYearOf, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar.js'
import type { PupilStatus } from '../cohort/status.js'
import type { BoardReview } from './board-review.js'
import type { Day6Exception, Day6Provision } from './day-six.js'
import {
  countedSuspensionDays,
  isValidDayCount,
  suspensionSchoolDays,
  SUSPENSION_DAYS_LIMIT,
  type RecordedSuspension,
  type SuspensionDay,
} from './days.js'
import { hasCalendar, type Refusal, type Warning } from './due-dates.js'
import { checkGates, type Gate, type ParentConversation, type VsConsultation } from './gates.js'
import type { SuspensionObligation } from './obligations.js'
import {
  checkReasons,
  REASON_CODES_SET_A,
  type ExclusionCategory,
  type ReasonCodeRow,
} from './reason-codes.js'
import {
  suspensionObligations,
  suspensionWarnings,
  yearTotals,
  type SuspensionWarningCode,
  type YearTotal,
} from './suspension-duties.js'

export type ProposedSuspension = {
  category: ExclusionCategory
  startDate: IsoDate
  /** School days, a multiple of 0.5. Not used for a permanent exclusion; a lunchtime is 0.5. */
  days?: number
  lunchtime?: boolean
  reasons: ReadonlyArray<string>
  vsConsultation?: VsConsultation | null
  parentConversation?: ParentConversation | null
  overrideReason?: string | null
  /** EX-10: the date of a public exam or national curriculum test the pupil would miss. */
  publicExamMissed?: IsoDate | null
  day6Exception?: Day6Exception | null
}

export type SuspensionSettings = {
  /** PD-7: the risk assessment is due from this suspension of a school year on (configurable per school). */
  riskAssessmentFromSuspension: number
  /** EX-8, PD-7: the Virtual School expects provision for a looked after child from day one. */
  claDayOneProvision: boolean
}

export const DEFAULT_SUSPENSION_SETTINGS: SuspensionSettings = {
  riskAssessmentFromSuspension: 2,
  claDayOneProvision: false,
}

export type SuspensionCheckInput = {
  /** The pupil's status on the start date. */
  status: PupilStatus
  /** The school's calendar; null when the school has not set one. */
  calendar: SchoolCalendar | null
  /**
   * The pupil's other suspensions and exclusions at this school, cancelled ones included: at least those
   * in the start date's school year and any that end just before it (back-to-back, EX-5).
   */
  otherSuspensions: ReadonlyArray<RecordedSuspension>
  /** PD-17: whether a risk assessment task is already open. */
  riskAssessmentOpen: boolean
  /** EX-1: days of suspension at other schools earlier in this school year (the 45 is not reset). */
  daysAtOtherSchoolsThisYear?: number
  senProvision?: 'N' | 'K' | 'E' | null
  proposed: ProposedSuspension
  settings?: Partial<SuspensionSettings>
  reasonCodes?: ReadonlyArray<ReasonCodeRow>
}

export type SuspensionTotals = {
  schoolYear: number
  daysThisYear: number
  remaining: number
}

export type SuspensionCheck =
  | {
      allowed: true
      /** `LNCH` when the proposed suspension is a lunchtime. */
      category: ExclusionCategory
      lunchtime: boolean
      /** 0 for a permanent exclusion. */
      days: number
      schoolDays: SuspensionDay[]
      reasonCodes: ReasonCodeRow[]
      overridden: Gate | null
      boardReview: BoardReview
      day6Provision: Day6Provision | null
      /** The start date's school year after this suspension, other schools included (EX-1). */
      totals: SuspensionTotals
      obligations: SuspensionObligation[]
      warnings: Array<Warning<SuspensionWarningCode>>
    }
  | { allowed: false; reasons: Refusal[] }

const NO_CALENDAR =
  'Your school’s term dates have not been set, so school days cannot be counted. Ask an administrator to set the school calendar, then record the suspension'

function checkDays(entered: number | undefined, lunchtime: boolean, refusals: Refusal[]): number {
  const days = entered ?? (lunchtime ? 0.5 : undefined)
  if (days === undefined) {
    refusals.push({ field: 'days', message: 'Enter how many school days the suspension is for' })
  } else if (!isValidDayCount(days)) {
    refusals.push({
      field: 'days',
      message: 'Enter the number of school days as a whole or half number, like 3 or 2.5',
    })
  } else if (lunchtime && days !== 0.5) {
    // EX-2, PD-17: a lunchtime counts as half a school day, and `lunchtime: true` requires `days: 0.5`.
    refusals.push({ field: 'days', message: 'A lunchtime suspension counts as half a school day. Enter 0.5' })
  } else if (!lunchtime && days === 0.5) {
    refusals.push({
      field: 'days',
      message:
        'Half a school day can only be a lunchtime suspension. Choose lunchtime, or enter 1 day or more',
    })
  }
  return days ?? 0
}

function checkStart(
  cal: SchoolCalendar | null,
  startDate: IsoDate,
  refusals: Refusal[],
): cal is SchoolCalendar {
  if (!isIsoDate(startDate)) {
    refusals.push({ field: 'startDate', message: 'Enter a real start date, like 3 March 2026' })
    return false
  }
  if (!hasCalendar(cal)) {
    refusals.push({ field: 'startDate', message: NO_CALENDAR })
    return false
  }
  if (!isSchoolDay(cal, startDate)) {
    refusals.push({
      field: 'startDate',
      message: `The start date must be a day the school is open. ${formatDate(startDate)} is not a school day`,
    })
    return false
  }
  return true
}

function checkOverlap(
  own: ReadonlyArray<SuspensionDay>,
  others: ReadonlyArray<SuspensionDay>,
  refusals: Refusal[],
): void {
  const taken = new Set(others.map((d) => d.date))
  const clash = own.find((d) => taken.has(d.date))
  if (clash) {
    refusals.push({
      field: 'startDate',
      message: `This pupil already has a suspension on ${formatDate(clash.date)}. Check the dates`,
    })
  }
}

// EX-1: 45 school days in a school year is allowed; 45.5 is not.
function checkYearLimit(totals: ReadonlyArray<YearTotal>, refusals: Refusal[]): void {
  for (const t of totals) {
    if (t.daysThisYear <= SUSPENSION_DAYS_LIMIT) continue
    const year = `${t.schoolYear} to ${t.schoolYear + 1} school year`
    const left = Math.max(0, SUSPENSION_DAYS_LIMIT - t.before)
    refusals.push({
      field: 'days',
      message:
        left === 0
          ? `This pupil has already been suspended for 45 school days in the ${year}, the legal limit. The school must use other ways to support them`
          : `This would bring the pupil’s suspensions in the ${year} to ${t.daysThisYear} school days. The legal limit is 45, so ${left} ${left === 1 ? 'day is' : 'days are'} left`,
    })
  }
}

export function checkSuspension(input: SuspensionCheckInput): SuspensionCheck {
  const p = input.proposed
  const settings = { ...DEFAULT_SUSPENSION_SETTINGS, ...input.settings }
  const refusals: Refusal[] = []
  if (p.category === 'PERM' && p.lunchtime === true) {
    refusals.push({ field: 'lunchtime', message: 'A permanent exclusion cannot be a lunchtime suspension' })
  }
  const lunchtime = p.category === 'LNCH' || (p.category === 'SUSP' && p.lunchtime === true)
  const category: ExclusionCategory = p.category === 'PERM' ? 'PERM' : lunchtime ? 'LNCH' : 'SUSP'
  const days = category === 'PERM' ? 0 : checkDays(p.days, lunchtime, refusals)
  const reasons = checkReasons(p.reasons, p.startDate, input.reasonCodes ?? REASON_CODES_SET_A)
  if (!reasons.ok) refusals.push(...reasons.problems)
  const gates = checkGates(input.status, p, p.startDate)
  refusals.push(...gates.refusals)
  const cal = input.calendar
  if (
    !checkStart(cal, p.startDate, refusals) ||
    refusals.some((r) => r.field === 'days' || r.field === 'lunchtime')
  ) {
    return { allowed: false, reasons: refusals }
  }

  const proposed: RecordedSuspension = { category, startDate: p.startDate, days }
  const own = category === 'PERM' ? { days: [], unplacedHalfDays: 0 } : suspensionSchoolDays(cal, proposed)
  const otherDays = countedSuspensionDays(cal, input.otherSuspensions)
  checkOverlap(own.days, otherDays, refusals)
  const schoolYear = schoolYearOf(p.startDate)
  const totals = yearTotals(own.days, otherDays, schoolYear, input.daysAtOtherSchoolsThisYear ?? 0)
  checkYearLimit(totals, refusals)
  if (refusals.length > 0 || !reasons.ok) return { allowed: false, reasons: refusals }

  const duties = suspensionObligations({
    cal,
    status: input.status,
    proposed,
    ownDays: own.days,
    otherDays,
    others: input.otherSuspensions,
    riskAssessmentOpen: input.riskAssessmentOpen,
    riskAssessmentFromSuspension: settings.riskAssessmentFromSuspension,
    publicExamMissed: p.publicExamMissed ?? null,
    day6Exception: p.day6Exception ?? null,
  })
  const startYear = totals.find((t) => t.schoolYear === schoolYear)!
  const warnings = [
    ...gates.warnings,
    ...suspensionWarnings({
      status: input.status,
      category,
      totals: startYear,
      unplacedHalfDays: own.unplacedHalfDays,
      obligations: duties.obligations,
      publicExamMissed: p.publicExamMissed ?? null,
      day6: duties.day6,
      day6WithoutException: duties.day6WithoutException,
      day6Exception: p.day6Exception ?? null,
      senProvision: input.senProvision ?? null,
      claDayOneProvision: settings.claDayOneProvision,
    }),
  ]
  return {
    allowed: true,
    category,
    lunchtime,
    days,
    schoolDays: own.days,
    reasonCodes: reasons.rows,
    overridden: gates.overridden,
    boardReview: duties.boardReview,
    day6Provision: duties.day6,
    totals: { schoolYear, daysThisYear: startYear.daysThisYear, remaining: startYear.remaining },
    obligations: duties.obligations,
    warnings,
  }
}
