/**
 * The report's progress section (GOV-4 (3), POL-26): progress where Harbour records it as data, which is
 * the reviews of PEP targets (met, partly met, not met) at the PEPs held in the school year. Attainment
 * against peers is not held as data (a PEP's attainment is free text, which never enters this report:
 * PD-11), so it says "no data yet".
 */
import { measureOver, withheldOver } from './measures.js'
import type { SectionStatus } from './attendance-comparison.js'
import type { Measure } from './suppression.js'

export const PROGRESS_TITLE = 'Progress'
export const TARGET_REVIEWS_LABEL = 'Progress against PEP targets'

export const TARGET_OUTCOME_LABELS = { met: 'Met', partly_met: 'Partly met', not_met: 'Not met' } as const
export type TargetOutcomeId = keyof typeof TARGET_OUTCOME_LABELS

export type ProgressSection = {
  id: 'progress'
  title: typeof PROGRESS_TITLE
  /** Harbour holds no attainment data to compare with peers. */
  attainment: 'no_data_yet'
  targets: {
    status: SectionStatus
    /** Pupils with a PEP target reviewed in the year: a count, always shown. */
    pupils: number
    rows: Array<{
      id: TargetOutcomeId
      label: (typeof TARGET_OUTCOME_LABELS)[TargetOutcomeId]
      targets: Measure | null
    }>
  }
}

/** `reviews`: per pupil, the outcomes of the target reviews recorded at their PEPs held in the year. */
export function progressSection(
  reviews: ReadonlyArray<ReadonlyArray<TargetOutcomeId>>,
  threshold: number,
): { section: ProgressSection; suppressed: Array<typeof TARGET_REVIEWS_LABEL> } {
  const reviewed = reviews.filter((r) => r.length > 0)
  const all = reviewed.flat()
  return {
    section: {
      id: 'progress',
      title: PROGRESS_TITLE,
      attainment: 'no_data_yet',
      targets: {
        status: all.length > 0 ? 'reported' : 'no_data_yet',
        pupils: reviewed.length,
        rows: (Object.keys(TARGET_OUTCOME_LABELS) as TargetOutcomeId[]).map((id) => ({
          id,
          label: TARGET_OUTCOME_LABELS[id],
          targets: measureOver(all.filter((o) => o === id).length, reviewed.length, threshold),
        })),
      },
    },
    suppressed: withheldOver(reviewed.length, threshold) ? [TARGET_REVIEWS_LABEL] : [],
  }
}
