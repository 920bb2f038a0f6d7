/**
 * The governors' report (DOMAIN.md PD-11, POL-26, POL-27, GOV-4): how many children, and aggregate
 * measures, with small numbers withheld. Built from numbers only: its type cannot hold a name, UPN, date
 * of birth or free text (see `HoldsNoFreeText` below). Each section is built in a module of its own; this
 * one counts the cohorts, breaks them down by year group and puts the sections together.
 */
import type { TreatmentCounts } from '../attendance/statistics.js'
import type { GovernorsFundingSummary } from '../funding/school-summary.js'
import {
  attendanceSection,
  type AttendanceSection,
  type AttendanceSuppressed,
} from './attendance-comparison.js'
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
  type DateRange,
  type ReportPupil,
} from './cohort-counts.js'
import { cohortsInYear, type CohortFlags } from './cohort-membership.js'
import { destinationsSection, type DestinationsSection, type DestinationsSuppressed } from './destinations.js'
import {
  fundingSection,
  type FundingSection,
  type FundingSuppressed,
  type ImpactFacts,
} from './funding-section.js'
import { governanceSection, type GovernanceFacts, type GovernanceSection } from './governance-section.js'
import type { Assert, HoldsNoFreeText } from './no-free-text.js'
import {
  pepComplianceSection,
  type PEP_RATINGS_LABEL,
  type PEP_TIMELINESS_LABEL,
  type PepComplianceSection,
  type PepOutcome,
} from './pep-compliance.js'
import {
  progressSection,
  type ProgressSection,
  type TARGET_REVIEWS_LABEL,
  type TargetOutcomeId,
} from './progress.js'
import {
  NO_SUSPENSIONS,
  suspensionsSection,
  type PupilSuspensionFacts,
  type SuspensionsSection,
  type SuspensionsSuppressed,
} from './suspension-comparison.js'
import { DEFAULT_SUPPRESSION_THRESHOLD, suppressBreakdown, type Measure } from './suppression.js'
import { bandOf, YEAR_GROUP_BANDS, type YearGroupBandId, type YearGroupBandLabel } from './year-groups.js'

/** What the report needs of one pupil: never a name, UPN or date of birth, nor any text. */
export type GovernorsReportPupil = ReportPupil & {
  yearGroup: number | null
  /** Sessions in the year by treatment (ATT-7); none when the pupil has no marks. */
  attendance?: TreatmentCounts | undefined
  /** Active suspensions in the year. */
  suspensions?: PupilSuspensionFacts | undefined
  /** Where the pupil went, when they left in the year: a LEAVING_DESTINATIONS key, or anything else. */
  leavingDestination?: string | null | undefined
  /** For a child looked after in the year: how each PEP due in the year turned out. */
  pepOutcomes?: ReadonlyArray<PepOutcome> | undefined
  /** The quality ratings of the pupil's PEPs approved in the year. */
  pepRatings?: ReadonlyArray<string> | undefined
  /** The outcomes of PEP target reviews recorded at the pupil's PEPs held in the year. */
  targetReviews?: ReadonlyArray<TargetOutcomeId> | undefined
}

/** What the report needs of the school as a whole, beside its pupils. */
export type SchoolFacts = {
  /** Whether the school has recorded any suspension in Harbour, in any year. */
  suspensionsRecorded: boolean
  funding: GovernorsFundingSummary
  impact: ImpactFacts
  governance: GovernanceFacts
}

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

export type GovernorsSection =
  | CohortsByYearGroupSection
  | GovernanceSection
  | PepComplianceSection
  | AttendanceSection
  | SuspensionsSection
  | ProgressSection
  | FundingSection
  | DestinationsSection

export type GovernorsSectionId = GovernorsSection['id']

/** What the report says it withheld: "Looked after (CLA) by year group", "Attendance: Kinship care". */
export type SuppressedLabel =
  | `${CountLabel} by year group`
  | typeof PEP_TIMELINESS_LABEL
  | typeof PEP_RATINGS_LABEL
  | AttendanceSuppressed
  | SuspensionsSuppressed
  | typeof TARGET_REVIEWS_LABEL
  | FundingSuppressed
  | DestinationsSuppressed

export type GovernorsReportData = {
  schoolYear: number
  counts: CohortCounts
  sections: GovernorsSection[]
  suppressed: SuppressedLabel[]
}

// PD-11, checked by the compiler: the report holds numbers and fixed labels, never free text.
export type _GovernorsReportHoldsNoFreeText = Assert<HoldsNoFreeText<GovernorsReportData>>

export type GovernorsReportOptions = CountOptions & {
  threshold?: number | undefined
  /** Without them, the report is the counts and their breakdown by year group only. */
  school?: SchoolFacts | undefined
}

