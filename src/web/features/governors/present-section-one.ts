/**
 * Section 1 of the report to governors on the page (POL-27): how many children, by year group, and the
 * designated roles, training and policy. Numbers and fixed labels only, from domain/reports.
 */
import { monthName } from '../../../domain/calendar/dates.js'
import { COUNT_KEYS, COUNT_LABELS } from '../../../domain/reports/cohort-counts.js'
import type { CohortsByYearGroupSection } from '../../../domain/reports/governors.js'
import type { GovernanceSection } from '../../../domain/reports/governance-section.js'
import type { CohortCounts } from '../../../domain/reports/cohort-counts.js'
import { barChart } from './charts.js'
import { days, shown, yesNo } from './measures.js'

export function presentCounts(counts: CohortCounts, yearLabel: string) {
  const rows = COUNT_KEYS.map((k) => ({ label: COUNT_LABELS[k], value: counts[k] }))
  return {
    rows,
    // On roll dwarfs the groups: the chart shows the groups, the table shows all.
    chart: barChart(
      {
        id: 'chart-counts',
        title: `How many children in each group, ${yearLabel}`,
        description: rows
          .filter((r) => r.label !== COUNT_LABELS.roll)
          .map((r) => `${r.label}: ${r.value}`)
          .join('; '),
      },
      rows
        .filter((r) => r.label !== COUNT_LABELS.roll)
        .map((r) => [{ label: r.label, value: r.value, text: String(r.value) }]),
    ),
  }
}

export function presentYearGroups(section: CohortsByYearGroupSection | undefined) {
  if (!section) return null
  return {
    title: section.title,
    columns: COUNT_KEYS.map((k) => COUNT_LABELS[k]),
    rows: section.rows.map((r) => ({ label: r.label, cells: COUNT_KEYS.map((k) => shown(r[k]).text) })),
  }
}

type Row = { key: string; value: string }

export function presentGovernance(section: GovernanceSection | undefined) {
  if (!section) return null
  const { roles, training, policy } = section
  const roleRows: Row[] = [
    {
      key: 'Designated teacher in post',
      value: yesNo(roles.designatedTeacherAppointed),
    },
    {
      key: 'Designated teacher has qualified teacher status (required by law)',
      value: roles.designatedTeacherAppointed ? yesNo(roles.designatedTeacherQtsOk) : 'No designated teacher',
    },
    {
      key: 'Single-holder roles filled all year',
      value: `${roles.rolesFilledAllYear} of ${roles.singleHolderRoles}`,
    },
    { key: 'Gaps in a role during the year', value: String(roles.roleGaps) },
  ]
  const trainingRows: Row[] = [
    {
      key: 'Designated teacher’s training this year',
      value: `${days(training.designatedTeacherTrainingDays)} days of the ${training.designatedTeacherTrainingDaysRequired} expected${training.designatedTeacherTrainingOk ? '' : ' (not met)'}`,
    },
    {
      key: 'Whole-staff attachment-aware and trauma-informed training this year',
      value: training.wholeStaffAtipDone ? 'Held' : 'Not held yet',
    },
    { key: 'Staff who attended any training this year', value: String(training.staffTrained) },
    {
      key: 'Staff who attended attachment-aware and trauma-informed training',
      value: String(training.staffTrainedAtip),
    },
    { key: 'Safeguarding leads’ refresher training up to date', value: yesNo(training.dslRefresherOk) },
    { key: 'Training requirements not met yet', value: String(training.trainingMissing) },
  ]
  const review = policy.nextReview
    ? `${monthName(policy.nextReview.month)} ${policy.nextReview.year}`
    : 'Not set'
  const policyRows: Row[] = [
    { key: 'Policy ratified by governors', value: yesNo(policy.ratified) },
    { key: 'Next review', value: policy.reviewOverdue ? `${review} (overdue)` : review },
  ]
  return {
    title: section.title,
    roles: { noData: roles.status === 'no_data_yet', rows: roleRows },
    training: { noData: training.status === 'no_data_yet', rows: trainingRows },
    policy: { noData: policy.status === 'no_data_yet', rows: policyRows },
  }
}
