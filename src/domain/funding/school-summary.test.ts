import { describe, expect, it } from 'vitest'
import type { SpendCategory } from './categories.js'
import type { Allocation, FundingRows, Release, Spend } from './ledger.js'
import { forGovernors, schoolFundingSummary, type SummaryPeriod } from './school-summary.js'
import type { FundingSource } from './sources.js'

const WITHHELD = { withheld: 'fewer than 3 pupils' }

const allocation = (
  pupilId: string,
  source: FundingSource,
  amountPence: number,
  date = '2025-04-10',
): Allocation => ({
  pupilId,
  financialYear: Number(date.slice(0, 4)) - (date.slice(5) < '04' ? 1 : 0),
  source,
  date,
  amountPence,
})
const release = (pupilId: string, amountPence: number, date = '2025-05-10'): Release => ({
  ...allocation(pupilId, 'pp_plus_cla', amountPence, date),
  pepId: `pep-${pupilId}`,
  targetId: `t-${pupilId}`,
})
const spend = (
  pupilId: string,
  source: FundingSource,
  amountPence: number,
  category: SpendCategory,
  date = '2025-06-10',
): Spend => ({
  ...allocation(pupilId, source, amountPence, date),
  description: `Free text about pupil-${pupilId}`,
  category,
  targetId: `t-${pupilId}`,
  impact: `Impact for pupil-${pupilId}`,
})

// Three CLA (the VS has released some), three PLA, one CSW pupil funded from PP.
const rows: FundingRows = {
  allocations: [
    allocation('pupil-1', 'pp_plus_cla', 263000),
    allocation('pupil-2', 'pp_plus_cla', 263000),
    allocation('pupil-3', 'pp_plus_cla', 263000),
    allocation('pupil-4', 'pp_plus_pla', 263000),
    allocation('pupil-5', 'pp_plus_pla', 263000),
    allocation('pupil-6', 'pp_plus_pla', 263000),
    allocation('pupil-7', 'pupil_premium', 50000),
    allocation('pupil-1', 'pp_plus_cla', 270000, '2026-04-10'), // next financial year
  ],
  releases: [release('pupil-1', 100000), release('pupil-2', 100000), release('pupil-3', 50000, '2025-09-10')],
  spends: [
    spend('pupil-1', 'pp_plus_cla', 40000, 'tuition'),
    spend('pupil-2', 'pp_plus_cla', 30000, 'tuition', '2025-09-01'),
    spend('pupil-4', 'pp_plus_pla', 20000, 'tuition', '2026-02-01'),
    spend('pupil-5', 'pp_plus_pla', 10000, 'mentoring'),
    spend('pupil-7', 'pupil_premium', 5000, 'trips_and_enrichment', '2026-05-01'),
  ],
}

describe('DOMAIN.md GOV-4 (7), POL-27: a school’s PP+ totals across pupils', () => {
  it.each<[string, SummaryPeriod, number, number, number, number]>([
    // allocated: 6 × £2,630 + £500; released: CLA releases + PLA and PP allocations (held by the school).
    [
      'financial year 2025-26: that year’s accounts',
      { kind: 'financial_year', year: 2025 },
      7,
      1628000,
      1089000,
      100000,
    ],
    // Dated 1 August 2025 to 31 July 2026: the 2026-27 allocation, one release and three spends (5 pupils).
    [
      'school year 2025 to 2026: rows dated in it',
      { kind: 'school_year', year: 2025 },
      5,
      270000,
      50000,
      55000,
    ],
    ['school year 2024 to 2025', { kind: 'school_year', year: 2024 }, 7, 1628000, 1039000, 50000],
    ['a year with nothing recorded', { kind: 'financial_year', year: 2023 }, 0, 0, 0, 0],
  ])('%s', (_label, period, pupils, allocated, released, spent) => {
    const { totals } = schoolFundingSummary(rows, period)
    expect(totals).toMatchObject({ pupils, allocated, released, spent, available: released - spent })
  })

  it('gives totals for each source, every source listed', () => {
    const { bySource } = schoolFundingSummary(rows, { kind: 'financial_year', year: 2025 })
    expect(bySource.map((r) => [r.source, r.pupils, r.allocated, r.released, r.spent, r.unreleased])).toEqual(
      [
        ['pp_plus_cla', 3, 789000, 250000, 70000, 539000],
        ['pp_plus_pla', 3, 789000, 789000, 30000, 0],
        ['pupil_premium', 1, 50000, 50000, 0, 0],
      ],
    )
    expect(bySource[2]!.label).toBe('Pupil premium (has or had a social worker)')
  })

  it('gives spending by category, with how many pupils each served', () => {
    const { byCategory } = schoolFundingSummary(rows, { kind: 'financial_year', year: 2025 })
    expect(byCategory.filter((r) => r.spent > 0)).toEqual([
      { category: 'tuition', label: 'Tuition', pupils: 3, spent: 90000 },
      { category: 'mentoring', label: 'Mentoring', pupils: 1, spent: 10000 },
    ])
    expect(byCategory).toHaveLength(8)
  })

  it('PD-11: holds no pupil id, description or impact note', () => {
    const text = JSON.stringify(schoolFundingSummary(rows, { kind: 'financial_year', year: 2025 }))
    expect(text).not.toMatch(/pupil-|Free text|Impact for|pep-|t-pupil/)
  })
})

