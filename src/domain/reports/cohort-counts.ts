/**
 * How many pupils were in each cohort during a school year (DOMAIN.md PD-11): numbers only.
 * A cohort counts the pupils on roll at any time in the school year who were in it on any of
 * those days, so a child who left in October and a child who joined in May both count.
 */
import { addYears, maxIso, minIso, schoolYearBounds, type IsoDate } from '../calendar/dates.js'
import { DEFAULT_EVER6_YEARS, type EpisodeFacts } from '../cohort/status.js'

/** What a report needs of a pupil. Anything else a caller passes (a name, say) is never read. */
export type ReportPupil = {
  /** The current (not superseded, not withdrawn) episodes. */
  episodes: ReadonlyArray<Pick<EpisodeFacts, 'type' | 'startDate' | 'endDate'>>
  /** The first day on roll; null when not recorded (on roll since before Harbour knew). */
  onRollFrom: IsoDate | null
  /** The last day on roll; null while still on roll. */
  onRollTo: IsoDate | null
}

export const COUNT_KEYS = ['roll', 'cla', 'pla', 'cswCurrent', 'cswEver6', 'kinship'] as const
export type CountKey = (typeof COUNT_KEYS)[number]
export type CohortKey = Exclude<CountKey, 'roll'>
export type CohortCounts = Record<CountKey, number>

/** Fixed labels for the counts (the cohort ones as the register shows them). */
export const COUNT_LABELS = {
  roll: 'On roll',
  cla: 'Looked after (CLA)',
  pla: 'Previously looked after (PLA)',
  cswCurrent: 'Has a social worker',
  cswEver6: 'Had a social worker (ever-6)',
  kinship: 'Kinship care',
} as const satisfies Record<CountKey, string>
export type CountLabel = (typeof COUNT_LABELS)[CountKey]

export type DateRange = { from: IsoDate; to: IsoDate }

export type CountOptions = {
  /**
   * The last day that has happened: days after it are not counted yet (today, for the current school
   * year). Without it the whole school year counts.
   */
  until?: IsoDate | undefined
  ever6Years?: number | undefined
}

/** The days of the school year a report covers: 1 August to 31 July (CAL-6), cut at `until`. */
export function reportWindow(schoolYear: number, until?: IsoDate): DateRange | null {
  const { start, end } = schoolYearBounds(schoolYear)
  const to = until === undefined ? end : minIso(end, until)
  return to < start ? null : { from: start, to }
}

/** The days of `window` the pupil was on roll, or null when none. */
export function daysOnRoll(pupil: Pick<ReportPupil, 'onRollFrom' | 'onRollTo'>, window: DateRange) {
  const from = pupil.onRollFrom ? maxIso(window.from, pupil.onRollFrom) : window.from
  const to = pupil.onRollTo ? minIso(window.to, pupil.onRollTo) : window.to
  return from <= to ? { from, to } : null
}

type Episode = ReportPupil['episodes'][number]

const overlaps = (e: Episode, days: DateRange) =>
  e.startDate <= days.to && (!e.endDate || e.endDate >= days.from)
const isCsw = (e: Episode) => e.type === 'CIN' || e.type === 'CP'

/**
 * The cohorts a pupil was in on at least one day of `days` (both ends inclusive), by the same rules
 * as `statusOn` for one day (DEF-13, PD-3): an episode's end date is its last day.
 */
export function cohortsDuring(
  episodes: ReportPupil['episodes'],
  days: DateRange,
  ever6Years = DEFAULT_EVER6_YEARS,
): Record<CohortKey, boolean> {
  return {
    cla: episodes.some((e) => e.type === 'CLA' && overlaps(e, days)),
    pla: episodes.some((e) => e.type === 'PLA' && overlaps(e, days)),
    cswCurrent: episodes.some((e) => isCsw(e) && overlaps(e, days)),
    // PD-3 on a day D: a CIN/CP episode started by D that ended no earlier than D − N years. The
    // earliest day of `days` the episode has started is the easiest day to meet the second half.
    cswEver6: episodes.some((e) => {
      if (!isCsw(e) || e.startDate > days.to) return false
      const first = maxIso(days.from, e.startDate)
      return !e.endDate || e.endDate >= addYears(first, -ever6Years)
    }),
    kinship: episodes.some((e) => e.type === 'KINSHIP' && overlaps(e, days)),
  }
}

export const zeroCounts = (): CohortCounts => ({
  roll: 0,
  cla: 0,
  pla: 0,
  cswCurrent: 0,
  cswEver6: 0,
  kinship: 0,
})

/** Adds one pupil's cohorts to `counts` when they were on roll in `window`; true when they were. */
export function countPupil(
  counts: CohortCounts,
  pupil: ReportPupil,
  window: DateRange,
  ever6Years?: number,
): boolean {
  const days = daysOnRoll(pupil, window)
  if (!days) return false
  counts.roll++
  const cohorts = cohortsDuring(pupil.episodes, days, ever6Years)
  for (const key of COUNT_KEYS) if (key !== 'roll' && cohorts[key]) counts[key]++
  return true
}

/** DOMAIN.md PD-11: pupils on roll in the school year, and how many of them were in each cohort. */
export function cohortCounts(
  pupils: ReadonlyArray<ReportPupil>,
  schoolYear: number,
  options: CountOptions = {},
): CohortCounts {
  const counts = zeroCounts()
  const window = reportWindow(schoolYear, options.until)
  if (!window) return counts
  for (const pupil of pupils) countPupil(counts, pupil, window, options.ever6Years)
  return counts
}
