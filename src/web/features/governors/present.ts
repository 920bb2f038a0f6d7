/** The whole report to governors as its page and its PDF show it: the same locals for both. */
import { formatDate } from '../../../domain/calendar/dates.js'
import { sectionOf } from '../../../domain/reports/governors.js'
import { WRITTEN_REPORT_STATUS_LABELS } from '../../../domain/reports/written-report.js'
import type { GovernorsReport } from '../../../services/reports.service.js'
import { schoolYearLabel } from './measures.js'
import { presentCounts, presentGovernance, presentYearGroups } from './present-section-one.js'
import {
  presentAttendance,
  presentDestinations,
  presentFunding,
  presentPeps,
  presentProgress,
  presentSuspensions,
} from './present-section-two.js'

const STATUS_TAG_CLASSES = {
  draft: 'govuk-tag--grey',
  shared: 'govuk-tag--green',
  archived: 'govuk-tag--blue',
} as const

export function presentReport(r: GovernorsReport) {
  const { report, written } = r
  const yearLabel = schoolYearLabel(report.schoolYear)
  return {
    school: r.school,
    schoolYear: report.schoolYear,
    schoolYearLabel: yearLabel,
    isCurrentYear: report.schoolYear === r.currentSchoolYear,
    threshold: r.threshold,
    window: { from: formatDate(r.window.from), to: formatDate(r.window.to) },
    calendarSet: r.calendarSet,
    status: {
      value: written.status,
      text: WRITTEN_REPORT_STATUS_LABELS[written.status],
      classes: STATUS_TAG_CLASSES[written.status],
    },
    written,
    canWrite: r.canWrite,
    counts: presentCounts(report.counts, yearLabel),
    byYearGroup: presentYearGroups(sectionOf(report, 'cohorts_by_year_group')),
    governance: presentGovernance(sectionOf(report, 'governance')),
    peps: presentPeps(sectionOf(report, 'pep_compliance'), yearLabel),
    attendance: presentAttendance(sectionOf(report, 'attendance'), yearLabel),
    suspensions: presentSuspensions(sectionOf(report, 'suspensions'), yearLabel),
    progress: presentProgress(sectionOf(report, 'progress')),
    funding: presentFunding(sectionOf(report, 'funding'), yearLabel),
    destinations: presentDestinations(sectionOf(report, 'destinations')),
    suppressed: report.suppressed,
  }
}

export type PresentedReport = ReturnType<typeof presentReport>
