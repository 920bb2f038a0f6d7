/**
 * Managed moves (DOMAIN.md EX-14; 2024 guidance paras 48-50): a voluntary, permanent transfer to another
 * mainstream school agreed by the parents, both schools and the admission authority, in the pupil's best
 * interests, after initial interventions, with information shared. The guidance sets no review dates for a
 * managed move (it is permanent); a temporary move is an off-site direction instead (EX-15).
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import { hasSocialWorker, type PupilStatus } from '../cohort/status.js'
import type { Refusal, Warning } from './due-dates.js'

/** EX-14, EX-20: trial periods are ruled out explicitly by the guidance in force from 26 July 2026. */
export const NO_TRIAL_PERIODS_FROM: IsoDate = '2026-07-26'

export type ManagedMoveParty = 'parents' | 'homeSchool' | 'receivingSchool' | 'admissionAuthority'

const PARTY_LABELS: Record<ManagedMoveParty, string> = {
  parents: 'the parents or carers',
  homeSchool: 'your school',
  receivingSchool: 'the new school',
  admissionAuthority: 'the admission authority',
}

export type ManagedMoveInput = {
  agreedOn: IsoDate
  moveDate: IsoDate
  agreedBy: Record<ManagedMoveParty, boolean>
  trialPeriod: boolean
  /** The support tried in school before the move (EX-14: "after initial interventions"). */
  interventionsTried: ReadonlyArray<string>
}

export type ManagedMoveNoticeTo = 'receiving_school' | 'social_worker' | 'virtual_school_head'

export type ManagedMoveNotice = { to: ManagedMoveNoticeTo; dueBy: IsoDate; about: string }

export type ManagedMoveWarningCode = 'trial_period' | 'pep_review'

export type ManagedMoveCheck =
  | { allowed: true; notices: ManagedMoveNotice[]; warnings: Array<Warning<ManagedMoveWarningCode>> }
  | { allowed: false; reasons: Refusal[] }

function problems(input: ManagedMoveInput): Refusal[] {
  const reasons: Refusal[] = []
  if (!isIsoDate(input.agreedOn))
    reasons.push({ field: 'agreedOn', message: 'Enter the date the move was agreed' })
  if (!isIsoDate(input.moveDate)) {
    reasons.push({ field: 'moveDate', message: 'Enter the date the pupil moves' })
  } else if (isIsoDate(input.agreedOn) && input.moveDate < input.agreedOn) {
    reasons.push({ field: 'moveDate', message: 'The move date must be on or after the date it was agreed' })
  }
  for (const party of Object.keys(PARTY_LABELS) as ManagedMoveParty[]) {
    if (!input.agreedBy[party]) {
      reasons.push({
        field: `agreedBy.${party}`,
        message: `A managed move needs the agreement of ${PARTY_LABELS[party]}`,
      })
    }
  }
  if (input.interventionsTried.every((i) => i.trim() === '')) {
    reasons.push({
      field: 'interventionsTried',
      message: 'Record the support tried in school before the move',
    })
  }
  if (input.trialPeriod && isIsoDate(input.moveDate) && input.moveDate >= NO_TRIAL_PERIODS_FROM) {
    reasons.push({
      field: 'trialPeriod',
      message:
        'A managed move is permanent and cannot have a trial period. For a temporary move, use an off-site direction',
    })
  }
  return reasons
}

export function checkManagedMove(status: PupilStatus, input: ManagedMoveInput): ManagedMoveCheck {
  const reasons = problems(input)
  if (reasons.length > 0) return { allowed: false, reasons }

  const notices: ManagedMoveNotice[] = [
    {
      to: 'receiving_school',
      dueBy: input.moveDate,
      about: 'Share the pupil’s records and what has helped them',
    },
  ]
  // POL-16, POL-33: those working with the child hear of the move when it is agreed (local practice).
  if (hasSocialWorker(status)) {
    notices.push({
      to: 'social_worker',
      dueBy: input.agreedOn,
      about: 'Tell the social worker about the move',
    })
  }
  if (status.cla) {
    notices.push({
      to: 'virtual_school_head',
      dueBy: input.agreedOn,
      about: 'Tell the Virtual School about the move',
    })
  }
  const warnings: Array<Warning<ManagedMoveWarningCode>> = []
  if (input.trialPeriod) {
    warnings.push({
      code: 'trial_period',
      message: `Trial periods are not allowed for managed moves from ${formatDate(NO_TRIAL_PERIODS_FROM)}`,
    })
  }
  if (status.cla) {
    // PEP-7, PD-1: a change of school brings a PEP review; the PEP schedule sets its date.
    warnings.push({
      code: 'pep_review',
      message:
        'A change of school means the pupil’s PEP must be reviewed. Agree a date with the Virtual School',
    })
  }
  return { allowed: true, notices, warnings }
}
