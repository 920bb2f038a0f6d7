/** The pupil's suspensions in the words and tags the pages show (DOMAIN.md EX-1, EX-9, EX-13, PD-7). */
import { formatDate } from '../../../../domain/calendar/dates.js'
import { ALTERNATIVES_TO_SUSPENSION } from '../../../../domain/exclusions/at-risk.js'
import type { Gate } from '../../../../domain/exclusions/gates.js'
import { RISK_ASSESSMENT_AUDIENCE_LABELS } from '../../../../domain/exclusions/risk-assessment.js'
import type { PupilSuspensions } from '../../../../services/pupil-suspensions.service.js'
import { consentOf } from '../../../../services/pupil-suspensions.service.js'

export type Suspension = PupilSuspensions['suspensions'][number]
export type Notice = PupilSuspensions['notices'][number]

export const schoolYearLabel = (year: number) => `${year} to ${year + 1}`

/** "3 school days", "half a school day", "1 school day". */
export function daysInWords(days: number | null): string {
  if (days === null) return 'Permanent'
  if (days === 0.5) return 'Half a school day'
  return `${days} school ${days === 1 ? 'day' : 'days'}`
}

/** The school days a suspension covers, as a range or a single day. */
export function periodOf(s: { category: string; startDate: string; lastDay: string | null }): string {
  if (s.category === 'PERM') return `From ${formatDate(s.startDate)}`
  if (!s.lastDay || s.lastDay === s.startDate) return formatDate(s.startDate)
  return `${formatDate(s.startDate)} to ${formatDate(s.lastDay)}`
}

const DELIVERY = {
  not_sent: { text: 'Not emailed', colour: 'grey' },
  pending: { text: 'Waiting to be sent', colour: 'blue' },
  sent: { text: 'Sent', colour: 'green' },
  failed: { text: 'Could not be sent', colour: 'red' },
} as const

export function deliveryOf(n: Pick<Notice, 'delivery'>) {
  return DELIVERY[n.delivery]
}

const PURPOSES: Record<Notice['purpose'], string> = {
  suspension: 'Notice of the suspension',
  cancellation: 'Cancellation',
  day6_provision: 'Education from the sixth day',
  board_decision: 'The governing board’s decision',
}

export const purposeOf = (n: Pick<Notice, 'purpose'>) => PURPOSES[n.purpose] ?? n.purpose

const BOARD_DECISIONS: Record<string, string> = {
  upheld: 'Upheld: not reinstated',
  reinstated: 'Reinstated',
  would_have_reinstated: 'Would have reinstated, had it still been possible',
}

export const boardDecisionOf = (d: string | null) => (d ? (BOARD_DECISIONS[d] ?? d) : null)

export function statusTagOf(s: Pick<Suspension, 'status'>) {
  return s.status === 'cancelled'
    ? { text: 'Cancelled', colour: 'grey' }
    : { text: 'Recorded', colour: 'blue' }
}

export const GATE_WORDS: Record<Gate, string> = {
  virtual_school_consultation: 'the Virtual School',
  parent_conversation: 'the parents or guardians',
}

const ALTERNATIVE_LABELS = new Map<string, string>(ALTERNATIVES_TO_SUSPENSION.map((a) => [a.code, a.label]))

export const alternativeLabel = (code: string) => ALTERNATIVE_LABELS.get(code) ?? code

type Dated = { date?: unknown; with?: unknown; advice?: unknown } | null | undefined

/** "12 November 2026, with Jo Adviser": a dated conversation as one line. */
export function conversationOf(c: Dated): string | null {
  if (!c || typeof c.date !== 'string') return null
  const who = typeof c.with === 'string' && c.with ? `, with ${c.with}` : ''
  return `${formatDate(c.date)}${who}`
}

export const adviceOf = (c: Dated) => (c && typeof c.advice === 'string' ? c.advice : null)

/** The at-risk record as rows for a summary list. */
export function atRiskRows(r: NonNullable<PupilSuspensions['atRisk']['open']>) {
  const rows: Array<{ key: string; value: string }> = [
    { key: 'Opened', value: formatDate(r.openedOn) },
    { key: 'The concern', value: r.concern },
  ]
  const vs = conversationOf(r.vsConsultation)
  rows.push({ key: 'Virtual School consulted', value: vs ?? 'Not recorded' })
  const advice = adviceOf(r.vsConsultation)
  if (advice) rows.push({ key: 'The Virtual School’s advice', value: advice })
  const parents = conversationOf(r.parentConversation)
  if (parents || r.parentConversation)
    rows.push({
      key: 'Talked with the parents or guardians',
      value: `${parents ?? 'Not recorded'}${consentOf(r.parentConversation) ? '. They agreed to the Virtual School being asked' : ''}`,
    })
  rows.push({
    key: 'Alternatives tried',
    value:
      [
        ...r.alternativesTried.filter((c) => c !== 'other').map(alternativeLabel),
        ...(r.otherAlternatives ? [r.otherAlternatives] : []),
      ].join('\n') || 'None recorded yet',
  })
  if (r.sendAdjustments) rows.push({ key: 'Reasonable adjustments (SEND)', value: r.sendAdjustments })
  return rows
}

export function sharedWithOf(codes: readonly string[]): string {
  return (
    codes
      .map((c) => RISK_ASSESSMENT_AUDIENCE_LABELS[c as keyof typeof RISK_ASSESSMENT_AUDIENCE_LABELS] ?? c)
      .join(', ') || 'Not shared yet'
  )
}

/** A stored list of actions (JSON) as plain rows. */
export function actionsOf(actions: ReadonlyArray<Record<string, unknown>>) {
  return actions.map((a) => ({
    action: typeof a.action === 'string' ? a.action : '',
    who: typeof a.who === 'string' ? a.who : '',
    by: typeof a.by === 'string' ? a.by : null,
  }))
}
