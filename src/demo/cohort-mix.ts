/**
 * The mix of the demo cohorts: shares from DEMO.md and code frequencies for the SSDA903 legal
 * statuses (CL-1), PLA routes (PD-5), CIN categories (DEF-12) and CP categories.
 */
import type { ClaLegalStatus, CinCategory, CpCategory, PlaRoute } from '../domain/cohort/codes.js'
import type { Rng } from './random.js'
import type { Phase } from './spec.js'

/** DEMO.md "Cohort shares", by phase. CIN is the point-in-time share with its uplift. */
export const COHORT_RATES: Record<
  Phase,
  { cla: number; pla: number; cin: number; cp: number; ever6: number; kinship: number }
> = {
  primary: { cla: 0.004, pla: 0.008, cin: 0.012, cp: 0.003, ever6: 0.1, kinship: 0.011 },
  secondary: { cla: 0.006, pla: 0.0075, cin: 0.013, cp: 0.003, ever6: 0.105, kinship: 0.013 },
}

// Short breaks (V3/V4) are added one at a time by buildCohorts: CLA statistics leave them out (CL-3).
export const CLA_STATUSES: ReadonlyArray<readonly [ClaLegalStatus, number]> = [
  ['C2', 0.65], ['C1', 0.13], ['V2', 0.14], ['E1', 0.08],
] // prettier-ignore
export const OTHER_LAS = ['937', '873'] // in the local_authority table
export const UNLISTED_LA = '301' // not in the table: Harbour accepts it with a warning (PD-14)
export const PLA_ROUTES: ReadonlyArray<readonly [PlaRoute, number]> = [
  ['adoption', 0.51], ['sgo', 0.37], ['cao', 0.11], ['adopted_abroad', 0.01],
] // prettier-ignore
// England's children in need census: abuse or neglect is the main need for over half.
export const CIN_CATEGORIES: ReadonlyArray<readonly [CinCategory, number]> = [
  ['N1', 0.57], ['N2', 0.1], ['N3', 0.03], ['N4', 0.08], ['N5', 0.14], ['N6', 0.03], ['N7', 0.005], ['N8', 0.045],
] // prettier-ignore
export const CP_CATEGORIES: ReadonlyArray<readonly [CpCategory, number]> = [
  ['neglect', 0.48], ['emotional_abuse', 0.36], ['physical_abuse', 0.06], ['sexual_abuse', 0.04], ['multiple', 0.06],
] // prettier-ignore
export const PLACEMENT_NOTES = [
  'Moved to a new foster placement',
  'Planned move to long-term foster carers',
  'Moved to a placement nearer to school',
  'Moved from residential care to foster care',
  'Placement moved to an independent fostering agency',
]
export const PLA_DOCUMENTS: Record<PlaRoute, string> = {
  adoption: 'Adoption order',
  sgo: 'Special guardianship order',
  cao: 'Child arrangements order',
  adopted_abroad: 'Overseas adoption certificate',
}
/** CL-4: the reason the CLA episode ceased, for the note on a PLA child's earlier episode. */
export const LEFT_CARE: Record<Exclude<PlaRoute, 'adopted_abroad'>, ReadonlyArray<string>> = {
  adoption: ['E11 adopted, application unopposed', 'E12 adopted, consent dispensed with'],
  sgo: ['E45 special guardianship to former foster carers who are relatives or friends', 'E47 special guardianship to relatives or friends'],
  cao: ['E41 child arrangements order'],
} // prettier-ignore

/**
 * A count drawn around `n × p` (DEMO.md: "draw counts at random around them"). A small expected
 * count may come out as 0; a larger one stays within a quarter of the expected count.
 */
export function drawCount(rng: Rng, n: number, p: number): number {
  const expected = n * p
  const k = rng.binomial(n, p)
  if (expected < 2) return k
  return Math.min(Math.round(expected * 1.25), Math.max(Math.round(expected * 0.75), k))
}
