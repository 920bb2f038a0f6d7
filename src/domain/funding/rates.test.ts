import { describe, expect, it } from 'vitest'
import { financialYearBounds, financialYearLabel, isInFinancialYear } from './financial-year.js'
import {
  formatRate,
  PP_PLUS_SEED_RATES,
  ppPlusRate,
  ppPlusRateOn,
  rateRowProblems,
  RATE_NOT_SET,
  type PpPlusRate,
  type PpPlusRateRow,
} from './rates.js'

const seeded = [...PP_PLUS_SEED_RATES]
const with2026: PpPlusRateRow[] = [
  ...seeded,
  { financialYear: 2026, pence: 270000, source: 'entered by an administrator' },
]

describe('DOMAIN.md PD-9: the PP+ rate for a financial year, or "rate not set", never a guess', () => {
  it.each<[string, PpPlusRateRow[], number, PpPlusRate['kind'], number | null]>([
    ['2024-25 is £2,570', seeded, 2024, 'set', 257000],
    ['2025-26 is £2,630', seeded, 2025, 'set', 263000],
    ['2026-27 is not loaded, so not set (not 2025-26’s rate)', seeded, 2026, 'not_set', null],
    ['a year before the table is not set either', seeded, 2023, 'not_set', null],
    ['an empty table sets nothing', [], 2025, 'not_set', null],
    ['2026-27 once an administrator has entered it', with2026, 2026, 'set', 270000],
    ['2027-28 stays not set when 2026-27 is entered', with2026, 2027, 'not_set', null],
  ])('%s', (_label, rows, year, kind, pence) => {
    const rate = ppPlusRate(rows, year)
    expect(rate.kind).toBe(kind)
    expect(rate.kind === 'set' ? rate.pence : null).toBe(pence)
  })

  it.each<[string, PpPlusRate['kind'], number | null]>([
    ['2025-03-31', 'set', 257000], // the last day of 2024-25
    ['2025-04-01', 'set', 263000], // the first day of 2025-26
    ['2026-03-31', 'set', 263000],
    ['2026-04-01', 'not_set', null],
    ['2024-04-01', 'set', 257000],
  ])('PD-9: on %s the rate is %s %s (financial years run 1 April to 31 March)', (date, kind, pence) => {
    const rate = ppPlusRateOn(seeded, date)
    expect(rate.kind).toBe(kind)
    expect(rate.kind === 'set' ? rate.pence : null).toBe(pence)
  })

  it('keeps where each seeded rate came from', () => {
    const rate = ppPlusRate(seeded, 2025)
    expect(rate.kind === 'set' && rate.source).toMatch(/Dudley/)
    expect(seeded.map((r) => [r.financialYear, r.pence])).toEqual([
      [2024, 257000],
      [2025, 263000],
    ])
  })

  it('refuses to choose between two different rates for one year', () => {
    const rows = [...seeded, { financialYear: 2025, pence: 264000, source: 'typo' }]
    expect(() => ppPlusRate(rows, 2025)).toThrow(/Two different PP\+ rates for 2025-26/)
    expect(ppPlusRate(rows, 2024).kind).toBe('set')
  })

  it('shows "rate not set" in words, and a set rate in pounds', () => {
    expect(formatRate(ppPlusRate(seeded, 2026))).toBe('rate not set')
    expect(RATE_NOT_SET).toBe('rate not set')
    expect(formatRate(ppPlusRate(seeded, 2025))).toBe('£2,630')
  })
})

describe('PD-9: checking a rate an administrator enters', () => {
  const row = (financialYear: number, pence: number, source = 'DfE conditions of grant'): PpPlusRateRow => ({
    financialYear,
    pence,
    source,
  })
  it.each<[string, PpPlusRateRow, string[]]>([
    ['a new year with a whole-pence rate', row(2026, 270000), []],
    ['a year already in the table', row(2025, 263000), ['rate_already_set']],
    ['a rate of £0', row(2026, 0), ['amount_invalid']],
    ['a rate in fractions of a penny', row(2026, 2700.5), ['amount_invalid']],
    ['a negative rate', row(2026, -1), ['amount_invalid']],
    ['a year that is not a year', row(26.5, 270000), ['year_invalid']],
    ['a year before PP+ existed', row(2013, 190000), ['year_invalid']],
    ['no source', row(2026, 270000, '  '), ['source_missing']],
  ])('%s', (_label, input, codes) => {
    expect(rateRowProblems(input, seeded).map((p) => p.code)).toEqual(codes)
  })
})

describe('financial years, named by the year they start in', () => {
  it.each<[number, string, string, string]>([
    [2025, '2025-26', '2025-04-01', '2026-03-31'],
    [2099, '2099-00', '2099-04-01', '2100-03-31'],
    [2009, '2009-10', '2009-04-01', '2010-03-31'],
  ])('%i is %s, %s to %s', (year, label, start, end) => {
    expect(financialYearLabel(year)).toBe(label)
    expect(financialYearBounds(year)).toEqual({ start, end })
  })

  it.each<[string, number, boolean]>([
    ['2025-04-01', 2025, true],
    ['2026-03-31', 2025, true],
    ['2025-03-31', 2025, false],
    ['2026-04-01', 2025, false],
    ['2026-02-30', 2025, false],
    ['not a date', 2025, false],
  ])('%s in %i: %s', (date, year, expected) => {
    expect(isInFinancialYear(date, year)).toBe(expected)
  })
})
