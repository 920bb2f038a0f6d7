/**
 * Changes of placement or school during a looked after episode. DOMAIN.md PEP-7 and PD-1: each one
 * starts a PEP review clock, so its date must be a real day within the episode, and not in the future.
 * Paths are API field names.
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import type { Problem } from './episode-rules.js'

export const PLACEMENT_CHANGE_KINDS = ['placement', 'school'] as const
export type PlacementChangeKind = (typeof PLACEMENT_CHANGE_KINDS)[number]

export const PLACEMENT_CHANGE_KIND_LABELS: Record<PlacementChangeKind, string> = {
  placement: 'A change of placement (where the child lives)',
  school: 'A change of school',
}

export function isPlacementChangeKind(v: unknown): v is PlacementChangeKind {
  return typeof v === 'string' && (PLACEMENT_CHANGE_KINDS as readonly string[]).includes(v)
}

export function kindProblem(kind: unknown): Problem | null {
  return isPlacementChangeKind(kind)
    ? null
    : { path: 'kind', message: 'Choose whether the placement or the school changed' }
}

type Period = { startDate: IsoDate; endDate: IsoDate | null }

export function checkPlacementChange(
  input: { changedOn: string | null | undefined; kind: unknown },
  episode: Period,
  today: IsoDate,
): Problem[] {
  const errors: Problem[] = []
  const kind = kindProblem(input.kind)
  if (kind) errors.push(kind)
  const on = input.changedOn
  if (on === null || on === undefined || on === '') {
    errors.push({ path: 'changedOn', message: 'Enter the date of the change' })
  } else if (!isIsoDate(on)) {
    errors.push({ path: 'changedOn', message: 'The date of the change must be a real date' })
  } else if (on < episode.startDate) {
    errors.push({
      path: 'changedOn',
      message: `The date of the change must be on or after the day the child became looked after, ${formatDate(episode.startDate)}`,
    })
  } else if (episode.endDate !== null && on > episode.endDate) {
    errors.push({
      path: 'changedOn',
      message: `The date of the change must be on or before the last day the child was looked after, ${formatDate(episode.endDate)}`,
    })
  } else if (on > today) {
    errors.push({ path: 'changedOn', message: 'The date of the change must be today or in the past' })
  }
  return errors
}

export function isWithin(on: IsoDate, period: Period): boolean {
  return on >= period.startDate && (period.endDate === null || on <= period.endDate)
}

/**
 * Puts each change under the current CLA episode whose dates contain it. Changes belong to the pupil,
 * not to one episode row, so a correction of the episode keeps them; where episodes overlap, the one
 * that started later wins. A change no current episode covers (after a withdrawal, or a correction that
 * moved the dates) is returned in `outside`, so it is never silently lost.
 */
export function groupPlacementChanges<C extends { changedOn: IsoDate }>(
  episodes: ReadonlyArray<Period & { id: string; type: string }>,
  changes: readonly C[],
): { byEpisode: Map<string, C[]>; outside: C[] } {
  const cla = episodes.filter((e) => e.type === 'CLA').sort((a, b) => b.startDate.localeCompare(a.startDate))
  const byEpisode = new Map<string, C[]>(cla.map((e) => [e.id, []]))
  const outside: C[] = []
  for (const change of changes) {
    const home = cla.find((e) => isWithin(change.changedOn, e))
    if (home) byEpisode.get(home.id)!.push(change)
    else outside.push(change)
  }
  return { byEpisode, outside }
}
