/**
 * Issue 7 item 1: the register of designated roles (DOMAIN.md POL-1, POL-2, DT-1 to DT-3). Staff
 * names only, never a child's.
 */
import { schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import {
  checkAppointment,
  checkEndDate,
  type AppointmentInput,
} from '../domain/governance/appointment-input.js'
import {
  appointmentsDuring,
  clashingAppointment,
  clashMessage,
  designatedTeacherFlags,
  roleGaps,
  type DesignatedRole,
  type RoleGap,
  type StandingFlag,
} from '../domain/governance/roles.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/governance.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { asAppointment, authorOf, governanceFacts, refreshGovernanceTasks } from './governance-compliance.js'
import { isUuid } from './ids.js'
import { requireSchool } from './schools.service.js'

export { governanceSummary, type GovernanceSummary } from './governance-compliance.js'
export type { AppointmentInput } from '../domain/governance/appointment-input.js'

/** The earliest school year the register offers. */
export const FIRST_GOVERNANCE_YEAR = 2000

/** A school year from the address or the API: 2000 to next year (appointments are made ahead). */
export function checkSchoolYear(year: number | undefined, todayIso: IsoDate): number {
  const current = schoolYearOf(todayIso)
  const chosen = year ?? current
  if (!Number.isInteger(chosen) || chosen < FIRST_GOVERNANCE_YEAR || chosen > current + 1)
    throw new RuleBrokenError([
      {
        path: 'schoolYear',
        message: `Choose a school year from ${FIRST_GOVERNANCE_YEAR} to ${current + 1}, written as the year it starts, like ${current}`,
      },
    ])
  return chosen
}

export type RegisterEntry = repo.AppointmentRow & { flags: StandingFlag[] }

export type RolesRegister = {
  school: { urn: string; name: string }
  schoolYear: number
  currentSchoolYear: number
  window: { from: IsoDate; to: IsoDate }
  /** False while the school has no terms for the year: the window is PD-18's default. */
  calendarSet: boolean
  appointments: RegisterEntry[]
  gaps: RoleGap[]
}

/** The register for one school year: who held each role, the gaps, and DT-1/POL-2 flags. */
export async function rolesRegister(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  schoolYear?: number,
): Promise<RolesRegister> {
  authorise(actor, 'governance:read')
  const todayIso = today(ctx)
  const year = checkSchoolYear(schoolYear, todayIso)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const facts = await governanceFacts(tx, school, year, todayIso)
    return {
      school: { urn: school.urn, name: school.name },
      schoolYear: year,
      currentSchoolYear: schoolYearOf(todayIso),
      window: facts.window,
      calendarSet: facts.calendarSet,
      appointments: appointmentsDuring(facts.appointmentRows, facts.window).map((a) => ({
        ...a,
        flags: designatedTeacherFlags(asAppointment(a)),
      })),
      gaps: roleGaps(facts.appointments, facts.window, todayIso),
    }
  })
}

/** The school's active users, to link an appointment or an attendee to an account. */
export async function schoolPeople(ctx: ServiceContext, actor: Actor, urn: string) {
  authorise(actor, 'governance:manage')
  return ctx.db.transaction(async (tx) => repo.usersOfSchool(tx, (await requireSchool(tx, actor, urn)).id))
}

/** One appointment of the school, for the forms that end or correct it. */
export async function getAppointment(ctx: ServiceContext, actor: Actor, urn: string, id: string) {
  authorise(actor, 'governance:read')
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    return requireAppointment(tx, school.id, id)
  })
}

async function requireAppointment(tx: Executor, schoolId: string, id: string) {
  const row = isUuid(id) ? await repo.findAppointment(tx, schoolId, id) : undefined
  if (!row) throw new NotFoundError('appointment')
  return row
}

async function requireLinkedUser(tx: Executor, schoolId: string, userId: string | null) {
  if (userId === null) return
  const people = await repo.usersOfSchool(tx, schoolId)
  if (!isUuid(userId) || !people.some((p) => p.id === userId))
    throw new RuleBrokenError([
      { path: 'userId', message: 'Choose a member of staff from the list, or nobody' },
    ])
}

