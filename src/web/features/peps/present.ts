import { formatPence } from '../../../domain/funding/money.js'
import type { PepScheduleStatus } from '../../../domain/pep/schedule.js'
import type { RubricLevel } from '../../../domain/pep/workflow.js'
import { NOT_RATED, type PepDashboardRow } from '../../../services/pep-dashboard.service.js'
import { pepUrl, ratingTag, statusBadge } from '../pupils/peps/present.js'

/** The schedule's statuses in the order the dashboard shows them, with the words and colours of their tags. */
export const SCHEDULE_TAGS: ReadonlyArray<{ value: PepScheduleStatus; text: string; colour: string }> = [
  { value: 'overdue', text: 'Overdue', colour: 'red' },
  { value: 'due_soon', text: 'Due soon', colour: 'yellow' },
  { value: 'ok', text: 'On track', colour: 'green' },
  { value: 'not_required', text: 'Not required', colour: 'grey' },
]

export const isScheduleStatus = (s: string): s is PepScheduleStatus =>
  SCHEDULE_TAGS.some((t) => t.value === s)

const tagOf = (status: PepScheduleStatus) => SCHEDULE_TAGS.find((t) => t.value === status)!

export type DashboardQuery = {
  school?: string | undefined
  status?: string | undefined
  rating?: string | undefined
}

/** `/peps` with these filters, empty ones left out. */
export function dashboardUrl(query: DashboardQuery): string {
  const params = new URLSearchParams()
  for (const key of ['school', 'status', 'rating'] as const) {
    const value = query[key]
    if (value) params.set(key, value)
  }
  const search = params.toString()
  return search ? `/peps?${search}` : '/peps'
}

/** The choices of the rating filter: the rubric's levels, then the children whose PEPs no one has rated. */
export function ratingOptions(rubric: ReadonlyArray<RubricLevel>) {
  return [
    ...rubric.map((l) => ({ value: l.value, text: ratingTag(l.value, rubric)!.text })),
    { value: NOT_RATED, text: 'Not rated yet' },
  ]
}

/** What the table shows for one child. */
export function presentRow(row: PepDashboardRow, rubric: ReadonlyArray<RubricLevel>) {
  const latest = row.latestPep
  return {
    pupilId: row.pupilId,
    name: row.name,
    yearGroup: row.yearGroup,
    schoolName: row.schoolName,
    tag: tagOf(row.status),
    nextDue: row.nextDue,
    reason: row.reason,
    rating: ratingTag(row.lastRating, rubric),
    latest: latest
      ? {
          url: pepUrl(row.pupilId, latest.id),
          meetingDate: latest.meetingDate,
          // The dashboard's latest PEP is always a PEP, never a PLA support plan.
          badge: statusBadge({ status: latest.status, kind: 'pep', parentsConsentToVs: false }),
        }
      : null,
    ppPlus: {
      available: formatPence(row.ppPlus.available),
      allocated: row.ppPlus.allocated ? formatPence(row.ppPlus.allocated) : null,
    },
  }
}

/** The summary cards: how many children are in each status, each a link to those children. */
export function summaryCards(counts: Record<PepScheduleStatus, number>, query: DashboardQuery) {
  return SCHEDULE_TAGS.map((t) => ({
    ...t,
    count: counts[t.value],
    href: dashboardUrl({ school: query.school, status: t.value }),
  }))
}

/** The MOJ filter's "Selected filters": each a link to the same page without it. */
export function selectedFilters(
  query: DashboardQuery,
  names: { school?: string | undefined; rating?: string | undefined },
) {
  const without = (key: keyof DashboardQuery) => dashboardUrl({ ...query, [key]: undefined })
  const categories = [
    query.school ? { heading: 'School', text: names.school ?? query.school, href: without('school') } : null,
    query.status && isScheduleStatus(query.status)
      ? { heading: 'PEP status', text: tagOf(query.status).text, href: without('status') }
      : null,
    query.rating
      ? { heading: 'Last quality rating', text: names.rating ?? query.rating, href: without('rating') }
      : null,
  ].filter((c) => c !== null)
  if (categories.length === 0) return undefined
  return {
    heading: { text: 'Selected filters' },
    clearLink: { text: 'Clear filters', href: '/peps' },
    categories: categories.map((c) => ({
      heading: { text: c.heading },
      items: [{ href: c.href, text: c.text }],
    })),
  }
}
