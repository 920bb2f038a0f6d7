/**
 * A school's PP+ and pupil premium totals across its pupils, for a financial year or a school year, by
 * source and by category (DOMAIN.md GOV-4 (7), POL-26, POL-27). Totals only: no pupil id, name or free
 * text leaves this module, and `forGovernors` withholds small numbers (PD-11).
 */
import { schoolYearBounds, type IsoDate } from '../calendar/dates.js'
import type { Assert, HoldsNoFreeText } from '../reports/no-free-text.js'
import {
  DEFAULT_SUPPRESSION_THRESHOLD,
  isSmallCell,
  suppress,
  withheldNote,
  type Measure,
} from '../reports/suppression.js'
import {
  SPEND_CATEGORIES,
  SPEND_CATEGORY_LABELS,
  type SpendCategory,
  type SpendCategoryLabel,
} from './categories.js'
import { ledger, type FundingAccount, type FundingRows } from './ledger.js'
import {
  FUNDING_SOURCE_LABELS,
  FUNDING_SOURCES,
  type FundingSource,
  type FundingSourceLabel,
} from './sources.js'

/**
 * `financial_year`: the rows of that year's accounts (2025 = 2025-26). `school_year`: the rows dated in
 * that school year (2025 = 1 August 2025 to 31 July 2026), whichever financial year they belong to.
 */
export type SummaryPeriod = { kind: 'financial_year'; year: number } | { kind: 'school_year'; year: number }

const MONEY_KEYS = ['allocated', 'released', 'spent', 'available', 'unreleased'] as const
type MoneyKey = (typeof MONEY_KEYS)[number]

/** Pupils with any row in the group, and the ledger totals in pence. */
export type SummaryTotals = { pupils: number } & Record<MoneyKey, number>

export type SchoolFundingSummary = {
  period: SummaryPeriod
  totals: SummaryTotals
  bySource: Array<{ source: FundingSource; label: FundingSourceLabel } & SummaryTotals>
  byCategory: Array<{ category: SpendCategory; label: SpendCategoryLabel; pupils: number; spent: number }>
}

export type _SchoolFundingSummaryHoldsNoFreeText = Assert<HoldsNoFreeText<SchoolFundingSummary>>

export function rowsInPeriod(rows: FundingRows, period: SummaryPeriod): FundingRows {
  const inPeriod = inPeriodTest(period)
  return {
    allocations: rows.allocations.filter(inPeriod),
    releases: rows.releases.filter(inPeriod),
    spends: rows.spends.filter(inPeriod),
  }
}

function inPeriodTest(period: SummaryPeriod): (row: FundingAccount & { date: IsoDate }) => boolean {
  if (period.kind === 'financial_year') return (row) => row.financialYear === period.year
  const { start, end } = schoolYearBounds(period.year)
  return (row) => row.date >= start && row.date <= end
}

function totalsOf(rows: FundingRows): SummaryTotals {
  const { allocated, released, spent, available, unreleased } = ledger(
    rows.allocations,
    rows.releases,
    rows.spends,
  )
  const pupils = new Set([...rows.allocations, ...rows.releases, ...rows.spends].map((r) => r.pupilId)).size
  return { pupils, allocated, released, spent, available, unreleased }
}

function ofSource(rows: FundingRows, source: FundingSource): FundingRows {
  return {
    allocations: rows.allocations.filter((r) => r.source === source),
    releases: rows.releases.filter((r) => r.source === source),
    spends: rows.spends.filter((r) => r.source === source),
  }
}

/** Totals over every pupil's rows for the period; every source and category is listed, zeros included. */
export function schoolFundingSummary(rows: FundingRows, period: SummaryPeriod): SchoolFundingSummary {
  const own = rowsInPeriod(rows, period)
  return {
    period,
    totals: totalsOf(own),
    bySource: FUNDING_SOURCES.map((source) => ({
      source,
      label: FUNDING_SOURCE_LABELS[source],
      ...totalsOf(ofSource(own, source)),
    })),
    byCategory: SPEND_CATEGORIES.map((category) => {
      const spends = own.spends.filter((s) => s.category === category)
      return {
        category,
        label: SPEND_CATEGORY_LABELS[category],
        pupils: new Set(spends.map((s) => s.pupilId)).size,
        spent: ledger([], [], spends).spent,
      }
    }),
  }
}

type Withholdable<T, K extends keyof T> = Omit<T, K> & Record<K, Measure>

export type GovernorsFundingSummary = {
  period: SummaryPeriod
  /** PD-11, POL-26: how many pupils is always shown; the money only over enough pupils. */
  totals: Withholdable<SummaryTotals, MoneyKey>
  bySource: Array<Withholdable<SchoolFundingSummary['bySource'][number], MoneyKey | 'pupils'>>
  byCategory: Array<Withholdable<SchoolFundingSummary['byCategory'][number], 'spent' | 'pupils'>>
  /** Which breakdowns were withheld, to say so on the page. */
  withheld: Array<'by_source' | 'by_category'>
}

export type _GovernorsFundingSummaryHoldsNoFreeText = Assert<HoldsNoFreeText<GovernorsFundingSummary>>

/**
 * PD-11: money spent on fewer than `threshold` pupils is withheld; a breakdown with any cell of 1 to
 * threshold − 1 pupils is withheld in every row, because the total would give the hidden cell away.
 */
export function forGovernors(
  summary: SchoolFundingSummary,
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): GovernorsFundingSummary {
  const note = (): Measure => ({ withheld: withheldNote(threshold) })
  const { pupils } = summary.totals
  const totals = { pupils } as GovernorsFundingSummary['totals']
  for (const k of MONEY_KEYS) totals[k] = suppress(summary.totals[k], pupils, threshold)

  const sourcesWithheld = summary.bySource.some((r) => isSmallCell(r.pupils, threshold))
  const categoriesWithheld = summary.byCategory.some((r) => isSmallCell(r.pupils, threshold))
  const withheld: GovernorsFundingSummary['withheld'] = []
  if (sourcesWithheld) withheld.push('by_source')
  if (categoriesWithheld) withheld.push('by_category')

  return {
    period: summary.period,
    totals,
    bySource: summary.bySource.map((r) => {
      const row: GovernorsFundingSummary['bySource'][number] = { ...r }
      if (sourcesWithheld) for (const k of [...MONEY_KEYS, 'pupils'] as const) row[k] = note()
      return row
    }),
    byCategory: summary.byCategory.map((r) =>
      categoriesWithheld ? { ...r, pupils: note(), spent: note() } : { ...r },
    ),
    withheld,
  }
}
