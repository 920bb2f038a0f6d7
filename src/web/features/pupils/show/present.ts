import { formatDate } from '../../../../domain/calendar/dates.js'
import {
  CIN_CATEGORY_LABELS,
  CLA_LEGAL_STATUSES,
  CP_CATEGORY_LABELS,
  EPISODE_TYPE_LABELS,
  KINSHIP_ARRANGEMENT_LABELS,
  PLA_ROUTE_LABELS,
  type EpisodeType,
} from '../../../../domain/cohort/codes.js'
import {
  groupPlacementChanges,
  type PlacementChangeKind,
} from '../../../../domain/cohort/placement-changes.js'
import { COHORT_LABELS, cohortsOf, type PupilStatus } from '../../../../domain/cohort/status.js'
import type { TaskState } from '../../../../services/tasks.service.js'

export type EpisodeLike = {
  id: string
  type: EpisodeType
  startDate: string
  endDate: string | null
  legalStatus: string | null
  responsibleLaCode: string | null
  route: string | null
  arrangement: string | null
  cinCategory: string | null
  cpCategory: string | null
  evidence: { document?: string; seenOn?: string; seenBy?: string } | null
  note: string | null
  /** The reader may not see this plan's child protection details (DESIGN.md access layer 3). */
  restricted?: boolean
}

export const RESTRICTED_DETAILS = 'Details restricted to the designated safeguarding lead'

type Row = { key: string; value: string }

const label = (labels: Record<string, string>, code: string | null): string | null =>
  code === null ? null : (labels[code] ?? code)

export function periodOf(e: { startDate: string; endDate: string | null }): string {
  return e.endDate
    ? `${formatDate(e.startDate)} to ${formatDate(e.endDate)}`
    : `since ${formatDate(e.startDate)}`
}

/** The facts of one episode as summary-list rows, in the words a designated teacher uses. */
export function episodeDetails(e: EpisodeLike, laNames: Map<string, string>): Row[] {
  const rows: Row[] = []
  switch (e.type) {
    case 'CLA': {
      const status = CLA_LEGAL_STATUSES.find((s) => s.code === e.legalStatus)
      rows.push({
        key: 'Legal status',
        value: status ? `${status.code}: ${status.description}` : (e.legalStatus ?? 'Not recorded'),
      })
      if (status?.shortBreak) rows.push({ key: 'Short breaks', value: 'Yes (DOMAIN.md PD-4)' })
      const la = e.responsibleLaCode
      const name = la ? laNames.get(la) : undefined
      rows.push({
        key: 'Looked after by',
        value: la ? (name ? `${name} (${la})` : `${la} (not in Harbour’s list of local authorities)`) : '',
      })
      break
    }
    case 'PLA': {
      rows.push({ key: 'Date of the order', value: formatDate(e.startDate) })
      rows.push({ key: 'Route', value: label(PLA_ROUTE_LABELS, e.route) ?? 'Not recorded' })
      const ev = e.evidence
      const seen = [
        ev?.document,
        ev?.seenOn ? `seen on ${formatDate(ev.seenOn)}` : null,
        ev?.seenBy ? `by ${ev.seenBy}` : null,
      ].filter(Boolean)
      rows.push({ key: 'Evidence seen', value: seen.length ? seen.join(', ') : 'Not recorded' })
      break
    }
    case 'KINSHIP':
      rows.push({
        key: 'Arrangement',
        value: label(KINSHIP_ARRANGEMENT_LABELS, e.arrangement) ?? 'Not recorded',
      })
      break
    case 'CIN':
      rows.push({
        key: 'Category of need',
        value: e.cinCategory
          ? `${e.cinCategory}: ${label(CIN_CATEGORY_LABELS, e.cinCategory)}`
          : 'Not recorded',
      })
      break
    case 'CP':
      rows.push({
        key: 'Category of abuse',
        value: e.restricted
          ? RESTRICTED_DETAILS
          : (label(CP_CATEGORY_LABELS, e.cpCategory) ?? 'Not recorded'),
      })
      break
  }
  if (e.note) rows.push({ key: 'Note', value: e.note })
  return rows
}

