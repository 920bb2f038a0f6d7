import { can } from '../../../../domain/access/permissions.js'
import type { Actor } from '../../../../domain/access/scope.js'
import { mondayOf } from '../../../../domain/attendance/periods.js'
import type { AttendanceSummary } from '../../../../domain/attendance/statistics.js'
import { formatDate } from '../../../../domain/calendar/dates.js'
import type { PupilAttendancePage, RegisterCell } from '../../../../services/attendance-views.service.js'
import { barChart } from '../../attendance/bar-chart.js'
import { asText } from './form-helpers.js'

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "7 Sep" for 2026-09-07. */
export const shortDate = (iso: string) =>
  `${Number(iso.slice(8, 10))} ${SHORT_MONTHS[Number(iso.slice(5, 7)) - 1]}`

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

export const percentText = (p: number | null) => (p === null ? 'No possible sessions' : `${p.toFixed(1)}%`)

/** A row of the figures table: the period, then the API summary's numbers in the order the columns show them. */
export function figuresRow(label: string, s: AttendanceSummary) {
  return {
    label,
    possible: s.possibleSessions,
    attended: s.attendedSessions,
    authorised: s.authorisedAbsence,
    unauthorised: s.unauthorisedAbsence,
    notCounted: s.notCounted,
    percent: percentText(s.attendancePercent),
    persistentAbsence: s.persistentAbsence,
    severeAbsence: s.severeAbsence,
  }
}

/** The week-by-week chart and its table: the same weeks and the same percentages. */
export function weeksOf(page: PupilAttendancePage) {
  const name = `${page.pupil.givenName} ${page.pupil.familyName}`
  const weeks = page.weeks.map((w) => ({
    label: w.label,
    monday: formatDate(mondayOf(w.from)),
    short: shortDate(mondayOf(w.from)),
    possible: w.summary.possibleSessions,
    attended: w.summary.attendedSessions,
    percent: w.summary.attendancePercent,
    percentText: percentText(w.summary.attendancePercent),
  }))
  const counted = weeks.filter((w) => w.percent !== null)
  const lowest = counted.reduce<(typeof counted)[number] | null>(
    (low, w) => (low === null || w.percent! < low.percent! ? w : low),
    null,
  )
  const chart = barChart({
    id: 'weeks-chart',
    title: `${name}: attendance week by week, ${page.year.label.toLowerCase()}`,
    description:
      counted.length === 0
        ? 'No week has any possible sessions yet this school year.'
        : `${counted.length} weeks with possible sessions. Lowest: ${lowest!.percentText} in the ${lowerFirst(lowest!.label)}. The table beside the chart gives every week.`,
    categories: weeks.map((w) => w.label),
    shortCategories: weeks.map((w) => w.short),
    labelEvery: weeks.length > 24 ? 4 : weeks.length > 12 ? 2 : 1,
    series: [{ name: 'Attendance', values: weeks.map((w) => w.percent) }],
  })
  return { weeks, chart }
}

function cellText(cell: RegisterCell | null) {
  if (!cell) return null
  return {
    code: cell.code,
    meaning: cell.meaning,
    earlier: cell.earlier.map((e) => ({ ...e, supersededAt: e.supersededAt.toISOString() })),
  }
}

export function registerOf(page: PupilAttendancePage) {
  const { register } = page
  return {
    label: register.label,
    from: register.from,
    to: register.to,
    history: register.history,
    key: register.key,
    choices: register.choices.map((c) => ({ ...c, current: c.key === register.key })),
    days: register.days.map((d) => ({ date: d.date, am: cellText(d.am), pm: cellText(d.pm) })),
  }
}

/** Links on the page keep the chosen term and history setting. */
export function attendanceUrl(pupilId: string, query: { term?: string | null; history?: boolean }) {
  const params = new URLSearchParams()
  if (query.term) params.set('term', query.term)
  if (query.history) params.set('history', 'yes')
  const search = params.toString()
  return `/pupils/${pupilId}/attendance${search ? `?${search}` : ''}#marks`
}

export function supportOf(page: PupilAttendancePage) {
  return {
    supportPlans: page.supportPlans.map((p) => ({
      id: p.id,
      concern: p.concern,
      actions: p.actions.map((a) => ({
        action: asText(a.action),
        who: asText(a.who),
        by: typeof a.by === 'string' ? a.by : null,
      })),
      peopleInvolved: p.peopleInvolved,
      startedOn: p.startedOn,
      reviewDate: p.reviewDate,
      open: p.status === 'open',
      outcome: p.outcome,
      closedOn: p.closedOn,
    })),
    partTimeTimetables: page.partTimeTimetables.map((t) => ({
      id: t.id,
      reason: t.reason,
      arrangement: t.arrangement,
      startDate: t.startDate,
      reviewDate: t.reviewDate,
      endDate: t.endDate,
      agreedWithParentsOn: t.agreedWithParentsOn,
      agreedWithVirtualSchoolOn: t.agreedWithVirtualSchoolOn,
      virtualSchoolContact: t.virtualSchoolContact,
      agreedWithSocialWorkerOn: t.agreedWithSocialWorkerOn,
      active: t.status === 'active',
      current: t.current,
      endedOn: t.endedOn,
      outcome: t.outcome,
    })),
    adjustments: page.adjustments.map((a) => ({
      period:
        a.fromDate === a.toDate
          ? formatDate(a.fromDate)
          : `${formatDate(a.fromDate)} to ${formatDate(a.toDate)}`,
      note: a.note,
    })),
    recognition: {
      from: page.figures.from,
      to: page.figures.to,
      statutory: percentText(page.figures.statutory.attendancePercent),
      adjusted: percentText(page.figures.recognition.summary.attendancePercent),
      adjustedSessions: page.figures.recognition.adjustedSessions,
      fullAttendance: page.figures.recognition.fullAttendance,
    },
  }
}

export function mayOn(actor: Actor) {
  return { manage: can(actor.role, 'attendance:manage') }
}
