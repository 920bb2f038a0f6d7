import { describe, expect, it } from 'vitest'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import {
  ALTERNATIVES_TO_SUSPENSION,
  atRiskGateStatus,
  atRiskPrompts,
  checkAlternatives,
  checkAtRiskRecord,
  interimPepReviewDue,
} from './at-risk.js'

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
const pla = status({ type: 'PLA', startDate: '2020-01-01', endDate: null, route: 'adoption' })
const consultation = { date: '2026-02-27', with: 'Sam Patel', advice: 'Reduce transitions' }

describe('DOMAIN.md POL-20: alternatives to suspension', () => {
  it('offers the 17 alternatives from the policies and "something else"', () => {
    expect(ALTERNATIVES_TO_SUSPENSION).toHaveLength(18)
    expect(new Set(ALTERNATIVES_TO_SUSPENSION.map((a) => a.code)).size).toBe(18)
    expect(ALTERNATIVES_TO_SUSPENSION.at(-1)?.code).toBe('other')
  })

  it.each([
    [['time_out_of_class', 'pastoral_support_plan'], null, []],
    [['other'], 'Sensory breaks', []],
    [[], null, []],
    [['other'], '  ', [{ field: 'alternativesOther', message: 'Describe the other alternative you tried' }]],
    [['detention'], null, [{ field: 'alternatives.0', message: 'Choose alternatives from the list' }]],
    [
      ['loss_of_play', 'loss_of_play'],
      null,
      [{ field: 'alternatives.1', message: 'Choose each alternative only once' }],
    ],
  ])('%j with %j', (codes, other, problems) => {
    expect(checkAlternatives(codes, other)).toEqual(problems)
  })
})

describe('DOMAIN.md PD-7, POL-18, POL-19: the gates for a pupil at risk', () => {
  it.each([
    ['a plain pupil', plain, {}, { required: null, met: true, virtualSchoolMayBeAsked: true }],
    ['a CLA before the consultation', cla, {}, { required: 'virtual_school_consultation', met: false }],
    [
      'a CLA after the consultation',
      cla,
      { vsConsultation: consultation },
      { required: 'virtual_school_consultation', met: true, consultationRecorded: true },
    ],
    [
      'a PLA before talking to the parents',
      pla,
      {},
      { required: 'parent_conversation', met: false, virtualSchoolMayBeAsked: false },
    ],
    [
      'a PLA whose parents agreed to the Virtual School being asked',
      pla,
      { parentConversation: { date: '2026-02-26' }, parentConsentToVirtualSchool: true },
      {
        required: 'parent_conversation',
        met: true,
        conversationRecorded: true,
        virtualSchoolMayBeAsked: true,
      },
    ],
  ] as const)('%s', (_label, s, record, expected) => {
    expect(atRiskGateStatus(s, record)).toMatchObject(expected)
  })

  it.each([
    [
      'a consultation in the future',
      cla,
      { vsConsultation: { ...consultation, date: '2026-03-03' } },
      ['vsConsultation.date'],
    ],
    [
      'a consultation with no one named',
      cla,
      { vsConsultation: { ...consultation, with: '' } },
      ['vsConsultation.with'],
    ],
    [
      'asking the Virtual School about a PLA without consent',
      pla,
      { vsConsultation: consultation },
      ['vsConsultation'],
    ],
    [
      'a conversation on a date that does not exist',
      pla,
      { parentConversation: { date: '2026-02-31' } },
      ['parentConversation.date'],
    ],
  ] as const)('refuses %s', (_label, s, record, fields) => {
    expect(checkAtRiskRecord(s, record, ON).map((p) => p.field)).toEqual(fields)
  })

  it('accepts a PLA consultation with consent, dated today', () => {
    const record = { vsConsultation: { ...consultation, date: ON }, parentConsentToVirtualSchool: true }
    expect(checkAtRiskRecord(pla, record, ON)).toEqual([])
  })
})

describe('DOMAIN.md PD-7, PEP-8: interim PEP review prompt', () => {
  it.each([
    ['a CLA flagged at risk', cla, { atRisk: true, suspended: false }, true],
    ['a CLA suspended without a flag', cla, { atRisk: false, suspended: true }, true],
    ['a CLA neither flagged nor suspended', cla, { atRisk: false, suspended: false }, false],
    ['a PLA at risk (no PEP)', pla, { atRisk: true, suspended: true }, false],
    ['a child in need at risk', cin, { atRisk: true, suspended: true }, false],
  ])('%s → %s', (_label, s, facts, expected) => {
    expect(interimPepReviewDue(s, facts)).toBe(expected)
  })
})

describe('what to do once a pupil is at risk', () => {
  it.each([
    ['a plain pupil', plain, null, {}, ['record_alternatives']],
    [
      'a CLA not yet discussed with the Virtual School',
      cla,
      null,
      {},
      ['contact_virtual_school', 'consider_interim_pep_review', 'record_alternatives'],
    ],
    [
      'a CLA after the consultation',
      cla,
      null,
      { vsConsultation: consultation },
      ['consider_interim_pep_review', 'record_alternatives'],
    ],
    ['a PLA', pla, null, {}, ['talk_to_parents', 'record_alternatives']],
    ['a pupil with an EHC plan (POL-23)', plain, 'E', {}, ['record_alternatives', 'reasonable_adjustments']],
    ['a pupil on SEN support (POL-23)', plain, 'K', {}, ['record_alternatives', 'reasonable_adjustments']],
  ] as const)('%s', (_label, s, senProvision, record, kinds) => {
    expect(atRiskPrompts(s, { senProvision, record }).map((p) => p.kind)).toEqual(kinds)
  })
})
