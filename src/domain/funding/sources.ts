/**
 * Where the money comes from, who holds it and what its spending must serve (DOMAIN.md PP-5, PP-6, PD-4,
 * PD-9, POL-25):
 * - `pp_plus_cla`: PP+ for a looked-after child, held by the Virtual School Head and released to the school
 *   against targets of an approved PEP;
 * - `pp_plus_pla`: PP+ for a previously looked-after child, held by the school, spent against support plan
 *   targets;
 * - `pupil_premium`: the school's pupil premium used for a child who has or had a social worker but is not
 *   eligible for PP+ (PP-6: "This is PP, not PP+"), recorded the same way as PLA.
 */
import type { PupilStatus } from '../cohort/status.js'

export const FUNDING_SOURCES = ['pp_plus_cla', 'pp_plus_pla', 'pupil_premium'] as const

export type FundingSource = (typeof FUNDING_SOURCES)[number]

export const FUNDING_SOURCE_LABELS = {
  pp_plus_cla: 'Pupil premium plus (looked after)',
  pp_plus_pla: 'Pupil premium plus (previously looked after)',
  pupil_premium: 'Pupil premium (has or had a social worker)',
} as const satisfies Record<FundingSource, string>

export type FundingSourceLabel = (typeof FUNDING_SOURCE_LABELS)[FundingSource]

export type FundHolder = 'virtual_school' | 'school'

/** The kind of plan whose targets the money must serve. */
export type PlanKind = 'pep' | 'support_plan'

export function isFundingSource(value: unknown): value is FundingSource {
  return typeof value === 'string' && (FUNDING_SOURCES as ReadonlyArray<string>).includes(value)
}

/** PP-5: CLA PP+ must be managed by the VSH; PLA PP+ and PP are paid to the school (PD-9). */
export function holderOf(source: FundingSource): FundHolder {
  return source === 'pp_plus_cla' ? 'virtual_school' : 'school'
}

/** Only money the Virtual School holds is released to the school; the school already holds the rest. */
export function needsRelease(source: FundingSource): boolean {
  return holderOf(source) === 'virtual_school'
}

/** PD-9: a spend item links to a PEP target (CLA) or a support plan target (PLA, and PP used the same way). */
export function planKindFor(source: FundingSource): PlanKind {
  return source === 'pp_plus_cla' ? 'pep' : 'support_plan'
}

export type FundingSourceOptions = {
  /** PD-4: a Virtual School may choose to fund short breaks; off by default. */
  includeShortBreaks?: boolean
}

/**
 * The sources that can fund this pupil, given their status on the date that matters (for CLA PP+ usually
 * the allocation date). PD-4: a child looked after only under short breaks (V3/V4) gets no CLA PP+ by
 * default. Pupil premium for a child with a social worker is only for a child without PP+ (PP-6).
 */
export function fundingSourcesFor(
  status: Pick<PupilStatus, 'cla' | 'pla' | 'shortBreaksOnly' | 'cswCurrent' | 'cswEver6'>,
  options: FundingSourceOptions = {},
): FundingSource[] {
  const sources: FundingSource[] = []
  if (status.cla && (!status.shortBreaksOnly || options.includeShortBreaks === true))
    sources.push('pp_plus_cla')
  if (status.pla) sources.push('pp_plus_pla')
  if (sources.length === 0 && (status.cswCurrent || status.cswEver6)) sources.push('pupil_premium')
  return sources
}
