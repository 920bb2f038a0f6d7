import { describe, expect, it } from 'vitest'
import {
  checkAllocation,
  checkRelease,
  checkSpend,
  type AllocationRequest,
  type PlanForFunding,
  type ReleaseRequest,
  type SpendRequest,
} from './checks.js'
import type { FundingAccount, FundingRows } from './ledger.js'
import type { FundingProblemCode, Override } from './outcome.js'

const TODAY = '2026-06-15' // after the end of 2025-26, so dates on both sides of that year can be tried
const CLA: FundingAccount = { pupilId: 'p1', financialYear: 2025, source: 'pp_plus_cla' }
const PLA: FundingAccount = { pupilId: 'p2', financialYear: 2025, source: 'pp_plus_pla' }
const PP: FundingAccount = { pupilId: 'p3', financialYear: 2025, source: 'pupil_premium' }

const plans: PlanForFunding[] = [
  { id: 'pep1', pupilId: 'p1', kind: 'pep', approvedOn: '2025-05-01', targetIds: ['t1', 't2'] },
  { id: 'pep2', pupilId: 'p1', kind: 'pep', approvedOn: null, targetIds: ['t9'] }, // a draft
  { id: 'pep0', pupilId: 'p1', kind: 'pep', approvedOn: '2024-06-01', targetIds: ['t0'] }, // last year's
  { id: 'pep3', pupilId: 'p9', kind: 'pep', approvedOn: '2025-05-01', targetIds: ['tx'] }, // another child
  { id: 'sp1', pupilId: 'p2', kind: 'support_plan', approvedOn: null, targetIds: ['s1'] },
  { id: 'sp3', pupilId: 'p3', kind: 'support_plan', approvedOn: null, targetIds: ['c1'] },
]

// CLA: £2,630 allocated, £1,000 released, £400 spent. PLA: £2,630 allocated, £30 spent. PP: £500 allocated.
const rows: FundingRows = {
  allocations: [
    { ...CLA, date: '2025-04-10', amountPence: 263000 },
    { ...PLA, date: '2025-04-10', amountPence: 263000 },
    { ...PP, date: '2025-04-10', amountPence: 50000 },
  ],
  releases: [{ ...CLA, date: '2025-05-02', amountPence: 100000, pepId: 'pep1', targetId: 't1' }],
  spends: [
    {
      ...CLA,
      date: '2025-06-01',
      amountPence: 40000,
      description: 'Tutor',
      category: 'tuition',
      targetId: 't1',
    },
    {
      ...PLA,
      date: '2025-06-01',
      amountPence: 3000,
      description: 'Books',
      category: 'resources',
      targetId: 's1',
    },
  ],
}

const codes = (
  result: ReturnType<typeof checkRelease> | ReturnType<typeof checkSpend>,
): FundingProblemCode[] => (result.kind === 'refused' ? result.problems.map((p) => p.code) : [])

