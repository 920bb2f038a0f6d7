/**
 * The facts a school year's roles and training are judged on, read from the database, and what follows
 * from them: the compliance list, the summary for the report to governors, and the tasks for what is
 * missing. No permission check here: the callers (governance services, the report) have made theirs.
 */
import { formatDate, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import {
  governanceSummaryOf,
  trainingCompliance,
  type ComplianceInput,
  type ComplianceItem,
  type GovernanceSummary,
} from '../domain/governance/compliance.js'
import {
  DESIGNATED_ROLE_NAMES,
  roleGaps,
  type Appointment,
  type RoleGap,
} from '../domain/governance/roles.js'
import { registerWindow } from '../domain/governance/school-year.js'
import { durationInDays, trainingDayHours } from '../domain/governance/training.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/governance.repository.js'
import { findSchoolById, termsOf } from '../data/repositories/schools.repository.js'
import { NotFoundError } from './errors.js'
import { createTask } from './tasks.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

export type { GovernanceSummary } from '../domain/governance/compliance.js'

/** Who wrote a record: the user, or nobody for Harbour itself (the command line, jobs), which has no account. */
export const authorOf = (actor: { userId: string }): string | null =>
  actor.userId === SYSTEM_ACTOR.userId ? null : actor.userId

export const asAppointment = (row: repo.AppointmentRow): Appointment => ({
  id: row.id,
  role: row.role,
  personName: row.personName,
  userId: row.userId,
  startDate: row.startDate,
  endDate: row.endDate,
  hasQts: row.hasQts,
  inductionCompleted: row.inductionCompleted,
  onLeadershipTeam: row.onLeadershipTeam,
})

export type GovernanceFacts = ComplianceInput & {
  calendarSet: boolean
  hoursPerDay: number
  appointmentRows: repo.AppointmentRow[]
  sessionRows: repo.SessionWithCourse[]
}

/** Everything one school year's register and compliance need, in four queries. */
export async function governanceFacts(
  tx: Executor,
  school: { id: string; settings: Record<string, unknown> },
  schoolYear: number,
  today: IsoDate,
): Promise<GovernanceFacts> {
  const terms = await termsOf(tx, school.id)
  const appointmentRows = await repo.appointmentsOfSchool(tx, school.id)
  const window = registerWindow(
    schoolYear,
    terms.map((t) => ({ name: t.name, start: t.startDate, end: t.endDate })),
  )
  // Training counts in the school year it was held in (to 31 July), and DSL refreshers look further back.
  const sessionRows = await repo.sessionsOfSchool(tx, school.id, `${schoolYear + 1}-07-31`)
  const hoursPerDay = trainingDayHours(school.settings.trainingDayHours)
  return {
    schoolYear,
    today,
    window: { from: window.from, to: window.to },
    calendarSet: window.calendarSet,
    hoursPerDay,
    appointmentRows,
    sessionRows,
    appointments: appointmentRows.map(asAppointment),
    sessions: sessionRows.map((s) => ({
      id: s.id,
      kind: s.course.kind,
      heldOn: s.heldOn,
      days: durationInDays(s, hoursPerDay),
      wholeStaff: s.wholeStaff,
      attendees: s.attendees,
    })),
  }
}

/**
 * For the report to governors (GOV-3, GOV-4 (8), PD-11): counts and yes/no only, no names. The caller
 * has checked that the actor may read the school's report.
 */
export async function governanceSummary(
  tx: Executor,
  schoolId: string,
  schoolYear: number,
  today: IsoDate,
): Promise<GovernanceSummary> {
  const school = await findSchoolById(tx, schoolId)
  if (!school) throw new NotFoundError('school')
  return governanceSummaryOf(await governanceFacts(tx, school, schoolYear, today))
}

const KEY = 'governance'
const keyPrefix = (schoolId: string, schoolYear: number) => `${KEY}:${schoolId}:${schoolYear}:`

type TaskFor = {
  key: string
  title: string
  detail: string | null
  dueOn: IsoDate
  assigneeUserId: string | null
  assigneeRole: string
}

function gapTask(gap: RoleGap, today: IsoDate): TaskFor | null {
  if (gap.to < today) return null // over: nothing to do about it now
  const name = DESIGNATED_ROLE_NAMES[gap.role].inSentence
  return {
    key: `gap:${gap.role}:${gap.from}`,
    title: `Appoint a ${name} from ${formatDate(gap.from)}`,
    detail: gap.message,
    dueOn: gap.from,
    assigneeUserId: null,
    assigneeRole: 'headteacher',
  }
}

const TRAINING_TASK_TITLE: Record<ComplianceItem['requirement'], (i: ComplianceItem) => string> = {
  dt_training: (i) => `Designated teacher training: at least 2 days by ${formatDate(i.by)}`,
  atip_whole_staff: (i) =>
    `Arrange whole-staff attachment-aware and trauma-informed training by ${formatDate(i.by)}`,
  dsl_refresher: (i) => `Safeguarding lead training for ${i.who} by ${formatDate(i.by)}`,
  csw_lead_training: (i) => `Training for the lead for children with a social worker by ${formatDate(i.by)}`,
}

// The role a task goes to when the person has no account: the DT arranges staff training (POL-4, 000).
const TRAINING_TASK_ROLE: Record<ComplianceItem['requirement'], string> = {
  dt_training: 'designated_teacher',
  atip_whole_staff: 'designated_teacher',
  dsl_refresher: 'dsl',
  csw_lead_training: 'dsl',
}

function trainingTask(item: ComplianceItem): TaskFor | null {
  if (item.status === 'done') return null
  return {
    key: `${item.requirement}:${item.appointmentId ?? 'school'}:${item.by}`,
    title: TRAINING_TASK_TITLE[item.requirement](item),
    detail: `${item.who}: ${item.what}`,
    dueOn: item.by,
    assigneeUserId: item.userId,
    assigneeRole: TRAINING_TASK_ROLE[item.requirement],
  }
}

/**
 * Tasks for what the current school year is missing (POL-1, POL-3, POL-4): a gap in a role for the
 * headteacher, missing training for the person concerned or the DT. Each is created once (its source
 * key); an open one whose cause has gone (the role filled, the training recorded) is closed with a note.
 */
export async function refreshGovernanceTasks(
  tx: Executor,
  school: { id: string; settings: Record<string, unknown> },
  today: IsoDate,
  actorUserId: string | null,
): Promise<{ created: number; closed: number }> {
  const schoolYear = schoolYearOf(today)
  const facts = await governanceFacts(tx, school, schoolYear, today)
  const wanted = [
    ...roleGaps(facts.appointments, facts.window, today).map((g) => gapTask(g, today)),
    ...trainingCompliance(facts).map(trainingTask),
  ].filter((t) => t !== null)
  const prefix = keyPrefix(school.id, schoolYear)
  let created = 0
  for (const t of wanted) {
    const row = await createTask(tx, {
      schoolId: school.id,
      kind: t.key.startsWith('gap:') ? 'governance_role_gap' : 'governance_training',
      title: t.title,
      detail: t.detail,
      assigneeUserId: t.assigneeUserId,
      assigneeRole: t.assigneeRole,
      dueOn: t.dueOn,
      sourceKey: prefix + t.key,
      createdBy: actorUserId,
    })
    if (row) created++
  }
  const keys = new Set(wanted.map((t) => prefix + t.key))
  const stale = (await repo.openTasksWithPrefix(tx, prefix)).filter((t) => !keys.has(t.sourceKey ?? ''))
  const closed = await repo.closeTasks(
    tx,
    stale.map((t) => t.id),
    actorUserId,
    'Done: the register now shows this is in place',
  )
  return { created, closed: closed.length }
}
