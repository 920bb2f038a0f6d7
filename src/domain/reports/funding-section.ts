/**
 * The report's PP+ section (GOV-4 (7), POL-27, PD-9): what was received and spent in the school year, by
 * source and by category, from the school's funding summary for governors (small numbers already
 * withheld there), and how many spend items have their impact recorded.
 */
import type { GovernorsFundingSummary } from '../funding/school-summary.js'
import type { SectionStatus } from './attendance-comparison.js'
import { measureOver, withheldOver } from './measures.js'
import type { Measure } from './suppression.js'

export const FUNDING_TITLE = 'Pupil premium plus (PP+) and pupil premium'
export const FUNDING_SUPPRESSED = {
  totals: 'PP+ and pupil premium totals',
  by_source: 'PP+ and pupil premium by source',
  by_category: 'PP+ and pupil premium spent by category',
  impact: 'Impact of PP+ and pupil premium spending',
} as const
export type FundingSuppressed = (typeof FUNDING_SUPPRESSED)[keyof typeof FUNDING_SUPPRESSED]

/** Spend items dated in the year, those with their impact recorded, and the pupils they were for. */
export type ImpactFacts = { spendItems: number; withImpact: number; pupils: number }

export type FundingSection = {
  id: 'funding'
  title: typeof FUNDING_TITLE
  status: SectionStatus
  summary: GovernorsFundingSummary
  impact: { pupils: number; spendItems: Measure | null; withImpact: Measure | null }
}

export function fundingSection(
  summary: GovernorsFundingSummary,
  impact: ImpactFacts,
  threshold: number,
): { section: FundingSection; suppressed: FundingSuppressed[] } {
  const suppressed: FundingSuppressed[] = []
  const { pupils } = summary.totals
  if (withheldOver(pupils, threshold)) suppressed.push(FUNDING_SUPPRESSED.totals)
  for (const w of summary.withheld) suppressed.push(FUNDING_SUPPRESSED[w])
  if (withheldOver(impact.pupils, threshold)) suppressed.push(FUNDING_SUPPRESSED.impact)
  return {
    section: {
      id: 'funding',
      title: FUNDING_TITLE,
      status: pupils > 0 ? 'reported' : 'no_data_yet',
      summary,
      impact: {
        pupils: impact.pupils,
        spendItems: measureOver(impact.spendItems, impact.pupils, threshold),
        withImpact: measureOver(impact.withImpact, impact.pupils, threshold),
      },
    },
    suppressed,
  }
}
