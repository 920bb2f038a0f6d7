/**
 * The trauma-informed risk assessment after repeated suspensions (DOMAIN.md POL-22, PD-7, PD-17): a template,
 * the actions agreed, who it was shared with, and a review date.
 */
import { isIsoDate, type IsoDate } from '../calendar/dates.js'
import type { Refusal, Warning } from './due-dates.js'

/** The template's sections, in the order staff fill them in. */
export const RISK_ASSESSMENT_SECTIONS = [
  { key: 'whatHappened', label: 'What happened, and what may have led up to it' },
  { key: 'childsView', label: 'What the child has told us' },
  { key: 'historyAndNeeds', label: 'What we know of the child’s history and needs that helps explain this' },
  { key: 'whatHelps', label: 'What helps the child feel safe and settled' },
  { key: 'risks', label: 'Risks to the child and to others, and when they are highest' },
  { key: 'supportSought', label: 'Extra support asked for from other services' },
] as const

export type RiskAssessmentSection = (typeof RISK_ASSESSMENT_SECTIONS)[number]['key']

/** POL-22: shared with the child, the parents or carers, and all staff involved. */
export const RISK_ASSESSMENT_AUDIENCES = ['child', 'parents_or_carers', 'staff'] as const
export type RiskAssessmentAudience = (typeof RISK_ASSESSMENT_AUDIENCES)[number]

export const RISK_ASSESSMENT_AUDIENCE_LABELS: Record<RiskAssessmentAudience, string> = {
  child: 'The child',
  parents_or_carers: 'Parents or carers',
  staff: 'All staff who work with the child',
}

export type RiskAssessmentInput = {
  completedOn: IsoDate
  actions: ReadonlyArray<{ action: string; who: string }>
  sharedWith: ReadonlyArray<RiskAssessmentAudience>
  reviewOn: IsoDate | null
}

export type RiskAssessmentCheck = {
  problems: Refusal[]
  warnings: Array<Warning<'not_shared_with_all'>>
}

export function checkRiskAssessment(input: RiskAssessmentInput): RiskAssessmentCheck {
  const problems: Refusal[] = []
  if (!isIsoDate(input.completedOn)) {
    problems.push({ field: 'completedOn', message: 'Enter the date the risk assessment was completed' })
  }
  if (input.actions.length === 0) {
    problems.push({ field: 'actions', message: 'Add at least one action' })
  }
  input.actions.forEach((a, i) => {
    if (a.action.trim() === '') problems.push({ field: `actions.${i}.action`, message: 'Enter the action' })
    if (a.who.trim() === '') problems.push({ field: `actions.${i}.who`, message: 'Enter who will do it' })
  })
  if (input.reviewOn === null || !isIsoDate(input.reviewOn)) {
    problems.push({ field: 'reviewOn', message: 'Enter the date the risk assessment will be reviewed' })
  } else if (isIsoDate(input.completedOn) && input.reviewOn <= input.completedOn) {
    problems.push({ field: 'reviewOn', message: 'The review date must be after the date it was completed' })
  }
  const missing = RISK_ASSESSMENT_AUDIENCES.filter((a) => !input.sharedWith.includes(a))
  const warnings: RiskAssessmentCheck['warnings'] = []
  if (missing.length > 0) {
    warnings.push({
      code: 'not_shared_with_all',
      message: `The school policy says to share the risk assessment with the child, their parents or carers and all staff involved. Not yet shared with: ${missing.map((a) => RISK_ASSESSMENT_AUDIENCE_LABELS[a].toLowerCase()).join(', ')}`,
    })
  }
  return { problems, warnings }
}
