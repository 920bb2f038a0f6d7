import { describe, expect, it } from 'vitest'
import { checkRiskAssessment, type RiskAssessmentInput } from './risk-assessment.js'

const complete = (over: Partial<RiskAssessmentInput> = {}): RiskAssessmentInput => ({
  completedOn: '2026-03-10',
  actions: [{ action: 'Key adult check-in each morning', who: 'Ms Ahmed' }],
  sharedWith: ['child', 'parents_or_carers', 'staff'],
  reviewOn: '2026-04-21',
  ...over,
})

describe('DOMAIN.md POL-22: the risk assessment', () => {
  it('accepts a complete assessment shared with everyone', () => {
    expect(checkRiskAssessment(complete())).toEqual({ problems: [], warnings: [] })
  })

  it('says who it has not yet been shared with', () => {
    expect(checkRiskAssessment(complete({ sharedWith: ['staff'] })).warnings).toEqual([
      {
        code: 'not_shared_with_all',
        message:
          'The school policy says to share the risk assessment with the child, their parents or carers and all staff involved. Not yet shared with: the child, parents or carers',
      },
    ])
  })

  it.each([
    ['no actions', complete({ actions: [] }), ['actions']],
    [
      'an action with no one to do it',
      complete({ actions: [{ action: 'Mentor', who: ' ' }] }),
      ['actions.0.who'],
    ],
    ['no review date', complete({ reviewOn: null }), ['reviewOn']],
    ['a review date on the day it was completed', complete({ reviewOn: '2026-03-10' }), ['reviewOn']],
    ['no completion date', complete({ completedOn: '' }), ['completedOn']],
  ])('refuses %s', (_label, input, fields) => {
    expect(checkRiskAssessment(input).problems.map((p) => p.field)).toEqual(fields)
  })
})
