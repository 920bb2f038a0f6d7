/**
 * Which cohorts each pupil was in during a school year (DOMAIN.md PD-11: on roll at any time in the year,
 * and in the cohort on any of those days), so that a measure can be compared between a cohort and all
 * other pupils on roll.
 */
import {
  COUNT_LABELS,
  cohortsDuring,
  daysOnRoll,
  type CohortKey,
  type DateRange,
  type ReportPupil,
} from './cohort-counts.js'

export const COHORT_KEYS = [
  'cla',
  'pla',
  'cswCurrent',
  'cswEver6',
  'kinship',
] as const satisfies ReadonlyArray<CohortKey>

export type CohortFlags = Record<CohortKey, boolean>
export type CohortLabel = (typeof COUNT_LABELS)[CohortKey]

export const cohortLabel = (cohort: CohortKey): CohortLabel => COUNT_LABELS[cohort]

/** The cohorts the pupil was in on at least one of their days on roll in `window`; null when never on roll. */
export function cohortsInYear(
  pupil: ReportPupil,
  window: DateRange,
  ever6Years?: number,
): CohortFlags | null {
  const days = daysOnRoll(pupil, window)
  return days ? cohortsDuring(pupil.episodes, days, ever6Years) : null
}

/** A cohort's measure beside the same measure for every other pupil on roll (PD-11 "against peers"). */
export type Compared<M> = { cohort: CohortKey; label: CohortLabel; group: M; others: M }

/**
 * For each cohort, `measure` over its pupils and over every other pupil on roll. Each pupil's facts are
 * measured once per side, so a measure sees whole pupils, never a share of one.
 */
export function compareByCohort<T, M>(
  pupils: ReadonlyArray<{ cohorts: CohortFlags; facts: T }>,
  measure: (facts: T[]) => M,
): Array<Compared<M>> {
  return COHORT_KEYS.map((cohort) => {
    const group: T[] = []
    const others: T[] = []
    for (const p of pupils) (p.cohorts[cohort] ? group : others).push(p.facts)
    return { cohort, label: cohortLabel(cohort), group: measure(group), others: measure(others) }
  })
}
