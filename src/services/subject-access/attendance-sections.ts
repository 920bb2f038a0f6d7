import { attendanceCode } from '../../domain/attendance/codes.js'
import { formatDate } from '../../domain/calendar/dates.js'
import * as repo from '../../data/repositories/attendance-plans.repository.js'
import type { SectionContent, SectionRecord, SubjectAccessSection } from './sections.js'

// Attendance in a subject-access export (issue 3 item 7, issue 5): the register with every superseded mark
// (DOMAIN.md ATT-4), attendance support plans, part-time timetables (ATT-16) and placement-move adjustments
// (POL-17).

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)
const all = (records: SectionRecord[]): SectionContent => ({ records, withheld: null })
// A plan's actions are stored as JSON: read each part as text, whatever is there.
const text = (v: unknown): string => (typeof v === 'string' ? v : '')

export const attendanceRegisterSection: SubjectAccessSection = {
  key: 'attendance_register',
  title: 'Attendance register',
  description:
    'Every attendance mark recorded for the child, morning and afternoon, including marks later replaced by a ' +
    'correction (those show when they were replaced).',
  tables: ['attendance_week', 'attendance_mark_history'],
  layout: 'table',
  fields: {
    date: 'Date',
    session: 'Session',
    code: 'Code',
    meaning: 'Meaning',
    recorded: 'Recorded',
    superseded: 'Replaced',
  },
  codes: { session: { AM: 'Morning', PM: 'Afternoon' } },
  async load(tx, pupilId) {
    const marks = await repo.markVersionsOf(tx, pupilId)
    return all(
      marks.map((m) => ({
        date: m.date,
        session: m.session,
        code: m.code,
        meaning: attendanceCode(m.code)?.meaning ?? null,
        recorded: iso(m.recordedAt),
        superseded: iso(m.supersededAt),
      })),
    )
  },
}

const STATUS_LABELS = { open: 'Open', closed: 'Closed' }

export const attendanceSupportPlansSection: SubjectAccessSection = {
  key: 'attendance_support_plans',
  title: 'Attendance support plans',
  description:
    'Each plan to support the child’s attendance: the concern, the actions agreed, who was involved and the outcome.',
  tables: ['attendance_support_plan'],
  layout: 'records',
  fields: {
    concern: 'Concern',
    actions: 'Actions',
    peopleInvolved: 'People involved',
    startedOn: 'Started',
    reviewDate: 'Review date',
    status: 'Status',
    outcome: 'Outcome',
    closedOn: 'Closed',
    createdAt: 'Recorded at',
    id: 'Harbour’s id for the plan',
  },
  codes: { status: STATUS_LABELS },
  async load(tx, pupilId) {
    const plans = await repo.supportPlansOf(tx, pupilId)
    return all(
      plans.reverse().map((p) => ({
        concern: p.concern,
        actions:
          p.actions
            .map((a) => {
              const by = text(a.by) ? `, by ${formatDate(text(a.by))}` : ''
              return `${text(a.action)} (${text(a.who)}${by})`
            })
            .join('\n') || null,
        peopleInvolved: p.peopleInvolved.join(', ') || null,
        startedOn: p.startedOn,
        reviewDate: p.reviewDate,
        status: p.status,
        outcome: p.outcome,
        closedOn: p.closedOn,
        createdAt: iso(p.createdAt),
        id: p.id,
      })),
    )
  },
}

export const partTimeTimetablesSection: SubjectAccessSection = {
  key: 'part_time_timetables',
  title: 'Part-time timetables',
  description: 'Each part-time timetable: why, what the child attended, its dates, and who agreed to it.',
  tables: ['part_time_timetable'],
  layout: 'records',
  fields: {
    reason: 'Reason',
    arrangement: 'Timetable',
    startDate: 'From',
    reviewDate: 'Review date',
    endDate: 'Planned end',
    agreedWithParentsOn: 'Parents or carers agreed on',
    agreedWithVirtualSchoolOn: 'Virtual School agreed on',
    virtualSchoolContact: 'Virtual School contact',
    agreedWithSocialWorkerOn: 'Social worker agreed on',
    status: 'Status',
    endedOn: 'Ended',
    outcome: 'Outcome',
    createdAt: 'Recorded at',
    id: 'Harbour’s id for the timetable',
  },
  codes: { status: { active: 'In place', ended: 'Ended' } },
  async load(tx, pupilId) {
    const timetables = await repo.partTimeTimetablesOf(tx, pupilId)
    return all(
      timetables.reverse().map((t) => ({
        reason: t.reason,
        arrangement: t.arrangement,
        startDate: t.startDate,
        reviewDate: t.reviewDate,
        endDate: t.endDate,
        agreedWithParentsOn: t.agreedWithParentsOn,
        agreedWithVirtualSchoolOn: t.agreedWithVirtualSchoolOn,
        virtualSchoolContact: t.virtualSchoolContact,
        agreedWithSocialWorkerOn: t.agreedWithSocialWorkerOn,
        status: t.status,
        endedOn: t.endedOn,
        outcome: t.outcome,
        createdAt: iso(t.createdAt),
        id: t.id,
      })),
    )
  },
}

export const attendanceAdjustmentsSection: SubjectAccessSection = {
  key: 'attendance_adjustments',
  title: 'Absence set aside for a care placement move',
  description:
    'Days of absence due to a change of care placement, which the school leaves out when it recognises full ' +
    'attendance. The official attendance figures still count them.',
  tables: ['attendance_adjustment'],
  layout: 'records',
  fields: { fromDate: 'From', toDate: 'To', reason: 'Reason', note: 'Note', createdAt: 'Recorded at' },
  codes: { reason: { placement_move: 'Care placement move' } },
  async load(tx, pupilId) {
    const adjustments = await repo.adjustmentsOf(tx, pupilId)
    return all(
      adjustments.map((a) => ({
        fromDate: a.fromDate,
        toDate: a.toDate,
        reason: a.reason,
        note: a.note,
        createdAt: iso(a.createdAt),
      })),
    )
  },
}
