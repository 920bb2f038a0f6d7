/**
 * Why no PEP is needed on a date (DOMAIN.md PD-18: not looked after, short breaks only by default (PD-4),
 * outside the ages in PEP-9). One plain sentence for the Designated Teacher.
 */
import { formatDate, type IsoDate } from '../calendar/dates.js'
import { isOpenOn, statusOn, type EpisodeFacts } from '../cohort/status.js'
import { birthday, periodOn, periodsOfCare, type CarePeriod } from './care-periods.js'
import { PEP_MAXIMUM_AGE } from './settings.js'

function lastPeriodBefore(periods: ReadonlyArray<CarePeriod>, on: IsoDate): CarePeriod | null {
  const ended = periods.filter((p) => p.end !== null && p.end < on)
  return ended.at(-1) ?? null
}

/** Not looked after in a way that needs a PEP on `on`. */
export function notLookedAfterReason(episodes: ReadonlyArray<EpisodeFacts>, on: IsoDate): string {
  const day = formatDate(on)
  const status = statusOn(episodes, on)
  if (status.shortBreaksOnly) {
    return `Looked after on ${day} under short breaks only (legal status V3 or V4), so the Virtual School does not need a PEP (PD-4).`
  }
  const cla = episodes.filter((e) => e.type === 'CLA').sort((a, b) => a.startDate.localeCompare(b.startDate))
  const periods = periodsOfCare(cla)
  const left = lastPeriodBefore(periods, on)
  if (left !== null && periodOn(periods, on) === null) {
    const pla = episodes.some((e) => e.type === 'PLA' && isOpenOn(e, on))
    const next = cla.find((e) => e.startDate > on)
    const after = pla
      ? ' and is now previously looked after: there is no PEP, though the school may keep a support plan'
      : ''
    const returns = next ? ` A PEP will be needed again from ${formatDate(next.startDate)}.` : ''
    return `Left care (last looked after on ${formatDate(left.end!)})${after}, so no PEP is needed on ${day} (PD-18).${returns}`
  }
  const starts = cla.find((e) => e.startDate > on)
  const future = starts ? ` The child becomes looked after on ${formatDate(starts.startDate)}.` : ''
  return `Not looked after on ${day}, so no PEP is needed (PD-18).${future}`
}

/** Looked after on `on` but outside the ages in PEP-9. */
export function outsideAgesReason(dateOfBirth: IsoDate, minimumAge: number, on: IsoDate): string {
  const day = formatDate(on)
  const from = birthday(dateOfBirth, minimumAge)
  if (on < from) {
    return `Under ${minimumAge} on ${day}: PEPs start at age ${minimumAge} (PEP-9). A PEP will be needed from ${formatDate(from)} if the child is still looked after.`
  }
  return `Aged ${PEP_MAXIMUM_AGE} or over on ${day}: PEPs end at ${PEP_MAXIMUM_AGE}, and the pathway plan carries on (PEP-9).`
}
