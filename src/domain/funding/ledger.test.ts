import { describe, expect, it } from 'vitest'
import {
  accountLedger,
  ledger,
  type Allocation,
  type FundingAccount,
  type Release,
  type Spend,
} from './ledger.js'

const CLA: FundingAccount = { pupilId: 'p1', financialYear: 2025, source: 'pp_plus_cla' }
const PLA: FundingAccount = { pupilId: 'p2', financialYear: 2025, source: 'pp_plus_pla' }
const PP: FundingAccount = { pupilId: 'p3', financialYear: 2025, source: 'pupil_premium' }

const alloc = (account: FundingAccount, amountPence: number): Allocation => ({
  ...account,
  date: '2025-04-10',
  amountPence,
})
const release = (amountPence: number, targetId = 't1'): Release => ({
  ...CLA,
  date: '2025-05-01',
  amountPence,
  pepId: 'pep1',
  targetId,
})
const spend = (
  account: FundingAccount,
  amountPence: number,
  category: Spend['category'] = 'tuition',
  targetId = 't1',
): Spend => ({ ...account, date: '2025-06-01', amountPence, description: 'Maths tutor', category, targetId })

type Totals = [allocated: number, released: number, spent: number, available: number, unreleased: number]

describe('DOMAIN.md PD-9, PP-5: a ledger in pence', () => {
  it.each<[string, Allocation[], Release[], Spend[], Totals]>([
    ['nothing yet', [], [], [], [0, 0, 0, 0, 0]],
    [
      'PP-5: CLA allocated, nothing released: the VS holds it all',
      [alloc(CLA, 263000)],
      [],
      [],
      [263000, 0, 0, 0, 263000],
    ],
    [
      'PEP-12: CLA part released and part spent',
      [alloc(CLA, 263000)],
      [release(100000), release(50000, 't2')],
      [spend(CLA, 40000)],
      [263000, 150000, 40000, 110000, 113000],
    ],
    [
      'a top-up is a second allocation',
      [alloc(CLA, 200000), alloc(CLA, 63000)],
      [],
      [],
      [263000, 0, 0, 0, 263000],
    ],
    [
      'PD-9: PLA PP+ is held by the school from the start',
      [alloc(PLA, 263000)],
      [],
      [spend(PLA, 3000)],
      [263000, 263000, 3000, 260000, 0],
    ],
    [
      'PP-6: PP for a CSW pupil works like PLA',
      [alloc(PP, 50000)],
      [],
      [spend(PP, 12345)],
      [50000, 50000, 12345, 37655, 0],
    ],
    [
      'an overridden overspend shows as a negative balance, not hidden',
      [alloc(PLA, 10000)],
      [],
      [spend(PLA, 12000)],
      [10000, 10000, 12000, -2000, 0],
    ],
    [
      'an overridden over-release shows as negative unreleased',
      [alloc(CLA, 10000)],
      [release(15000)],
      [],
      [10000, 15000, 0, 15000, -5000],
    ],
  ])('%s', (_label, allocations, releases, spends, [allocated, released, spent, available, unreleased]) => {
    expect(ledger(allocations, releases, spends)).toMatchObject({
      allocated,
      released,
      spent,
      available,
      unreleased,
    })
  })

  it('totals spending by category, every category present', () => {
    const result = ledger(
      [alloc(PLA, 263000)],
      [],
      [spend(PLA, 1000, 'tuition'), spend(PLA, 2500, 'trips_and_enrichment'), spend(PLA, 500, 'tuition')],
    )
    expect(result.byCategory).toEqual({
      tuition: 1500,
      mentoring: 0,
      resources: 0,
      trips_and_enrichment: 2500,
      therapeutic_support: 0,
      training: 0,
      technology: 0,
      other: 0,
    })
  })

  it('POL-25: totals released and spent for each PEP target, in the order they first appear', () => {
    const result = ledger(
      [alloc(CLA, 263000)],
      [release(100000, 't1'), release(50000, 't2')],
      [
        spend(CLA, 30000, 'tuition', 't2'),
        spend(CLA, 20000, 'mentoring', 't3'),
        spend(CLA, 1000, 'other', 't1'),
      ],
    )
    expect(result.byTarget).toEqual([
      { targetId: 't1', released: 100000, spent: 1000 },
      { targetId: 't2', released: 50000, spent: 30000 },
      { targetId: 't3', released: 0, spent: 20000 },
    ])
  })

  it.each<[string, () => unknown]>([
    ['an allocation in fractions of a penny', () => ledger([alloc(CLA, 100.5)], [], [])],
    ['a release in pounds with decimals', () => ledger([], [release(26.3)], [])],
    ['a spend that is not a number', () => ledger([], [], [spend(PLA, Number.NaN)])],
  ])('rejects %s', (_label, run) => {
    expect(run).toThrow(RangeError)
  })

  it('rejects a spend with a category it does not know', () => {
    const odd = { ...spend(PLA, 100), category: 'holiday' } as unknown as Spend
    expect(() => ledger([], [], [odd])).toThrow(/Unknown spend category/)
  })

  it('accountLedger keeps to one pupil, one year and one source', () => {
    const rows = {
      allocations: [alloc(CLA, 263000), alloc({ ...CLA, financialYear: 2024 }, 257000), alloc(PLA, 263000)],
      releases: [release(1000), { ...release(9999), pupilId: 'p9' }],
      spends: [spend(CLA, 500), spend(PLA, 700)],
    }
    expect(accountLedger(rows, CLA)).toMatchObject({ allocated: 263000, released: 1000, spent: 500 })
    expect(accountLedger(rows, { ...CLA, financialYear: 2024 })).toMatchObject({
      allocated: 257000,
      released: 0,
    })
  })
})
