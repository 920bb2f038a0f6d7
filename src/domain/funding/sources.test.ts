import { describe, expect, it } from 'vitest'
import type { PupilStatus } from '../cohort/status.js'
import { fundingSourcesFor, holderOf, needsRelease, planKindFor, type FundingSource } from './sources.js'

type Flags = Pick<PupilStatus, 'cla' | 'pla' | 'shortBreaksOnly' | 'cswCurrent' | 'cswEver6'>
const none: Flags = { cla: false, pla: false, shortBreaksOnly: false, cswCurrent: false, cswEver6: false }

describe('DOMAIN.md PP-5, PP-6, PD-4, PD-9: which money can fund a pupil', () => {
  it.each<[string, Partial<Flags>, boolean, FundingSource[]]>([
    ['PP-5: looked after → CLA PP+', { cla: true }, false, ['pp_plus_cla']],
    ['PD-4: short breaks only → no PP+ by default', { cla: true, shortBreaksOnly: true }, false, []],
    [
      'PD-4: short breaks, when the VS funds them',
      { cla: true, shortBreaksOnly: true },
      true,
      ['pp_plus_cla'],
    ],
    [
      'PD-4, PP-6: short breaks with a CIN plan → the school may use PP',
      { cla: true, shortBreaksOnly: true, cswCurrent: true },
      false,
      ['pupil_premium'],
    ],
    ['PP-3: previously looked after → PLA PP+', { pla: true }, false, ['pp_plus_pla']],
    ['PP-6: has a social worker, no PP+ → PP', { cswCurrent: true }, false, ['pupil_premium']],
    ['PP-6: had a social worker (ever-6) → PP', { cswEver6: true }, false, ['pupil_premium']],
    [
      'PP-6: PLA with a social worker gets PP+, not PP',
      { pla: true, cswCurrent: true },
      false,
      ['pp_plus_pla'],
    ],
    ['back in care after adoption: both', { cla: true, pla: true }, false, ['pp_plus_cla', 'pp_plus_pla']],
    ['none of these', {}, false, []],
  ])('%s', (_label, flags, includeShortBreaks, expected) => {
    expect(fundingSourcesFor({ ...none, ...flags }, { includeShortBreaks })).toEqual(expected)
  })
})

describe('PP-5, PD-9: who holds the money and which plan it serves', () => {
  it.each<[FundingSource, string, boolean, string]>([
    ['pp_plus_cla', 'virtual_school', true, 'pep'],
    ['pp_plus_pla', 'school', false, 'support_plan'],
    ['pupil_premium', 'school', false, 'support_plan'],
  ])('%s: held by %s, released: %s, targets of a %s', (source, holder, release, plan) => {
    expect(holderOf(source)).toBe(holder)
    expect(needsRelease(source)).toBe(release)
    expect(planKindFor(source)).toBe(plan)
  })
})
