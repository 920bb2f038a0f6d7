/**
 * The governors' report (DOMAIN.md PD-11, POL-26): how many children, and aggregate measures, with
 * small numbers withheld. Built from numbers only: its type cannot hold a name, UPN, date of birth or
 * free text (see `HoldsNoFreeText` below), and later sections (PEPs, attendance, exclusions) join
 * `GovernorsSection`.
 */
import {
  COUNT_KEYS,
  COUNT_LABELS,
  countPupil,
  reportWindow,
  zeroCounts,
  type CohortCounts,
  type CountKey,
  type CountLabel,
  type CountOptions,
  type ReportPupil,
} from './cohort-counts.js'
import type { Assert, HoldsNoFreeText } from './no-free-text.js'
import { DEFAULT_SUPPRESSION_THRESHOLD, suppressBreakdown, type Measure } from './suppression.js'
import { bandOf, YEAR_GROUP_BANDS, type YearGroupBandId, type YearGroupBandLabel } from './year-groups.js'

export type GovernorsReportPupil = ReportPupil & { yearGroup: number | null }

export const COHORTS_BY_YEAR_GROUP_TITLE = 'Children in each group, by year group'

export type CohortsByYearGroupRow = { id: YearGroupBandId; label: YearGroupBandLabel } & Record<
  CountKey,
  Measure
>

export type CohortsByYearGroupSection = {
  id: 'cohorts_by_year_group'
  title: typeof COHORTS_BY_YEAR_GROUP_TITLE
  rows: CohortsByYearGroupRow[]
}

export type GovernorsSection = CohortsByYearGroupSection

/** What the report says it withheld: "Looked after (CLA) by year group". */
export type SuppressedLabel = `${CountLabel} by year group`

export type GovernorsReportData = {
  schoolYear: number
  counts: CohortCounts
  sections: GovernorsSection[]
  suppressed: SuppressedLabel[]
}

// PD-11, checked by the compiler: the report holds numbers and fixed labels, never free text.
export type _GovernorsReportHoldsNoFreeText = Assert<HoldsNoFreeText<GovernorsReportData>>

export type GovernorsReportOptions = CountOptions & { threshold?: number | undefined }

export function governorsReportData(
  pupils: ReadonlyArray<GovernorsReportPupil>,
  schoolYear: number,
  options: GovernorsReportOptions = {},
): GovernorsReportData {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD
  const counts = zeroCounts()
  const byBand = new Map<YearGroupBandId, CohortCounts>()
  const window = reportWindow(schoolYear, options.until)
  if (window) {
    for (const pupil of pupils) {
      const band = bandOf(pupil.yearGroup).id
      const bandCounts = byBand.get(band) ?? zeroCounts()
      if (!countPupil(bandCounts, pupil, window, options.ever6Years)) continue
      byBand.set(band, bandCounts)
      countPupil(counts, pupil, window, options.ever6Years)
    }
  }
  // Only the bands the school has pupils in: an empty band says nothing about a child.
  const rows = YEAR_GROUP_BANDS.filter((b) => byBand.has(b.id)).map((b) => ({
    id: b.id,
    label: b.label,
    ...byBand.get(b.id)!,
  }))
  const breakdown = suppressBreakdown(rows, COUNT_KEYS, threshold)
  return {
    schoolYear,
    counts,
    sections: [{ id: 'cohorts_by_year_group', title: COHORTS_BY_YEAR_GROUP_TITLE, rows: breakdown.rows }],
    suppressed: breakdown.withheld.map((k): SuppressedLabel => `${COUNT_LABELS[k]} by year group`),
  }
}
