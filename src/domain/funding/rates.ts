/**
 * Pupil premium plus rates per financial year (DOMAIN.md PD-9): a dated table, one row per year. A year
 * with no row is "rate not set", never a guess from an earlier year.
 */
import { financialYearOf, type IsoDate } from '../calendar/dates.js'
import { financialYearLabel } from './financial-year.js'
import { formatPence, isWholePence } from './money.js'

export type PpPlusRateRow = { financialYear: number; pence: number; source: string }

/** The rows the first migration seeds (DOMAIN.md §5 table and PD-9); later years come from an administrator. */
export const PP_PLUS_SEED_RATES: ReadonlyArray<Readonly<PpPlusRateRow>> = [
  {
    financialYear: 2024,
    pence: 257_000,
    source: 'DfE rate for 2024-25, from Knowsley’s school copy of the DfE table (DOMAIN.md §5, PD-9)',
  },
  {
    financialYear: 2025,
    pence: 263_000,
    source: 'DfE rate for 2025-26, from Dudley Virtual School’s copy of the DfE table (DOMAIN.md §5, PD-9)',
  },
]

export type PpPlusRate = { kind: 'set'; pence: number; source: string } | { kind: 'not_set' }

export const RATE_NOT_SET = 'rate not set'

/**
 * The rate for a financial year (2025 = 2025-26). Throws when the table holds two different rates for the
 * year: which one is right is for an administrator to settle, not for Harbour to pick.
 */
export function ppPlusRate(rates: ReadonlyArray<PpPlusRateRow>, financialYear: number): PpPlusRate {
  const rows = rates.filter((r) => r.financialYear === financialYear)
  const first = rows[0]
  if (!first) return { kind: 'not_set' }
  if (rows.some((r) => r.pence !== first.pence)) {
    throw new RangeError(`Two different PP+ rates for ${financialYearLabel(financialYear)}`)
  }
  return { kind: 'set', pence: first.pence, source: first.source }
}

/** The rate for the financial year that `d` falls in. */
export function ppPlusRateOn(rates: ReadonlyArray<PpPlusRateRow>, d: IsoDate): PpPlusRate {
  return ppPlusRate(rates, financialYearOf(d))
}

/** "£2,630", or "rate not set". */
export function formatRate(rate: PpPlusRate): string {
  return rate.kind === 'set' ? formatPence(rate.pence) : RATE_NOT_SET
}

export type RateRowProblem = {
  code: 'year_invalid' | 'amount_invalid' | 'source_missing' | 'rate_already_set'
  path: 'financialYear' | 'pence' | 'source'
  message: string
}

// PP+ began in 2014-15; anything far outside these years is a typing mistake.
const FIRST_YEAR = 2014
const LAST_YEAR = 2100

/** What is wrong with a rate an administrator enters (PD-9: "later years are entered by an administrator"). */
export function rateRowProblems(
  row: PpPlusRateRow,
  existing: ReadonlyArray<PpPlusRateRow>,
): RateRowProblem[] {
  const problems: RateRowProblem[] = []
  const yearValid =
    Number.isInteger(row.financialYear) && row.financialYear >= FIRST_YEAR && row.financialYear <= LAST_YEAR
  if (!yearValid) {
    problems.push({
      code: 'year_invalid',
      path: 'financialYear',
      message: `Enter a financial year from ${FIRST_YEAR} onwards, like 2026 for 2026-27`,
    })
  } else if (existing.some((r) => r.financialYear === row.financialYear)) {
    problems.push({
      code: 'rate_already_set',
      path: 'financialYear',
      message: `The rate for ${financialYearLabel(row.financialYear)} is already set`,
    })
  }
  if (!isWholePence(row.pence) || row.pence <= 0) {
    problems.push({ code: 'amount_invalid', path: 'pence', message: 'Enter the rate in pounds, like £2,630' })
  }
  if (row.source.trim() === '') {
    problems.push({
      code: 'source_missing',
      path: 'source',
      message: 'Enter where the rate comes from, like the DfE conditions of grant',
    })
  }
  return problems
}
