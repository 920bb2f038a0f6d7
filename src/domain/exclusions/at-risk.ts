/**
 * A pupil "at risk of suspension" (DOMAIN.md PD-7, POL-18 to POL-23, DT-4, PEP-8): the alternatives tried,
 * the conversations the pupil's status requires, and the prompts the school should act on.
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import type { PupilStatus } from '../cohort/status.js'
import type { Refusal } from './due-dates.js'
import { gateStatus, type GateStatus, type ParentConversation, type VsConsultation } from './gates.js'

/** POL-20: the alternatives to suspension named in the school policies, in our words, plus "other". */
export const ALTERNATIVES_TO_SUSPENSION = [
  { code: 'time_out_of_class', label: 'Time out of class', source: '000' },
  { code: 'separate_playtimes', label: 'Playtimes at a different time from other pupils', source: '000' },
  { code: 'supported_playtimes', label: 'Supported playtimes', source: '000' },
  { code: 'loss_of_play', label: 'Loss of playtime', source: '000' },
  { code: 'relationship_with_pupil', label: 'Building the relationship with the pupil', source: '001' },
  {
    code: 'relationship_with_parents',
    label: 'Building the relationship with parents or carers',
    source: '001',
  },
  {
    code: 'adapted_curriculum',
    label: 'Adapted curriculum or alternative provision',
    source: '001',
  },
  { code: 'staff_training', label: 'Training for staff', source: '001' },
  {
    code: 'senco_or_mental_health_lead',
    label: 'Advice from the SENCO or mental health lead',
    source: '001',
  },
  {
    code: 'nurture_or_bespoke_programme',
    label: 'Nurture group or a programme made for the pupil',
    source: '001',
  },
  { code: 'internal_monitoring', label: 'Monitoring in school', source: '002' },
  { code: 'assess_plan_do_review', label: 'Assess, plan, do, review', source: '002' },
  { code: 'coaching_and_mentoring', label: 'Coaching and mentoring', source: '002' },
  { code: 'reasonable_adjustments', label: 'Reasonable adjustments', source: '002' },
  { code: 'outside_agency_referral', label: 'Referral to another service', source: '002' },
  { code: 'safety_and_support_plan', label: 'Safety and support plan', source: '002' },
  { code: 'pastoral_support_plan', label: 'Pastoral support plan', source: '002' },
  { code: 'other', label: 'Something else', source: 'POL-20' },
] as const

export type AlternativeCode = (typeof ALTERNATIVES_TO_SUSPENSION)[number]['code']

export function isAlternativeCode(code: string): code is AlternativeCode {
  return ALTERNATIVES_TO_SUSPENSION.some((a) => a.code === code)
}

/** POL-20: codes from the list; "other" needs a description. */
export function checkAlternatives(codes: ReadonlyArray<string>, otherText?: string | null): Refusal[] {
  const problems: Refusal[] = []
  const seen = new Set<string>()
  codes.forEach((code, i) => {
    if (!isAlternativeCode(code)) {
      problems.push({ field: `alternatives.${i}`, message: 'Choose alternatives from the list' })
    } else if (seen.has(code)) {
      problems.push({ field: `alternatives.${i}`, message: 'Choose each alternative only once' })
    }
    seen.add(code)
  })
  if (seen.has('other') && (otherText == null || otherText.trim() === '')) {
    problems.push({ field: 'alternativesOther', message: 'Describe the other alternative you tried' })
  }
  return problems
}

export type AtRiskRecord = {
  vsConsultation?: VsConsultation | null
  parentConversation?: ParentConversation | null
  /** POL-19, PD-7: for a PLA, the parents' or guardians' consent to asking the Virtual School. */
  parentConsentToVirtualSchool?: boolean
}

export type AtRiskGateStatus = GateStatus & {
  /** False for a PLA whose parents have not consented to the Virtual School being asked (POL-19). */
  virtualSchoolMayBeAsked: boolean
}

export function atRiskGateStatus(status: PupilStatus, record: AtRiskRecord): AtRiskGateStatus {
  return {
    ...gateStatus(status, record),
    virtualSchoolMayBeAsked: !status.pla || record.parentConsentToVirtualSchool === true,
  }
}

/** The conversations recorded on the "at risk" page: dated, not in the future, and for a PLA with consent. */
export function checkAtRiskRecord(status: PupilStatus, record: AtRiskRecord, today: IsoDate): Refusal[] {
  const problems: Refusal[] = []
  const dated = (field: string, date: IsoDate): void => {
    if (!isIsoDate(date)) problems.push({ field, message: 'Enter a real date' })
    else if (date > today)
      problems.push({ field, message: `The date must be today, ${formatDate(today)}, or earlier` })
  }
  if (record.vsConsultation) {
    dated('vsConsultation.date', record.vsConsultation.date)
    if (record.vsConsultation.with.trim() === '') {
      problems.push({ field: 'vsConsultation.with', message: 'Enter who you spoke to at the Virtual School' })
    }
    if (status.pla && record.parentConsentToVirtualSchool !== true) {
      problems.push({
        field: 'vsConsultation',
        message:
          'Record that the parents or guardians agreed before asking the Virtual School about a previously looked after child',
      })
    }
  }
  if (record.parentConversation) dated('parentConversation.date', record.parentConversation.date)
  return problems
}

/**
 * PD-7, PEP-8: prompt an interim PEP review for a looked after child whom the DT or DSL has flagged at risk,
 * or who has been suspended.
 */
export function interimPepReviewDue(
  status: PupilStatus,
  facts: { atRisk: boolean; suspended: boolean },
): boolean {
  return status.cla && (facts.atRisk || facts.suspended)
}

export type AtRiskPromptKind =
  | 'contact_virtual_school'
  | 'talk_to_parents'
  | 'consider_interim_pep_review'
  | 'record_alternatives'
  | 'reasonable_adjustments'

export type AtRiskPrompt = { kind: AtRiskPromptKind; message: string }

/** What the school should do once a pupil is flagged at risk of suspension. */
export function atRiskPrompts(
  status: PupilStatus,
  facts: { senProvision?: 'N' | 'K' | 'E' | null; record: AtRiskRecord },
): AtRiskPrompt[] {
  const prompts: AtRiskPrompt[] = []
  const gates = atRiskGateStatus(status, facts.record)
  if (status.cla && !gates.consultationRecorded) {
    // POL-18, DT-4: contact the Virtual School as soon as a looked after child is at risk.
    prompts.push({
      kind: 'contact_virtual_school',
      message: 'Contact the Virtual School now, before any decision to suspend, and record their advice',
    })
  }
  if (status.pla && !gates.conversationRecorded) {
    prompts.push({
      kind: 'talk_to_parents',
      message:
        'Talk to the parents or guardians first, then ask the Virtual School for advice only if they agree',
    })
  }
  if (interimPepReviewDue(status, { atRisk: true, suspended: false })) {
    prompts.push({
      kind: 'consider_interim_pep_review',
      message: 'Consider an interim review of the pupil’s personal education plan (PEP)',
    })
  }
  prompts.push({
    kind: 'record_alternatives',
    message: 'Record the alternatives to suspension you have tried',
  })
  if (facts.senProvision === 'K' || facts.senProvision === 'E') {
    // POL-23: Equality Act reasonable adjustments apply; suspension of a pupil with SEN is a last resort.
    prompts.push({
      kind: 'reasonable_adjustments',
      message:
        'This pupil has special educational needs. Record the reasonable adjustments made: suspension should be a last resort',
    })
  }
  return prompts
}
