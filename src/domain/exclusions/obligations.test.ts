import { describe, expect, it } from 'vitest'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import {
  notificationObligations,
  notificationsFor,
  OBLIGATION_KINDS,
  OBLIGATION_LABELS,
} from './obligations.js'

const ON = '2026-03-02'
const episode = (type: EpisodeFacts['type'], extra: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  type,
  startDate: '2024-01-01',
  endDate: null,
  ...extra,
})

describe('DOMAIN.md EX-9, PD-15: who is told of a suspension', () => {
  const always = ['notify_parent', 'notify_governing_board', 'notify_local_authority']
  it.each([
    ['a pupil with no status', [], always],
    ['a child in need', [episode('CIN')], [...always, 'notify_social_worker']],
    ['a child on a protection plan', [episode('CP')], [...always, 'notify_social_worker']],
    [
      'a looked after child',
      [episode('CLA', { legalStatus: 'C2', responsibleLaCode: '919' })],
      [...always, 'notify_social_worker', 'notify_virtual_school_head'],
    ],
    [
      'a looked after child on short breaks only (still looked after)',
      [episode('CLA', { legalStatus: 'V3', responsibleLaCode: '919' })],
      [...always, 'notify_social_worker', 'notify_virtual_school_head'],
    ],
    [
      'a previously looked after child (no statutory VSH notice)',
      [episode('PLA', { route: 'adoption' })],
      always,
    ],
    ['a child whose CIN episode ended (ever-6 only)', [episode('CIN', { endDate: '2025-01-31' })], always],
    ['a child in kinship care only', [episode('KINSHIP', { arrangement: 'informal' })], always],
  ])('%s', (_label, episodes, expected) => {
    expect(notificationsFor(statusOn(episodes, ON))).toEqual(expected)
  })

  it('makes every notice due on the day of the decision (PD-17)', () => {
    const obligations = notificationObligations(statusOn([episode('CIN')], ON), ON)
    expect(obligations.every((o) => o.dueBy === ON && !o.provisional)).toBe(true)
    expect(obligations).toHaveLength(4)
  })

  it('has a task title for every kind in the API', () => {
    expect(Object.keys(OBLIGATION_LABELS).sort()).toEqual([...OBLIGATION_KINDS].sort())
  })
})