/** The section with this id, typed as that section. */
export function sectionOf<I extends GovernorsSectionId>(
  report: Pick<GovernorsReportData, 'sections'>,
  id: I,
): Extract<GovernorsSection, { id: I }> | undefined {
  return report.sections.find((s): s is Extract<GovernorsSection, { id: I }> => s.id === id)
}

export function governorsReportData(
  pupils: ReadonlyArray<GovernorsReportPupil>,
  schoolYear: number,
  options: GovernorsReportOptions = {},
): GovernorsReportData {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD
  const window = reportWindow(schoolYear, options.until)
  const onRoll: Array<{ pupil: GovernorsReportPupil; cohorts: CohortFlags }> = []
  if (window)
    for (const pupil of pupils) {
      const cohorts = cohortsInYear(pupil, window, options.ever6Years)
      if (cohorts) onRoll.push({ pupil, cohorts })
    }
  const byYearGroup = cohortsByYearGroup(onRoll, window, threshold, options.ever6Years)
  const report: GovernorsReportData = {
    schoolYear,
    counts: byYearGroup.counts,
    sections: [byYearGroup.section],
    suppressed: [...byYearGroup.suppressed],
  }
  if (options.school && window) addOutcomes(report, onRoll, window, options.school, threshold)
  return report
}

function cohortsByYearGroup(
  onRoll: ReadonlyArray<{ pupil: GovernorsReportPupil }>,
  window: DateRange | null,
  threshold: number,
  ever6Years: number | undefined,
) {
  const counts = zeroCounts()
  const byBand = new Map<YearGroupBandId, CohortCounts>()
  if (window)
    for (const { pupil } of onRoll) {
      const band = bandOf(pupil.yearGroup).id
      const bandCounts = byBand.get(band) ?? zeroCounts()
      countPupil(bandCounts, pupil, window, ever6Years)
      byBand.set(band, bandCounts)
      countPupil(counts, pupil, window, ever6Years)
    }
  // Only the bands the school has pupils in: an empty band says nothing about a child.
  const rows = YEAR_GROUP_BANDS.filter((b) => byBand.has(b.id)).map((b) => ({
    id: b.id,
    label: b.label,
    ...byBand.get(b.id)!,
  }))
  const breakdown = suppressBreakdown(rows, COUNT_KEYS, threshold)
  const section: CohortsByYearGroupSection = {
    id: 'cohorts_by_year_group',
    title: COHORTS_BY_YEAR_GROUP_TITLE,
    rows: breakdown.rows,
  }
  return {
    counts,
    section,
    suppressed: breakdown.withheld.map((k): SuppressedLabel => `${COUNT_LABELS[k]} by year group`),
  }
}

/** Section 1's roles and training, then section 2's outcomes (POL-27), in the order of GOV-4. */
function addOutcomes(
  report: GovernorsReportData,
  onRoll: ReadonlyArray<{ pupil: GovernorsReportPupil; cohorts: CohortFlags }>,
  window: DateRange,
  school: SchoolFacts,
  threshold: number,
): void {
  const empty: TreatmentCounts = { present: 0, authorised: 0, unauthorised: 0, notCounted: 0 }
  const leftInYear = (p: GovernorsReportPupil) =>
    p.onRollTo !== null && p.onRollTo >= window.from && p.onRollTo <= window.to
  const built = [
    { section: governanceSection(school.governance, window.to), suppressed: [] },
    pepComplianceSection(
      {
        outcomes: onRoll.filter((p) => p.cohorts.cla).map((p) => p.pupil.pepOutcomes ?? []),
        ratings: onRoll.map((p) => p.pupil.pepRatings ?? []),
      },
      threshold,
    ),
    attendanceSection(
      onRoll.map((p) => ({ cohorts: p.cohorts, facts: p.pupil.attendance ?? empty })),
      threshold,
    ),
    suspensionsSection(
      onRoll.map((p) => ({ cohorts: p.cohorts, facts: p.pupil.suspensions ?? NO_SUSPENSIONS })),
      school.suspensionsRecorded,
      threshold,
    ),
    progressSection(
      onRoll.map((p) => p.pupil.targetReviews ?? []),
      threshold,
    ),
    fundingSection(school.funding, school.impact, threshold),
    destinationsSection(
      onRoll
        .filter((p) => leftInYear(p.pupil))
        .map((p) => ({ destination: p.pupil.leavingDestination ?? null, cohorts: p.cohorts })),
      threshold,
    ),
  ] as const
  for (const { section, suppressed } of built) {
    report.sections.push(section)
    report.suppressed.push(...suppressed)
  }
}
