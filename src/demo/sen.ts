/**
 * SEN provision for the demo pupils (DEMO.md "Cohort shares"): SEN support (`K`) and EHCPs (`E`) at
 * the all-pupil rates, higher within the cohorts, with the other pupils' rate lowered so the school's
 * overall share stays at the published one.
 */
import type { CohortFacts } from './episodes.js'
import type { DemoPupil } from './pupils.js'
import type { Rng } from './random.js'
import type { Phase } from './spec.js'

export const SEN_RATES: Record<Phase, { support: number; ehcp: number }> = {
  primary: { support: 0.15, ehcp: 0.032 },
  secondary: { support: 0.135, ehcp: 0.03 },
}

/** Rates within a cohort. CLA, CIN and CP are published; PLA, kinship and ever-6 only are guesses [U]. */
function cohortRates(f: CohortFacts): { support: number; ehcp: number } | null {
  if (f.cla) return { support: 0.27, ehcp: 0.21 }
  if (f.cpCurrent) return { support: 0.29, ehcp: 0.05 }
  if (f.cinCurrent) return { support: 0.21, ehcp: 0.1 }
  if (f.pla) return { support: 0.24, ehcp: 0.1 }
  if (f.kinship || f.ever6) return { support: 0.2, ehcp: 0.06 }
  return null
}

export function assignSen(
  rng: Rng,
  phase: Phase,
  pupils: ReadonlyArray<DemoPupil>,
  facts: ReadonlyMap<string, CohortFacts>,
): void {
  const base = SEN_RATES[phase]
  let cohortSupport = 0
  let cohortEhcp = 0
  let others = 0
  for (const p of pupils) {
    const f = facts.get(p.id)
    const r = f ? cohortRates(f) : null
    if (r) {
      cohortSupport += r.support
      cohortEhcp += r.ehcp
    } else others++
  }
  const rest = {
    support: others > 0 ? Math.max(0, (base.support * pupils.length - cohortSupport) / others) : 0,
    ehcp: others > 0 ? Math.max(0, (base.ehcp * pupils.length - cohortEhcp) / others) : 0,
  }
  for (const p of pupils) {
    const f = facts.get(p.id)
    const r = (f ? cohortRates(f) : null) ?? rest
    const x = rng.next()
    p.senProvision = x < r.ehcp ? 'E' : x < r.ehcp + r.support ? 'K' : 'N'
  }
}
