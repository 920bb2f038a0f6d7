/**
 * The report's suspensions section (GOV-4 (5), POL-26): for each cohort against all other pupils on roll,
 * how many pupils were suspended at least once in the school year, that as a share of the group, the
 * school days lost to suspension (EX-2: a lunchtime is half a day), and how many were permanently excluded.
 * Cancelled suspensions are not counted.
 */
import { compareByCohort, type CohortFlags, type CohortLabel, type Compared } from './cohort-membership.js'
import { measureOver, percentOf, withheldOver } from './measures.js'
import type { SectionStatus } from './attendance-comparison.js'
import type { Measure } from './suppression.js'

export const SUSPENSIONS_TITLE = 'Suspensions and permanent exclusions'

/** One pupil's active suspensions in the year. */
export type PupilSuspensionFacts = { suspensions: number; halfDays: number; permanentExclusions: number }

export const NO_SUSPENSIONS: PupilSuspensionFacts = { suspensions: 0, halfDays: 0, permanentExclusions: 0 }

export type SuspensionMeasures = {
  /** Pupils on roll in the group: a count, always shown. */
  pupils: number
  suspendedPupils: Measure | null
  suspendedPercent: Measure | null
  /** School days lost to suspension, to the half day. */
  daysLost: Measure | null
  permanentlyExcludedPupils: Measure | null
}

export type SuspensionsSection = {
  id: 'suspensions'
  title: typeof SUSPENSIONS_TITLE
  status: SectionStatus
  rows: Array<Compared<SuspensionMeasures>>
}

export type SuspensionsSuppressed =
  `Suspensions: ${CohortLabel}` | `Suspensions: all other pupils (compared with ${CohortLabel})`

function measures(pupils: ReadonlyArray<PupilSuspensionFacts>, threshold: number): SuspensionMeasures {
  const suspended = pupils.filter((p) => p.suspensions > 0).length
  const halfDays = pupils.reduce((sum, p) => sum + p.halfDays, 0)
  const excluded = pupils.filter((p) => p.permanentExclusions > 0).length
  const over = (value: number | null) => measureOver(value, pupils.length, threshold)
  return {
    pupils: pupils.length,
    suspendedPupils: over(suspended),
    suspendedPercent: over(percentOf(suspended, pupils.length)),
    daysLost: over(halfDays / 2),
    permanentlyExcludedPupils: over(excluded),
  }
}

/**
 * `pupils`: every pupil on roll in the year with their cohorts and suspensions. `recorded`: whether the
 * school has any suspension in Harbour at all; until it has, the section says "no data yet" rather than
 * showing zeros that may not be true.
 */
export function suspensionsSection(
  pupils: ReadonlyArray<{ cohorts: CohortFlags; facts: PupilSuspensionFacts }>,
  recorded: boolean,
  threshold: number,
): { section: SuspensionsSection; suppressed: SuspensionsSuppressed[] } {
  if (!recorded)
    return {
      section: { id: 'suspensions', title: SUSPENSIONS_TITLE, status: 'no_data_yet', rows: [] },
      suppressed: [],
    }
  const rows = compareByCohort(pupils, (facts) => measures(facts, threshold))
  const suppressed: SuspensionsSuppressed[] = []
  for (const r of rows) {
    if (withheldOver(r.group.pupils, threshold)) suppressed.push(`Suspensions: ${r.label}`)
    if (withheldOver(r.others.pupils, threshold))
      suppressed.push(`Suspensions: all other pupils (compared with ${r.label})`)
  }
  return { section: { id: 'suspensions', title: SUSPENSIONS_TITLE, status: 'reported', rows }, suppressed }
}