describe('DOMAIN.md PP-5, PEP-12, POL-25: releasing CLA PP+ to the school', () => {
  const release = (changes: Partial<ReleaseRequest> = {}): ReleaseRequest => ({
    ...CLA,
    date: '2025-09-01',
    amountPence: 50000,
    pepId: 'pep1',
    targetId: 't2',
    ...changes,
  })

  it.each<[string, Partial<ReleaseRequest>, FundingProblemCode[]]>([
    ['against a target of an approved PEP', {}, []],
    ['up to exactly the allocation', { amountPence: 163000 }, []],
    ['on the day the PEP was approved', { date: '2025-05-01' }, []],
    ['one penny beyond the allocation', { amountPence: 163001 }, ['beyond_allocation']],
    [
      'with nothing allocated for the year',
      { financialYear: 2024, date: '2025-03-01', pepId: 'pep0', targetId: 't0' },
      ['beyond_allocation'],
    ],
    ['£0', { amountPence: 0 }, ['amount_not_positive']],
    ['a negative amount', { amountPence: -100 }, ['amount_not_positive']],
    ['fractions of a penny', { amountPence: 125.5 }, ['amount_not_whole_pence']],
    [
      'dated before the financial year',
      { date: '2025-03-31', pepId: 'pep0', targetId: 't0' },
      ['date_outside_financial_year'],
    ],
    ['dated after the financial year', { date: '2026-04-01' }, ['date_outside_financial_year']],
    [
      'dated in the future (and nothing allocated for that year yet)',
      { date: '2026-06-16', financialYear: 2026 },
      ['date_in_future', 'beyond_allocation'],
    ],
    ['on a date that does not exist', { date: '2025-09-31' }, ['date_invalid']],
    ['with no PEP', { pepId: null }, ['pep_missing']],
    ['against a PEP the VS has not approved', { pepId: 'pep2', targetId: 't9' }, ['pep_not_approved']],
    ['against another child’s PEP', { pepId: 'pep3', targetId: 'tx' }, ['pep_not_found']],
    ['dated before the PEP was approved', { date: '2025-04-30' }, ['released_before_approval']],
    ['with no target', { targetId: null }, ['target_missing']],
    ['with an empty target', { targetId: '' }, ['target_missing']],
    ['against a target of another PEP', { targetId: 't9' }, ['target_not_in_plan']],
    [
      'of PLA PP+, which the school already holds',
      { ...PLA, pepId: 'pep1' },
      ['release_not_needed', 'pep_not_found'],
    ],
  ])('%s', (_label, changes, expected) => {
    expect(codes(checkRelease({ rows, release: release(changes), plans, today: TODAY }))).toEqual(expected)
  })

  it('says what the overspend would be, in pounds', () => {
    const result = checkRelease({ rows, release: release({ amountPence: 163001 }), plans, today: TODAY })
    expect(result.kind === 'refused' && result.problems[0]).toEqual({
      code: 'beyond_allocation',
      path: 'amountPence',
      message: 'This would release £2,630.01 in total, more than the £2,630 allocated for 2025-26',
      overridable: true,
    })
  })

  it('returns the release to record when it is allowed', () => {
    const result = checkRelease({
      rows,
      release: { ...release(), extra: 'ignored' } as ReleaseRequest,
      plans,
      today: TODAY,
    })
    expect(result).toEqual({
      kind: 'ok',
      value: { ...CLA, date: '2025-09-01', amountPence: 50000, pepId: 'pep1', targetId: 't2' },
    })
  })
})

describe('issue 4: going beyond the money available needs an explicit override, with a reason', () => {
  const over = (changes: Partial<ReleaseRequest>, override: Override | null) =>
    checkRelease({
      rows,
      release: { ...CLA, date: '2025-09-01', amountPence: 200000, pepId: 'pep1', targetId: 't2', ...changes },
      plans,
      today: TODAY,
      override,
    })

  it('turns a release beyond the allocation into "allowed, with override"', () => {
    const result = over({}, { reason: '  VSH agreed extra tuition from the pooled fund  ' })
    expect(result.kind).toBe('allowed_with_override')
    if (result.kind !== 'allowed_with_override') return
    expect(result.overrideReason).toBe('VSH agreed extra tuition from the pooled fund')
    expect(result.overridden.map((p) => p.code)).toEqual(['beyond_allocation'])
    expect(result.value.amountPence).toBe(200000)
  })

  it.each<[string, Partial<ReleaseRequest>, Override | null, FundingProblemCode[]]>([
    ['no override', {}, null, ['beyond_allocation']],
    ['an override with no reason', {}, { reason: '   ' }, ['beyond_allocation', 'override_reason_missing']],
    ['never for £0', { amountPence: 0 }, { reason: 'agreed' }, ['amount_not_positive']],
    [
      'never for a missing target',
      { targetId: null },
      { reason: 'agreed' },
      ['target_missing', 'beyond_allocation'],
    ],
    [
      'never for an unapproved PEP',
      { pepId: 'pep2', targetId: 't9' },
      { reason: 'agreed' },
      ['pep_not_approved', 'beyond_allocation'],
    ],
    [
      'never for a date outside the year',
      { date: '2026-04-02' },
      { reason: 'agreed' },
      ['date_outside_financial_year', 'beyond_allocation'],
    ],
  ])('refused: %s', (_label, changes, override, expected) => {
    expect(codes(over(changes, override))).toEqual(expected)
  })

  it('an override that is not needed is not recorded as one', () => {
    expect(over({ amountPence: 1000 }, { reason: 'just in case' }).kind).toBe('ok')
  })
})