export type PlacementChangeLike = {
  id: string
  changedOn: string
  kind: PlacementChangeKind
  note: string | null
}

const CHANGED_ON: Record<PlacementChangeKind, string> = {
  placement: 'Placement changed on',
  school: 'School changed on',
}

/** Newest first, like the timeline: "Placement changed on 3 March 2025". */
function describeChanges(changes: readonly PlacementChangeLike[]) {
  return [...changes].reverse().map((c) => ({
    id: c.id,
    changedOn: c.changedOn,
    text: `${CHANGED_ON[c.kind]} ${formatDate(c.changedOn)}`,
    note: c.note,
  }))
}

/**
 * The current episodes, newest first. A CLA episode lists the changes of placement or school whose
 * date it covers, whichever row they were recorded against (a correction keeps them).
 */
export function timelineOf(
  current: EpisodeLike[],
  laNames: Map<string, string>,
  placementChanges: readonly PlacementChangeLike[] = [],
) {
  const { byEpisode } = groupPlacementChanges(current, placementChanges)
  return [...current]
    .sort((a, b) => b.startDate.localeCompare(a.startDate))
    .map((e) => ({
      id: e.id,
      isCla: e.type === 'CLA',
      typeLabel: EPISODE_TYPE_LABELS[e.type],
      period: periodOf(e),
      periodHeading: e.endDate ? periodOf(e) : `Since ${formatDate(e.startDate)}`,
      startDate: e.startDate,
      details: episodeDetails(e, laNames),
      placementChanges: describeChanges(byEpisode.get(e.id) ?? []),
    }))
}

/** Changes no current CLA episode covers (its episode was withdrawn, or corrected to other dates). */
export function placementChangesOutside(
  current: EpisodeLike[],
  placementChanges: readonly PlacementChangeLike[],
) {
  return describeChanges(groupPlacementChanges(current, placementChanges).outside)
}

type HistoryRow = EpisodeLike & {
  supersededById: string | null
  withdrawn: string | null
  correctionReason: string | null
  recordedAt: Date
  recordedByName: string | null
}

/** Every row ever recorded, newest first, saying which is current, which was replaced and which withdrawn. */
export function historyOf(history: HistoryRow[], laNames: Map<string, string>) {
  const byId = new Map(history.map((e) => [e.id, e]))
  return [...history]
    .sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime())
    .map((e) => {
      const next = e.supersededById ? byId.get(e.supersededById) : undefined
      const state = e.withdrawn
        ? 'Withdrawn'
        : next
          ? next.withdrawn
            ? 'Replaced by a withdrawal'
            : 'Replaced by a correction'
          : 'Current'
      return {
        typeLabel: EPISODE_TYPE_LABELS[e.type],
        period: periodOf(e),
        details: episodeDetails(e, laNames)
          .map((r) => `${r.key}: ${r.value}`)
          .join('; '),
        state,
        stateColour: state === 'Current' ? 'green' : state === 'Withdrawn' ? 'red' : 'grey',
        withdrawnReason: e.withdrawn,
        correctionReason: e.correctionReason,
        recordedBy: e.recordedByName ?? 'Harbour (imported or system)',
        recordedAt: e.recordedAt,
      }
    })
}

const COHORT_COLOURS: Record<string, string> = {
  cla: 'blue',
  pla: 'purple',
  csw_current: 'red',
  csw_ever6: 'grey',
  kinship: 'green',
}

export function cohortTags(status: PupilStatus) {
  const tags = cohortsOf(status).map((c) => ({ text: COHORT_LABELS[c], colour: COHORT_COLOURS[c] }))
  if (status.shortBreaksOnly) tags.push({ text: 'Short breaks', colour: 'yellow' })
  return tags
}

export const TASK_TAGS: Record<TaskState, { text: string; colour: string }> = {
  late: { text: 'Late', colour: 'red' },
  due_today: { text: 'Due today', colour: 'orange' },
  due: { text: 'Due', colour: 'blue' },
  done: { text: 'Done', colour: 'green' },
}
