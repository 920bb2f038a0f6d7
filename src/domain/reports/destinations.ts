/**
 * The report's destinations of leavers (GOV-4, POL-26): pupils whose last day on roll fell in the school
 * year, by where they went, for all leavers and each cohort. A breakdown: a column with any cell of 1 to
 * threshold − 1 leavers is withheld in every row (PD-11). A destination is one of the fixed categories of
 * cohort/leaving.ts; anything else stored is counted as not recorded, so no typed text reaches the report.
 */
import { isLeavingDestination, LEAVING_DESTINATIONS, type LeavingDestination } from '../cohort/leaving.js'
import { COHORT_KEYS, type CohortFlags, type CohortLabel } from './cohort-membership.js'
import { COUNT_LABELS, type CountKey } from './cohort-counts.js'
import { suppressBreakdown, type Measure } from './suppression.js'

export const DESTINATIONS_TITLE = 'Where leavers went'

export const NOT_RECORDED = { id: 'not_recorded', label: 'Not recorded' } as const
export type DestinationId = LeavingDestination | typeof NOT_RECORDED.id
export type DestinationLabel = (typeof LEAVING_DESTINATIONS)[LeavingDestination] | typeof NOT_RECORDED.label

/** The columns: every leaver, then each cohort (as in the counts). */
export const LEAVER_COLUMN_LABELS = {
  ...COUNT_LABELS,
  roll: 'All leavers',
} as const satisfies Record<CountKey, string>
export type LeaverColumnLabel = (typeof LEAVER_COLUMN_LABELS)[CountKey]

export type DestinationRow = { id: DestinationId; label: DestinationLabel } & Record<CountKey, Measure>

export type DestinationsSection = {
  id: 'destinations'
  title: typeof DESTINATIONS_TITLE
  /** Leavers in the year, and in each cohort: counts, always shown. */
  leavers: Record<CountKey, number>
  rows: DestinationRow[]
}

export type DestinationsSuppressed = `Where leavers went: ${LeaverColumnLabel | CohortLabel}`

export function destinationsSection(
  leavers: ReadonlyArray<{ destination: string | null; cohorts: CohortFlags }>,
  threshold: number,
): { section: DestinationsSection; suppressed: DestinationsSuppressed[] } {
  const zero = (): Record<CountKey, number> => ({
    roll: 0,
    cla: 0,
    pla: 0,
    cswCurrent: 0,
    cswEver6: 0,
    kinship: 0,
  })
  const totals = zero()
  const byDestination = new Map<DestinationId, Record<CountKey, number>>()
  for (const leaver of leavers) {
    const id: DestinationId = isLeavingDestination(leaver.destination) ? leaver.destination : NOT_RECORDED.id
    const cells = byDestination.get(id) ?? zero()
    byDestination.set(id, cells)
    for (const counts of [cells, totals]) {
      counts.roll++
      for (const c of COHORT_KEYS) if (leaver.cohorts[c]) counts[c]++
    }
  }
  const order: DestinationId[] = [
    ...(Object.keys(LEAVING_DESTINATIONS) as LeavingDestination[]),
    NOT_RECORDED.id,
  ]
  const rows = order
    .filter((id) => byDestination.has(id))
    .map((id) => ({
      id,
      label: id === NOT_RECORDED.id ? NOT_RECORDED.label : LEAVING_DESTINATIONS[id],
      ...byDestination.get(id)!,
    }))
  const breakdown = suppressBreakdown(rows, ['roll', ...COHORT_KEYS] as const, threshold)
  return {
    section: { id: 'destinations', title: DESTINATIONS_TITLE, leavers: totals, rows: breakdown.rows },
    suppressed: breakdown.withheld.map(
      (k): DestinationsSuppressed => `Where leavers went: ${LEAVER_COLUMN_LABELS[k]}`,
    ),
  }
}
