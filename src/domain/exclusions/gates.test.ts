import { describe, expect, it } from 'vitest'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import { checkGates, requiredGate } from './gates.js'

const ON = '2026-03-02'
const status = (...episodes: EpisodeFacts[]) => statusOn(episodes, ON)
const plain = status()
const cin = status({ type: 'CIN', startDate: '2025-01-01', endDate: null })
const cla = status({
  type: 'CLA',
  startDate: '2025-01-01',
  endDate: null,
  legalStatus: 'C2',
  responsibleLaCode: '919',
})
const shortBreaks = status({
  type: 'CLA',
  startDate: '2025-01-01',
  endDate: null,
  legalStatus: 'V3',
  responsibleLaCode: '919',
})
const pla = status({ type: 'PLA', startDate: '2020-01-01', endDate: null, route: 'sgo' })
const leftCare = status({
  type: 'CLA',
  startDate: '2020-01-01',
  endDate: '2025-12-31',
  legalStatus: 'C2',
  responsibleLaCode: '919',
})

describe('DOMAIN.md PD-7: which conversation comes first', () => {
  it.each([
    ['a plain pupil', plain, null],
    ['a child in need', cin, null],
    ['a looked after child', cla, 'virtual_school_consultation'],
    ['a looked after child on short breaks', shortBreaks, 'virtual_school_consultation'],
    ['a previously looked after child', pla, 'parent_conversation'],
    ['a child who left care without an order (not PLA)', leftCare, null],
  ])('%s → %s', (_label, s, gate) => {
    expect(requiredGate(s)).toBe(gate)
  })
})

describe('DOMAIN.md PD-7, PD-17: checkGates', () => {
  const consultation = { date: '2026-02-27', with: 'Sam Patel' }

  it.each([
    ['a CLA consulted', cla, { vsConsultation: consultation }, [], null],
    [
      'a CLA with an override',
      cla,
      { overrideReason: 'Adviser on leave' },
      [],
      'virtual_school_consultation',
    ],
    ['a CLA with neither', cla, {}, ['vsConsultation'], null],
    [
      'a CLA with only a parent conversation',
      cla,
      { parentConversation: { date: '2026-02-27' } },
      ['vsConsultation'],
      null,
    ],
    ['a PLA after talking to the parents', pla, { parentConversation: { date: '2026-02-27' } }, [], null],
    ['a PLA with an override', pla, { overrideReason: 'Parents unreachable' }, [], 'parent_conversation'],
    ['a PLA with neither', pla, {}, ['parentConversation'], null],
    ['a plain pupil with nothing', plain, {}, [], null],
    [
      'a plain pupil with a badly dated consultation',
      plain,
      { vsConsultation: { ...consultation, date: '2026-03-05' } },
      ['vsConsultation.date'],
      null,
    ],
  ] as const)('%s', (_label, s, input, fields, overridden) => {
    const result = checkGates(s, input, ON)
    expect(result.refusals.map((r) => r.field)).toEqual(fields)
    expect(result.overridden).toBe(overridden)
  })
})
