/**
 * Section 2 of the report to governors on the page (POL-27, GOV-4): outcomes. Each part is a table of
 * the figures and, where a picture helps, a chart of the same figures; "no data yet" where Harbour holds
 * no records of that kind.
 */
import type { AttendanceSection } from '../../../domain/reports/attendance-comparison.js'
import { LEAVER_COLUMN_LABELS, type DestinationsSection } from '../../../domain/reports/destinations.js'
import type { FundingSection } from '../../../domain/reports/funding-section.js'
import type { PepComplianceSection } from '../../../domain/reports/pep-compliance.js'
import type { ProgressSection } from '../../../domain/reports/progress.js'
import type { SuspensionsSection } from '../../../domain/reports/suspension-comparison.js'
import { COUNT_KEYS } from '../../../domain/reports/cohort-counts.js'
import { barChart, type BarInput } from './charts.js'
import { days, money, percent, shown, type Shown } from './measures.js'

const bar = (label: string, s: Shown, series: 0 | 1 = 0): BarInput => ({ label, ...s, series })
const describe = (rows: ReadonlyArray<{ label: string; text: string }>) =>
  rows.map((r) => `${r.label}: ${r.text}`).join('; ')

export function presentPeps(section: PepComplianceSection | undefined, yearLabel: string) {
  if (!section) return null
  const rows = [
    { label: 'On time', ...shown(section.onTime) },
    { label: 'Late', ...shown(section.late) },
    { label: 'Missing', ...shown(section.missing) },
  ]
  const due = shown(section.due)
  const children = `${section.pupils} ${section.pupils === 1 ? 'child' : 'children'} looked after on roll had PEPs due in this school year`
  return {
    title: section.title,
    pupils: section.pupils,
    summary: due.withheld
      ? `${children}. How many were on time is withheld: it would be about ${due.text}.`
      : `${children}: ${due.text} PEPs were due by the statutory timescales and the Virtual School’s termly PEPs, ${shown(section.onTimePercent, percent).text} of them on time.`,
    rows,
    chart: barChart(
      {
        id: 'chart-peps',
        title: `PEPs due in ${yearLabel}: on time, late or missing`,
        description: describe(rows),
      },
      rows.map((r) => [bar(r.label, r)]),
    ),
    ratings: {
      pupils: section.ratings.pupils,
      rows: section.ratings.rows.map((r) => ({ label: r.label, text: shown(r.peps).text })),
    },
  }
}

type Compared = AttendanceSection['rows'][number] | SuspensionsSection['rows'][number]

function comparisonChart<R extends Compared>(
  id: string,
  title: string,
  rows: readonly R[],
  pick: (side: R['group']) => Shown,
) {
  const described = rows.flatMap((r) => [
    { label: r.label, text: pick(r.group).text },
    { label: `All other pupils (compared with ${r.label})`, text: pick(r.others).text },
  ])
  return barChart(
    { id, title, description: describe(described), max: 100, legend: ['This group', 'All other pupils'] },
    rows.map((r) => [bar(r.label, pick(r.group), 0), bar(r.label, pick(r.others), 1)]),
  )
}

export function presentAttendance(section: AttendanceSection | undefined, yearLabel: string) {
  if (!section) return null
  const side = (m: AttendanceSection['rows'][number]['group']) => [
    String(m.pupils),
    shown(m.attendancePercent, percent).text,
    shown(m.persistentAbsencePercent, percent).text,
    shown(m.severeAbsencePercent, percent).text,
  ]
  return {
    title: section.title,
    noData: section.status === 'no_data_yet',
    rows: section.rows.map((r) => ({ label: r.label, group: side(r.group), others: side(r.others) })),
    attendanceChart: comparisonChart('chart-attendance', `Attendance, ${yearLabel}`, section.rows, (m) =>
      shown(m.attendancePercent, percent),
    ),
    persistentChart: comparisonChart(
      'chart-persistent-absence',
      `Pupils persistently absent (10% or more of sessions missed), ${yearLabel}`,
      section.rows,
      (m) => shown(m.persistentAbsencePercent, percent),
    ),
  }
}

export function presentSuspensions(section: SuspensionsSection | undefined, yearLabel: string) {
  if (!section) return null
  const side = (m: SuspensionsSection['rows'][number]['group']) => [
    String(m.pupils),
    shown(m.suspendedPupils).text,
    shown(m.suspendedPercent, percent).text,
    shown(m.daysLost, days).text,
    shown(m.permanentlyExcludedPupils).text,
  ]
  return {
    title: section.title,
    noData: section.status === 'no_data_yet',
    rows: section.rows.map((r) => ({ label: r.label, group: side(r.group), others: side(r.others) })),
    chart: comparisonChart(
      'chart-suspensions',
      `Pupils suspended at least once, ${yearLabel}`,
      section.rows,
      (m) => shown(m.suspendedPercent, percent),
    ),
  }
}

export function presentProgress(section: ProgressSection | undefined) {
  if (!section) return null
  return {
    title: section.title,
    noData: section.targets.status === 'no_data_yet',
    pupils: section.targets.pupils,
    rows: section.targets.rows.map((r) => ({ label: r.label, text: shown(r.targets).text })),
  }
}

export function presentFunding(section: FundingSection | undefined, yearLabel: string) {
  if (!section) return null
  const { totals, bySource, byCategory } = section.summary
  const categories = byCategory.map((c) => ({
    label: c.label,
    pupils: shown(c.pupils),
    spent: shown(c.spent, money),
  }))
  return {
    title: section.title,
    noData: section.status === 'no_data_yet',
    pupils: totals.pupils,
    totals: [
      { label: 'Allocated', text: shown(totals.allocated, money).text },
      { label: 'Received by the school', text: shown(totals.released, money).text },
      { label: 'Spent', text: shown(totals.spent, money).text },
      { label: 'Still to spend', text: shown(totals.available, money).text },
    ],
    bySource: bySource.map((s) => ({
      label: s.label,
      cells: [shown(s.pupils).text, shown(s.allocated, money).text, shown(s.spent, money).text],
    })),
    byCategory: categories,
    chart: barChart(
      {
        id: 'chart-spending',
        title: `PP+ and pupil premium spent by category, ${yearLabel}`,
        description: describe(categories.map((c) => ({ label: c.label, text: c.spent.text }))),
      },
      categories.map((c) => [bar(c.label, c.spent)]),
    ),
    impact: impactText(section.impact),
  }
}

export function presentDestinations(section: DestinationsSection | undefined) {
  if (!section) return null
  return {
    title: section.title,
    leavers: section.leavers.roll,
    columns: COUNT_KEYS.map((k) => LEAVER_COLUMN_LABELS[k]),
    totals: COUNT_KEYS.map((k) => String(section.leavers[k])),
    rows: section.rows.map((r) => ({ label: r.label, cells: COUNT_KEYS.map((k) => shown(r[k]).text) })),
  }
}

function impactText(impact: FundingSection['impact']): string {
  const items = shown(impact.spendItems)
  if (items.withheld)
    return `How many items have their impact recorded is withheld: it would be about ${items.text}.`
  if (items.value === null) return 'Nothing was spent in this school year.'
  return `${items.text} items of spending this school year; ${shown(impact.withImpact).text} with their impact recorded.`
}