/** POL-1: refuses, changing nothing, an appointment that overlaps another to a single-holder role. */
async function refuseClash(
  tx: Executor,
  schoolId: string,
  proposed: { id?: string; role: DesignatedRole; startDate: IsoDate; endDate: IsoDate | null },
) {
  const clash = clashingAppointment(
    (await repo.appointmentsOfSchool(tx, schoolId)).map(asAppointment),
    proposed,
  )
  if (clash)
    throw new RuleBrokenError([{ path: 'startDate', message: clashMessage(clash, proposed.startDate) }])
}

/**
 * Appoints someone to a designated role. A DT without QTS is saved and flagged (DT-1), never refused;
 * an overlap with another holder of a single-holder role is refused (POL-1).
 */
export async function appointToRole(ctx: ServiceContext, actor: Actor, urn: string, input: AppointmentInput) {
  authorise(actor, 'governance:manage')
  const checked = checkAppointment(input)
  if (!checked.ok) throw new RuleBrokenError(checked.errors)
  const value = checked.value
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    await requireLinkedUser(tx, school.id, value.userId)
    await repo.lockRole(tx, school.id, value.role)
    await refuseClash(tx, school.id, value)
    const row = await repo.insertAppointment(tx, {
      ...value,
      schoolId: school.id,
      createdBy: authorOf(actor),
    })
    await audit(tx, actor, 'designated_role.appointed', {
      schoolId: school.id,
      entity: 'designated_role_appointment',
      entityId: row.id,
      details: { role: row.role },
    })
    await refreshGovernanceTasks(tx, school, today(ctx), authorOf(actor))
    return { appointment: row, flags: designatedTeacherFlags(asAppointment(row)) }
  })
}

/** Ends an appointment on `endDate`, its holder's last day in the role. */
export async function endAppointment(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  id: string,
  input: { endDate: IsoDate | null; version: number },
) {
  authorise(actor, 'governance:manage')
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const current = await requireAppointment(tx, school.id, id)
    if (!input.endDate)
      throw new RuleBrokenError([{ path: 'endDate', message: 'Enter the last day in the role' }])
    const problem = checkEndDate(current.startDate, input.endDate)
    if (problem) throw new RuleBrokenError([problem])
    await repo.lockRole(tx, school.id, current.role)
    await refuseClash(tx, school.id, { ...current, endDate: input.endDate })
    const row = await repo.updateAppointment(tx, id, input.version, { endDate: input.endDate })
    if (!row) throw new ConflictError()
    await audit(tx, actor, 'designated_role.ended', {
      schoolId: school.id,
      entity: 'designated_role_appointment',
      entityId: row.id,
      details: { role: row.role },
    })
    await refreshGovernanceTasks(tx, school, today(ctx), authorOf(actor))
    return row
  })
}

/** Corrects an appointment's details or dates; the same checks as appointing. */
export async function correctAppointment(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  id: string,
  input: AppointmentInput & { version: number },
) {
  authorise(actor, 'governance:manage')
  const checked = checkAppointment(input)
  if (!checked.ok) throw new RuleBrokenError(checked.errors)
  const value = checked.value
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const current = await requireAppointment(tx, school.id, id)
    await requireLinkedUser(tx, school.id, value.userId)
    // Both roles, in a fixed order, when the correction moves the appointment to another role.
    for (const role of [...new Set([current.role, value.role])].sort())
      await repo.lockRole(tx, school.id, role)
    await refuseClash(tx, school.id, { ...value, id })
    const row = await repo.updateAppointment(tx, id, input.version, value)
    if (!row) throw new ConflictError()
    const changed = (Object.keys(value) as Array<keyof typeof value>).filter((k) => value[k] !== current[k])
    await audit(tx, actor, 'designated_role.corrected', {
      schoolId: school.id,
      entity: 'designated_role_appointment',
      entityId: row.id,
      details: { role: row.role, fields: changed },
    })
    await refreshGovernanceTasks(tx, school, today(ctx), authorOf(actor))
    return { appointment: row, flags: designatedTeacherFlags(asAppointment(row)) }
  })
}
