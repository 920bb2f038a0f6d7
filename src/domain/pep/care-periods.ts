/**
 * Periods of care and the part of one in which a PEP is needed (DOMAIN.md PEP-2, PEP-3, PEP-9, PD-4, DEF-13).
 *
 * A period of care is a run of CLA episodes with no day between them: an episode that starts on or before
 * the day after the previous one ended (DEF-13: the end date is the last day looked after) continues the
 * period, so a change of legal status or of responsible LA does not restart anything. A child who leaves
 * care and later returns "begins to be looked after" again: the new period needs a new care plan and so a
 * new initial PEP within 10 working days (PEP-2, SI 2010/959 reg 4(2)) and a first review within 20
 * working days (PEP-3, reg 33(1)). The statutory clock restarts, and PEPs from the earlier period count for
 * nothing in the new one.
 */
import { addDays, addYears, ageOn, maxIso, type IsoDate } from '../calendar/dates.js'
import { isShortBreakStatus } from '../cohort/codes.js'
import type { EpisodeFacts } from '../cohort/status.js'
import { PEP_MAXIMUM_AGE } from './settings.js'

export type CarePeriod = { start: IsoDate; end: IsoDate | null }

/** PD-4: short-break episodes (V3, V4) are left out unless the Virtual School includes them. */
export function pepEpisodes(
  episodes: ReadonlyArray<EpisodeFacts>,
  includeShortBreaks: boolean,
): EpisodeFacts[] {
  return episodes.filter(
    (e) => e.type === 'CLA' && (includeShortBreaks || !isShortBreakStatus(e.legalStatus)),
  )
}

export function periodsOfCare(episodes: ReadonlyArray<EpisodeFacts>): CarePeriod[] {
  const sorted = [...episodes].sort((a, b) => a.startDate.localeCompare(b.startDate))
  const periods: CarePeriod[] = []
  for (const e of sorted) {
    const end = e.endDate || null
    const last = periods.at(-1)
    if (last && (last.end === null || e.startDate <= addDays(last.end, 1))) {
      if (last.end !== null && (end === null || end > last.end)) last.end = end
    } else {
      periods.push({ start: e.startDate, end })
    }
  }
  return periods
}

export function periodOn(periods: ReadonlyArray<CarePeriod>, on: IsoDate): CarePeriod | null {
  return periods.find((p) => p.start <= on && (p.end === null || on <= p.end)) ?? null
}

/** The day the child reaches `years` (ageOn's rule: a 29 February birthday falls on 1 March). */
export function birthday(dateOfBirth: IsoDate, years: number): IsoDate {
  const d = addYears(dateOfBirth, years)
  return ageOn(dateOfBirth, d) >= years ? d : addDays(d, 1)
}

/**
 * The days of a period of care on which a PEP is needed (PEP-9): from the later of the start and the
 * minimum-age birthday, to the earlier of the end and the day before the 18th birthday. Null when none.
 */
export type PepWindow = {
  start: IsoDate
  end: IsoDate
  /** True when the child reached the minimum age while already looked after. */
  startsAtBirthday: boolean
}

export function pepWindow(period: CarePeriod, dateOfBirth: IsoDate, minimumAge: number): PepWindow | null {
  const from = birthday(dateOfBirth, minimumAge)
  const lastDay = addDays(birthday(dateOfBirth, PEP_MAXIMUM_AGE), -1)
  const start = maxIso(period.start, from)
  const end = period.end === null || period.end > lastDay ? lastDay : period.end
  if (end < start) return null
  return { start, end, startsAtBirthday: start > period.start }
}

export function within(d: IsoDate, w: { start: IsoDate; end: IsoDate | null }): boolean {
  return w.start <= d && (w.end === null || d <= w.end)
}