const twoPupilRows: FundingRows = {
  allocations: [
    allocation('x', 'pp_plus_pla', 263000, '2026-09-01'),
    allocation('y', 'pp_plus_pla', 263000, '2026-09-01'),
  ],
  releases: [],
  spends: [spend('x', 'pp_plus_pla', 1000, 'tuition', '2026-10-01')],
}

describe('DOMAIN.md PD-11: for governors, money over fewer than 3 pupils is withheld', () => {
  const fy2025 = schoolFundingSummary(rows, { kind: 'financial_year', year: 2025 })

  it('shows the totals over 7 pupils', () => {
    expect(forGovernors(fy2025).totals).toEqual({ ...fy2025.totals })
  })

  it('withholds every source’s figures when one source has 1 or 2 pupils, but never the count of pupils', () => {
    const result = forGovernors(fy2025)
    expect(result.withheld).toEqual(['by_source', 'by_category'])
    expect(result.totals.pupils).toBe(7)
    for (const row of result.bySource) {
      expect([row.pupils, row.allocated, row.spent]).toEqual([WITHHELD, WITHHELD, WITHHELD])
    }
    expect(result.byCategory.every((r) => JSON.stringify(r.spent) === JSON.stringify(WITHHELD))).toBe(true)
  })

  it.each<[string, FundingRows, SummaryPeriod, number | undefined, boolean]>([
    [
      '2 pupils in the year: money withheld',
      twoPupilRows,
      { kind: 'school_year', year: 2026 },
      undefined,
      true,
    ],
    ['5 pupils in the year: shown', rows, { kind: 'school_year', year: 2025 }, undefined, false],
    ['5 pupils, school threshold 6: withheld', rows, { kind: 'school_year', year: 2025 }, 6, true],
    ['no pupils at all: withheld', rows, { kind: 'financial_year', year: 2023 }, undefined, true],
  ])('%s', (_label, input, period, threshold, withheld) => {
    const result = forGovernors(schoolFundingSummary(input, period), threshold)
    expect(typeof result.totals.spent === 'object').toBe(withheld)
    expect(typeof result.totals.pupils).toBe('number')
  })

  it('shows a breakdown with no small cells: empty categories identify nobody', () => {
    const even: FundingRows = {
      allocations: ['a', 'b', 'c'].map((p) => allocation(p, 'pp_plus_pla', 263000)),
      releases: [],
      spends: ['a', 'b', 'c'].map((p) => spend(p, 'pp_plus_pla', 1000, 'tuition')),
    }
    const result = forGovernors(schoolFundingSummary(even, { kind: 'financial_year', year: 2025 }))
    expect(result.withheld).toEqual([])
    expect(result.byCategory[0]).toEqual({ category: 'tuition', label: 'Tuition', pupils: 3, spent: 3000 })
    expect(result.bySource.map((r) => r.pupils)).toEqual([0, 3, 0])
  })
})
