/**
 * A pupil's cohort status on a date, derived from dated episodes (DOMAIN.md DEF-13, PD-3, PD-4, PD-15).
 * An episode's end date is the last day of that status (inclusive); an open episode has no end date.
 */
import { addYears, type IsoDate } from '../calendar/dates.js'
import { isShortBreakStatus, type EpisodeType } from './codes.js'

/** Only the current, non-superseded episodes are passed in. */
export type EpisodeFacts = {
  type: EpisodeType
  startDate: IsoDate
  endDate: IsoDate | null
  legalStatus?: string | null
  responsibleLaCode?: string | null
  route?: string | null
  arrangement?: string | null
}

export type PupilStatus = {
  on: IsoDate
  cla: boolean
  pla: boolean
  cswCurrent: boolean
  cswEver6: boolean
  kinship: boolean
  shortBreaksOnly: boolean
  responsibleLaCode: string | null
}

export const DEFAULT_EVER6_YEARS = 6

/** Open on D: start <= D and (no end, or end >= D). An empty end date counts as none. */
export function isOpenOn(e: Pick<EpisodeFacts, 'startDate' | 'endDate'>, on: IsoDate): boolean {
  return e.startDate <= on && (!e.endDate || e.endDate >= on)
}

function isCsw(e: EpisodeFacts): boolean {
  return e.type === 'CIN' || e.type === 'CP'
}

export function statusOn(
  episodes: ReadonlyArray<EpisodeFacts>,
  on: IsoDate,
  options?: { ever6Years?: number },
): PupilStatus {
  const windowStart = addYears(on, -(options?.ever6Years ?? DEFAULT_EVER6_YEARS))
  const openCla = episodes.filter((e) => e.type === 'CLA' && isOpenOn(e, on))

  // Several open CLA episodes: the latest-started one is responsible (later in the list wins a tie).
  let responsible: EpisodeFacts | null = null
  for (const e of openCla) {
    if (responsible === null || e.startDate >= responsible.startDate) responsible = e
  }

  const cla = openCla.length > 0
  return {
    on,
    cla,
    // A PLA status does not normally end, but an end date is honoured when given.
    pla: episodes.some((e) => e.type === 'PLA' && isOpenOn(e, on)),
    cswCurrent: episodes.some((e) => isCsw(e) && isOpenOn(e, on)),
    // DOMAIN.md PD-3: any CIN/CP episode overlapping [D − N years, D], both ends inclusive.
    cswEver6: episodes.some((e) => isCsw(e) && e.startDate <= on && (!e.endDate || e.endDate >= windowStart)),
    kinship: episodes.some((e) => e.type === 'KINSHIP' && isOpenOn(e, on)),
    shortBreaksOnly: cla && openCla.every((e) => isShortBreakStatus(e.legalStatus)),
    responsibleLaCode: responsible?.responsibleLaCode ?? null,
  }
}

/** DOMAIN.md PD-15: who must be notified as the child's social worker. PLA alone does not count. */
export function hasSocialWorker(s: PupilStatus): boolean {
  return s.cla || s.cswCurrent
}

export type Cohort = 'cla' | 'pla' | 'csw_current' | 'csw_ever6' | 'kinship'

export const COHORTS: ReadonlyArray<Cohort> = ['cla', 'pla', 'csw_current', 'csw_ever6', 'kinship']

export const COHORT_LABELS: Record<Cohort, string> = {
  cla: 'Looked after (CLA)',
  pla: 'Previously looked after (PLA)',
  csw_current: 'Has a social worker',
  csw_ever6: 'Had a social worker (ever-6)',
  kinship: 'Kinship care',
}

/** The cohorts the status places the pupil in, in COHORTS order. Short breaks still count as CLA (PD-4). */
export function cohortsOf(s: PupilStatus): Cohort[] {
  const flags: Record<Cohort, boolean> = {
    cla: s.cla,
    pla: s.pla,
    csw_current: s.cswCurrent,
    csw_ever6: s.cswEver6,
    kinship: s.kinship,
  }
  return COHORTS.filter((c) => flags[c])
}