describe('DOMAIN.md PD-9: spending, against a target, within the money the school holds', () => {
  const spend = (changes: Partial<SpendRequest> = {}): SpendRequest => ({
    ...CLA,
    date: '2025-10-01',
    amountPence: 10000,
    description: 'Six sessions with a maths tutor',
    category: 'tuition',
    targetId: 't1',
    ...changes,
  })

  it.each<[string, Partial<SpendRequest>, FundingProblemCode[]]>([
    ['CLA: against a target of an approved PEP', {}, []],
    ['CLA: up to exactly the money released', { amountPence: 60000 }, []],
    ['CLA: one penny beyond the money released', { amountPence: 60001 }, ['beyond_released']],
    [
      'CLA: with nothing released for the year',
      { financialYear: 2024, date: '2025-03-01' },
      ['beyond_released'],
    ],
    ['CLA: against a target of a PEP not yet approved', { targetId: 't9' }, ['target_not_in_plan']],
    ['CLA: against another child’s target', { targetId: 'tx' }, ['target_not_in_plan']],
    ['CLA: with no target', { targetId: null }, ['target_missing']],
    ['PLA: against a support plan target', { ...PLA, targetId: 's1' }, []],
    ['PLA: up to exactly the allocation', { ...PLA, targetId: 's1', amountPence: 260000 }, []],
    [
      'PLA: one penny beyond the allocation',
      { ...PLA, targetId: 's1', amountPence: 260001 },
      ['beyond_allocation'],
    ],
    ['PLA: against a PEP target of another child', { ...PLA, targetId: 't1' }, ['target_not_in_plan']],
    [
      'PP-6: PP for a child with a social worker, against a support plan target',
      { ...PP, targetId: 'c1' },
      [],
    ],
    ['PP-6: PP with no target', { ...PP, targetId: null }, ['target_missing']],
    ['no description', { description: '  ' }, ['description_missing']],
    ['a category that is not on the list', { category: 'holiday' }, ['category_invalid']],
    ['£0', { amountPence: 0 }, ['amount_not_positive']],
    ['fractions of a penny', { amountPence: 99.99 }, ['amount_not_whole_pence']],
    ['dated in the next financial year', { date: '2026-04-01' }, ['date_outside_financial_year']],
    [
      'dated in the future (and nothing released for that year yet)',
      { date: '2026-07-01', financialYear: 2026 },
      ['date_in_future', 'beyond_released'],
    ],
  ])('%s', (_label, changes, expected) => {
    expect(codes(checkSpend({ rows, spend: spend(changes), plans, today: TODAY }))).toEqual(expected)
  })

  it.each<[string, Partial<SpendRequest>, string]>([
    [
      'CLA beyond the money released',
      { amountPence: 60001 },
      'This would bring spending to £1,000.01, more than the £1,000 released to the school for 2025-26',
    ],
    [
      'CLA with nothing released',
      { financialYear: 2024, date: '2025-03-01' },
      'The Virtual School has not released any pupil premium plus for this child for 2024-25',
    ],
    [
      'PLA beyond the allocation',
      { ...PLA, targetId: 's1', amountPence: 260001 },
      'This would bring spending to £2,630.01, more than the £2,630 allocated for 2025-26',
    ],
    [
      'a missing support plan target',
      { ...PP, targetId: null },
      'Choose the support plan target this money is for',
    ],
    ['a missing PEP target', { targetId: null }, 'Choose the PEP target this money is for'],
    [
      'a date outside the year',
      { date: '2025-03-31' },
      'The date must be in the 2025-26 financial year, from 1 April 2025 to 31 March 2026',
    ],
  ])('tells staff plainly: %s', (_label, changes, message) => {
    const result = checkSpend({ rows, spend: spend(changes), plans, today: TODAY })
    expect(result.kind === 'refused' && result.problems.map((p) => p.message)).toEqual([message])
  })

  it('records impact when given, trimmed; an empty impact is no impact', () => {
    const withImpact = checkSpend({
      rows,
      spend: spend({ impact: ' Reading age up 8 months ', description: ' Tutor ' }),
      plans,
      today: TODAY,
    })
    expect(withImpact.kind === 'ok' && [withImpact.value.impact, withImpact.value.description]).toEqual([
      'Reading age up 8 months',
      'Tutor',
    ])
    const blank = checkSpend({ rows, spend: spend({ impact: '  ' }), plans, today: TODAY })
    expect(blank.kind === 'ok' && blank.value.impact).toBeNull()
  })

  it('allows an overspend with an override, never a spend with no target', () => {
    const override = { reason: 'Head agreed to top up from the school’s PP budget' }
    const allowed = checkSpend({
      rows,
      spend: spend({ ...PLA, targetId: 's1', amountPence: 300000 }),
      plans,
      today: TODAY,
      override,
    })
    expect(allowed.kind).toBe('allowed_with_override')
    const refused = checkSpend({
      rows,
      spend: spend({ amountPence: 70000, targetId: null }),
      plans,
      today: TODAY,
      override,
    })
    expect(codes(refused)).toEqual(['target_missing', 'beyond_released'])
  })
})

