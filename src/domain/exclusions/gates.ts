/**
 * The conversations that must come before suspending a looked after or previously looked after child
 * (DOMAIN.md PD-7, PD-17, POL-18, POL-19, DT-4): the Virtual School for a CLA, the parents or guardians for
 * a PLA. Without one, the user gives an override reason, which is shown to the headteacher and in reports.
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import type { PupilStatus } from '../cohort/status.js'
import type { Refusal, Warning } from './due-dates.js'

export type VsConsultation = { date: IsoDate; with: string; advice?: string }
export type ParentConversation = { date: IsoDate; with?: string }

export type GateInput = {
  vsConsultation?: VsConsultation | null
  parentConversation?: ParentConversation | null
  overrideReason?: string | null
}

export type Gate = 'virtual_school_consultation' | 'parent_conversation'

/** Which conversation the pupil's status requires. DEF-13: a pupil is never CLA and PLA on one date. */
export function requiredGate(status: Pick<PupilStatus, 'cla' | 'pla'>): Gate | null {
  if (status.cla) return 'virtual_school_consultation'
  if (status.pla) return 'parent_conversation'
  return null
}

export type GateStatus = {
  required: Gate | null
  /** True when the required conversation is recorded (or none is required). */
  met: boolean
  consultationRecorded: boolean
  conversationRecorded: boolean
}

/** For the "at risk" page and the check-your-answers page: what is recorded and what is still needed. */
export function gateStatus(status: Pick<PupilStatus, 'cla' | 'pla'>, input: GateInput): GateStatus {
  const required = requiredGate(status)
  const consultationRecorded = input.vsConsultation != null
  const conversationRecorded = input.parentConversation != null
  const met =
    required === null ||
    (required === 'virtual_school_consultation' ? consultationRecorded : conversationRecorded)
  return { required, met, consultationRecorded, conversationRecorded }
}

export type GateWarningCode = 'override_used' | 'pla_virtual_school_consent'

export type GateCheck = {
  refusals: Refusal[]
  /** The gate passed by an override reason instead of the conversation, if any. */
  overridden: Gate | null
  warnings: Array<Warning<GateWarningCode>>
}

function isBlank(s: string | null | undefined): boolean {
  return s == null || s.trim() === ''
}

function checkDated(
  field: string,
  who: string,
  entry: { date: IsoDate },
  startDate: IsoDate,
  refusals: Refusal[],
): void {
  if (!isIsoDate(entry.date)) {
    refusals.push({ field: `${field}.date`, message: `Enter the date you spoke to ${who}` })
  } else if (isIsoDate(startDate) && entry.date > startDate) {
    // PD-17: the consultation comes first, so it is dated on or before the start date.
    refusals.push({
      field: `${field}.date`,
      message: `You must speak to ${who} on or before the start date, ${formatDate(startDate)}`,
    })
  }
}

/** PD-7, PD-17: the CLA gate and the PLA gate, each passed by the conversation or by an override reason. */
export function checkGates(status: PupilStatus, input: GateInput, startDate: IsoDate): GateCheck {
  const refusals: Refusal[] = []
  const warnings: Array<Warning<GateWarningCode>> = []
  const vs = input.vsConsultation ?? null
  const parents = input.parentConversation ?? null

  if (vs) {
    checkDated('vsConsultation', 'the Virtual School', vs, startDate, refusals)
    if (isBlank(vs.with)) {
      refusals.push({ field: 'vsConsultation.with', message: 'Enter who you spoke to at the Virtual School' })
    }
  }
  if (parents) checkDated('parentConversation', 'the parents or guardians', parents, startDate, refusals)

  const required = requiredGate(status)
  const recorded = required === 'virtual_school_consultation' ? vs !== null : parents !== null
  let overridden: Gate | null = null
  if (required !== null && !recorded) {
    if (isBlank(input.overrideReason)) {
      refusals.push(
        required === 'virtual_school_consultation'
          ? {
              field: 'vsConsultation',
              message:
                'This pupil is looked after. Record when you consulted the Virtual School and what they advised, or give a reason for going ahead without consulting them',
            }
          : {
              field: 'parentConversation',
              message:
                'This pupil was previously looked after. Record your conversation with their parents or guardians, or give a reason for going ahead without one',
            },
      )
    } else {
      overridden = required
      warnings.push({
        code: 'override_used',
        message:
          required === 'virtual_school_consultation'
            ? 'Recorded without consulting the Virtual School. The reason given will be shown to the headteacher and in reports'
            : 'Recorded without speaking to the parents or guardians. The reason given will be shown to the headteacher and in reports',
      })
    }
  }
  if (status.pla && vs !== null) {
    // POL-19, PD-7: for a PLA the Virtual School's advice is optional and sought only with consent.
    warnings.push({
      code: 'pla_virtual_school_consent',
      message:
        'For a previously looked after child, ask the Virtual School for advice only with the parents’ or guardians’ consent',
    })
  }
  return { refusals, overridden, warnings }
}
