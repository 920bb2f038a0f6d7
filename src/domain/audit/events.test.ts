import { describe, expect, it } from 'vitest'
import { describeActor, describeAuditAction, splitActorLabel } from './events.js'

describe('audit events in words', () => {
  it.each([
    ['pupil.viewed', 'Viewed the record'],
    ['episode.created', 'Added a status'],
    ['episode.corrected', 'Corrected a status'],
    ['access.denied', 'Refused access'],
    ['pupil.exported', 'Exported everything held (subject access request)'],
    ['pupil.deleted', 'Deleted the record (past its retention date)'],
    ['suspension.recorded', 'Recorded a suspension or permanent exclusion'],
    ['something.new', 'something.new'],
  ])('%s → %s', (action, words) => {
    expect(describeAuditAction(action)).toBe(words)
  })

  it('splits the actor label recorded at the time into a name and a role', () => {
    expect(splitActorLabel('Sam Lead (dsl)')).toEqual({ name: 'Sam Lead', role: 'dsl' })
    expect(splitActorLabel('Ali (Smith) (staff)')).toEqual({ name: 'Ali (Smith)', role: 'staff' })
    expect(splitActorLabel('system')).toEqual({ name: 'system', role: null })
    expect(splitActorLabel('Odd (not_a_role)')).toEqual({ name: 'Odd (not_a_role)', role: null })
    expect(splitActorLabel(null)).toEqual({ name: 'system', role: null })
  })

  it('describes the actor with the role in words', () => {
    expect(describeActor('Sam Lead (dsl)')).toBe('Sam Lead, Designated safeguarding lead')
    expect(describeActor('Harbour (admin)')).toBe('Harbour, Administrator')
  })
})
