import type { PepKind } from './content.js'

export type PepStatus = 'draft' | 'submitted' | 'returned' | 'approved'
export type PepAction = 'edit' | 'submit' | 'return' | 'approve'

export type Transition = { ok: true; to: PepStatus } | { ok: false; reason: string }

/**
 * The PEP workflow (issue 4 item 3): draft → submitted by the DT → approved by the Virtual School, or returned with
 * feedback → resubmitted. An approved PEP is never edited: the next meeting starts a new PEP. A PLA support plan is held
 * by the school; it goes to the Virtual School only when the parents have consented (issue 4 item 4).
 */
export function transition(
  status: PepStatus,
  action: PepAction,
  plan: { kind: PepKind; parentsConsentToVs: boolean },
): Transition {
  const toVs = plan.kind === 'pep' || plan.parentsConsentToVs
  switch (action) {
    case 'edit':
      if (status === 'draft' || status === 'returned') return { ok: true, to: status }
      if (status === 'approved')
        return {
          ok: false,
          reason: 'This PEP has been approved and cannot be changed. Start a new PEP for the next meeting.',
        }
      return {
        ok: false,
        reason: 'This PEP has been submitted. It can be changed only if the Virtual School returns it.',
      }
    case 'submit':
      if (status === 'draft' || status === 'returned')
        return { ok: true, to: toVs ? 'submitted' : 'approved' }
      return {
        ok: false,
        reason:
          status === 'approved'
            ? 'This PEP has already been approved.'
            : 'This PEP has already been submitted.',
      }
    case 'return':
    case 'approve':
      if (!toVs)
        return {
          ok: false,
          reason: 'The parents have not consented to the Virtual School reviewing this plan.',
        }
      if (status === 'submitted') return { ok: true, to: action === 'return' ? 'returned' : 'approved' }
      return {
        ok: false,
        reason: `Only a submitted PEP can be ${action === 'return' ? 'returned' : 'approved'}; this one is ${STATUS_LABELS[status].toLowerCase()}.`,
      }
  }
}

export const STATUS_LABELS: Record<PepStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned for changes',
  approved: 'Approved',
}

export type RubricLevel = { value: string; label: string; criteria: string; approvable: boolean }

// Issue 4 item 3: the default quality rubric; a Virtual School may configure its own. Red cannot be approved.
export const DEFAULT_RUBRIC: ReadonlyArray<RubricLevel> = [
  {
    value: 'green',
    label: 'Green: good',
    criteria:
      'SMART targets reviewed and linked to PP+; the child’s voice is clear; attendance, attainment and SEN covered.',
    approvable: true,
  },
  {
    value: 'amber',
    label: 'Amber: requires improvement',
    criteria:
      'Most sections complete, but targets or the child’s voice need strengthening before the next PEP.',
    approvable: true,
  },
  {
    value: 'red',
    label: 'Red: inadequate',
    criteria: 'Key sections missing or targets not SMART. Return it with feedback instead.',
    approvable: false,
  },
]

export function checkRating(rubric: ReadonlyArray<RubricLevel>, rating: string): string | null {
  const level = rubric.find((l) => l.value === rating)
  if (!level) return 'Choose a quality rating'
  if (!level.approvable)
    return `A PEP rated ${level.label.split(':')[0]} cannot be approved. Return it with feedback instead.`
  return null
}