describe('DOMAIN.md PD-4, PP-5, PP-6: recording an allocation', () => {
  const allocation = (changes: Partial<AllocationRequest> = {}): AllocationRequest => ({
    ...CLA,
    date: '2025-04-10',
    amountPence: 263000,
    ...changes,
  })
  const claStatus = { cla: true, pla: false, shortBreaksOnly: false, cswCurrent: false, cswEver6: false }
  const shortBreaks = { ...claStatus, shortBreaksOnly: true }

  it.each<[string, Partial<AllocationRequest>, typeof claStatus, boolean, FundingProblemCode[]]>([
    ['CLA PP+ for a looked-after child', {}, claStatus, false, []],
    ['PD-4: CLA PP+ for a child on short breaks only', {}, shortBreaks, false, ['not_eligible']],
    ['PD-4: unless the Virtual School funds short breaks', {}, shortBreaks, true, []],
    ['PLA PP+ for a child who is not PLA', { source: 'pp_plus_pla' }, claStatus, false, ['not_eligible']],
    ['£0', { amountPence: 0 }, claStatus, false, ['amount_not_positive']],
    ['fractions of a penny', { amountPence: 2630.5 }, claStatus, false, ['amount_not_whole_pence']],
    ['dated in the future', { date: '2026-06-16' }, claStatus, false, ['date_in_future']],
  ])('%s', (_label, changes, status, includeShortBreaks, expected) => {
    const result = checkAllocation({
      allocation: allocation(changes),
      status,
      options: { includeShortBreaks },
      today: TODAY,
    })
    expect(result.kind === 'refused' ? result.problems.map((p) => p.code) : []).toEqual(expected)
  })

  it('says why a child on short breaks gets no PP+ (PD-4)', () => {
    const result = checkAllocation({ allocation: allocation(), status: shortBreaks, today: TODAY })
    expect(result.kind === 'refused' && result.problems[0]!.message).toBe(
      'This child is looked after only for short breaks, so gets no pupil premium plus',
    )
  })
})
