import type {
  CohortColumn,
  CohortMeasures,
  SchoolAttendanceOverview,
} from '../../../services/attendance-overview.service.js'
import { COHORT_LABELS, type Cohort } from '../../../domain/cohort/status.js'
import { barChart } from './bar-chart.js'

const percent = (p: number | null) => (p === null ? 'No figures' : `${p.toFixed(1)}%`)

function measuresRow(label: string, m: CohortMeasures, kind: 'cohort' | 'others' | 'all') {
  return {
    label,
    kind,
    pupils: m.pupils,
    attendance: percent(m.attendancePercent),
    persistent: percent(m.persistentAbsencePercent),
    severe: percent(m.severeAbsencePercent),
  }
}

/** The comparison table: each cohort, then all other pupils, then the whole school. */
export function comparisonRows(overview: SchoolAttendanceOverview) {
  return [
    ...overview.cohorts.flatMap((c) => [
      measuresRow(c.label, c.group, 'cohort'),
      measuresRow(`All other pupils (not ${shortCohortName(c.cohort)})`, c.others, 'others'),
    ]),
    measuresRow('All pupils', overview.all, 'all'),
  ]
}

const SHORT_NAMES: Record<CohortColumn, string> = {
  cla: 'looked after',
  pla: 'previously looked after',
  cswCurrent: 'with a social worker now',
  cswEver6: 'with a social worker in the last 6 years',
  kinship: 'in kinship care',
}

export const shortCohortName = (c: CohortColumn) => SHORT_NAMES[c]

export const isCohortColumn = (s: string): s is CohortColumn => s in SHORT_NAMES

/** "Autumn term 2026, first half" → "Autumn 1", for the chart's axis. */
export function shortHalfTerm(label: string): string {
  return label
    .replace(/ term \d{4}, first half$/, ' 1')
    .replace(/ term \d{4}, second half$/, ' 2')
    .replace(/ term \d{4}$/, '')
}

/** The trend by half-term of one cohort against all other pupils: the chart and the table beside it. */
export function trendOf(overview: SchoolAttendanceOverview, cohort: CohortColumn) {
  const label = overview.cohorts.find((c) => c.cohort === cohort)!.label
  const rows = overview.halfTerms.map((h) => {
    const c = h.cohorts.find((x) => x.cohort === cohort)!
    return {
      label: h.label,
      group: c.group.attendancePercent,
      others: c.others.attendancePercent,
      groupText: percent(c.group.attendancePercent),
      othersText: percent(c.others.attendancePercent),
    }
  })
  const chart = barChart({
    id: 'trend-chart',
    title: `Attendance by half-term: ${label} against all other pupils`,
    description:
      rows.length === 0
        ? 'No half-term has started yet this school year.'
        : rows
            .map((r) => `${r.label}: ${label} ${r.groupText}, all other pupils ${r.othersText}`)
            .join('. ') + '.',
    categories: rows.map((r) => r.label),
    shortCategories: rows.map((r) => shortHalfTerm(r.label)),
    series: [
      { name: label, values: rows.map((r) => r.group) },
      { name: 'All other pupils', values: rows.map((r) => r.others) },
    ],
  })
  return { label, rows, chart }
}

const COHORT_KEYS: Record<Cohort, string> = {
  cla: 'blue',
  pla: 'purple',
  csw_current: 'red',
  csw_ever6: 'grey',
  kinship: 'green',
}

/** The list of pupils to watch, each with why they are on it. */
export function pupilRows(overview: SchoolAttendanceOverview) {
  return overview.pupils.map((p) => {
    const fall =
      p.lastHalfTerm.attendancePercent !== null && p.thisHalfTerm.attendancePercent !== null
        ? p.lastHalfTerm.attendancePercent - p.thisHalfTerm.attendancePercent
        : null
    return {
      ...p,
      tags: p.cohorts.map((c) => ({ text: COHORT_LABELS[c], colour: COHORT_KEYS[c] })),
      yearText: percent(p.year.attendancePercent),
      lastText: percent(p.lastHalfTerm.attendancePercent),
      thisText: percent(p.thisHalfTerm.attendancePercent),
      reasons: [
        ...(p.year.severeAbsence ? ['Severe absence'] : p.persistentAbsence ? ['Persistent absence'] : []),
        ...(p.falling && fall !== null ? [`Falling: down ${fall.toFixed(1)} points`] : []),
      ],
    }
  })
}

export const cohortChoices = (overview: SchoolAttendanceOverview, chosen: CohortColumn, urn: string) =>
  overview.cohorts.map((c) => ({
    label: c.label,
    current: c.cohort === chosen,
    href: `/attendance?school=${urn}&cohort=${c.cohort}#trend`,
  }))
