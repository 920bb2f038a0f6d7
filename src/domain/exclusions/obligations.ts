/**
 * The duties a suspension or permanent exclusion creates, with the API's `kind` names (shared/API.md
 * "Suspensions"; DOMAIN.md EX-5, EX-9, EX-10, PD-7, PD-17).
 */
import type { IsoDate } from '../calendar/dates.js'
import { hasSocialWorker, type PupilStatus } from '../cohort/status.js'

export const OBLIGATION_KINDS = [
  'notify_parent',
  'notify_governing_board',
  'notify_local_authority',
  'notify_social_worker',
  'notify_virtual_school_head',
  'arrange_day6_provision',
  'governing_board_must_meet',
  'governing_board_meet_if_requested',
  'risk_assessment',
] as const
export type ObligationKind = (typeof OBLIGATION_KINDS)[number]

export type SuspensionObligation = {
  kind: ObligationKind
  dueBy: IsoDate
  /** True when the school's calendar ends before `dueBy`, so the date is an estimate (see due-dates.ts). */
  provisional: boolean
}

/** What each duty asks of staff, as a task title. */
export const OBLIGATION_LABELS: Record<ObligationKind, string> = {
  notify_parent: 'Tell the parents or carers in writing',
  notify_governing_board: 'Tell the governing board',
  notify_local_authority: 'Tell the local authority',
  notify_social_worker: 'Tell the pupil’s social worker',
  notify_virtual_school_head: 'Tell the Virtual School Head',
  arrange_day6_provision: 'Arrange full-time education from the sixth day',
  governing_board_must_meet: 'Governing board meets to consider reinstatement',
  governing_board_meet_if_requested: 'Governing board meets if the parents ask',
  risk_assessment: 'Complete a trauma-informed risk assessment',
}

export type NotificationKind = Extract<ObligationKind, `notify_${string}`>

/**
 * EX-9, PD-15, PD-17: parents, the governing board and the local authority are told of every suspension and
 * permanent exclusion of any length; the social worker when the pupil has one (CLA or a current CIN or CP
 * episode); the Virtual School Head when the pupil is looked after. A previously looked after child has no
 * statutory Virtual School notice. EX-19 sends the same notices for a cancellation.
 */
export function notificationsFor(status: PupilStatus): NotificationKind[] {
  const kinds: NotificationKind[] = ['notify_parent', 'notify_governing_board', 'notify_local_authority']
  if (hasSocialWorker(status)) kinds.push('notify_social_worker')
  if (status.cla) kinds.push('notify_virtual_school_head')
  return kinds
}

/** PD-17: notices go the day the decision is made, so each is due on `date`. */
export function notificationObligations(status: PupilStatus, date: IsoDate): SuspensionObligation[] {
  return notificationsFor(status).map((kind) => ({ kind, dueBy: date, provisional: false }))
}

/** API order, then by date: a stable order for lists and tests. */
export function byKindThenDate(a: SuspensionObligation, b: SuspensionObligation): number {
  return OBLIGATION_KINDS.indexOf(a.kind) - OBLIGATION_KINDS.indexOf(b.kind) || a.dueBy.localeCompare(b.dueBy)
}
