import { describe, expect, it } from 'vitest'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import { checkManagedMove, type ManagedMoveInput } from './managed-moves.js'

const ON = '2026-03-02'
const status = (...episodes: EpisodeFacts[]) => statusOn(episodes, ON)
const plain = status()
const cla = status({
  type: 'CLA',
  startDate: '2025-01-01',
  endDate: null,
  legalStatus: 'C2',
  responsibleLaCode: '919',
})
const cin = status({ type: 'CIN', startDate: '2025-01-01', endDate: null })

const move = (over: Partial<ManagedMoveInput> = {}): ManagedMoveInput => ({
  agreedOn: '2026-03-02',
  moveDate: '2026-03-16',
  agreedBy: { parents: true, homeSchool: true, receivingSchool: true, admissionAuthority: true },
  trialPeriod: false,
  interventionsTried: ['Pastoral support plan'],
  ...over,
})

describe('DOMAIN.md EX-14: managed moves', () => {
  it('asks for records to be shared with the new school by the move date', () => {
    expect(checkManagedMove(plain, move())).toEqual({
      allowed: true,
      notices: [
        {
          to: 'receiving_school',
          dueBy: '2026-03-16',
          about: 'Share the pupil’s records and what has helped them',
        },
      ],
      warnings: [],
    })
  })

  it.each([
    ['a child in need', cin, ['receiving_school', 'social_worker'], []],
    [
      'a looked after child',
      cla,
      ['receiving_school', 'social_worker', 'virtual_school_head'],
      ['pep_review'],
    ],
  ] as const)('also tells those working with %s', (_label, s, notices, warnings) => {
    const result = checkManagedMove(s, move())
    expect(result.allowed && result.notices.map((n) => n.to)).toEqual(notices)
    expect(result.allowed && result.warnings.map((w) => w.code)).toEqual(warnings)
  })

  it.each([
    ['parents', 'agreedBy.parents', 'A managed move needs the agreement of the parents or carers'],
    ['homeSchool', 'agreedBy.homeSchool', 'A managed move needs the agreement of your school'],
    ['receivingSchool', 'agreedBy.receivingSchool', 'A managed move needs the agreement of the new school'],
    [
      'admissionAuthority',
      'agreedBy.admissionAuthority',
      'A managed move needs the agreement of the admission authority',
    ],
  ] as const)('refuses a move without the agreement of %s', (party, field, message) => {
    const agreedBy = { ...move().agreedBy, [party]: false }
    expect(checkManagedMove(plain, move({ agreedBy }))).toEqual({
      allowed: false,
      reasons: [{ field, message }],
    })
  })

  it('refuses a trial period for a move from 26 July 2026, and warns before then', () => {
    const late = checkManagedMove(
      plain,
      move({ agreedOn: '2026-07-20', moveDate: '2026-07-26', trialPeriod: true }),
    )
    expect(late.allowed ? [] : late.reasons.map((r) => r.field)).toEqual(['trialPeriod'])
    const early = checkManagedMove(plain, move({ trialPeriod: true }))
    expect(early.allowed && early.warnings.map((w) => w.code)).toEqual(['trial_period'])
  })

  it.each([
    ['no support tried first', move({ interventionsTried: [' '] }), 'interventionsTried'],
    ['a move date before it was agreed', move({ moveDate: '2026-03-01' }), 'moveDate'],
    ['a date that does not exist', move({ agreedOn: '2026-02-30' }), 'agreedOn'],
  ])('refuses %s', (_label, input, field) => {
    const result = checkManagedMove(plain, input)
    expect(result.allowed ? [] : result.reasons.map((r) => r.field)).toEqual([field])
  })
})
