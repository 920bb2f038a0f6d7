import { and, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, designatedRoleAppointments, schools, tasks } from '../data/schema/index.js'
import { aSchool, aUser } from '../test-support/builders.js'
import { brokenRules, fixedContext, FIXED_TODAY } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import {
  appointToRole,
  correctAppointment,
  endAppointment,
  governanceSummary,
  rolesRegister,
  type AppointmentInput,
} from './governance.service.js'
import { recordTrainingSession } from './governance-training.service.js'
import { setCalendar } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is 23 November 2026: the 2026 to 2027 school year.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aSchoolWithDt() {
  const school = await aSchool(ctx)
  const dt = await aUser(ctx, 'designated_teacher', school, { name: 'Dee Teacher' })
  const head = await aUser(ctx, 'headteacher', school)
  return { school, dt, head }
}

const aDt = (over: Partial<AppointmentInput> = {}): AppointmentInput => ({
  role: 'designated_teacher',
  personName: 'Dee Teacher',
  startDate: '2025-09-01',
  hasQts: true,
  inductionCompleted: true,
  onLeadershipTeam: true,
  ...over,
})

const appointmentsOf = (schoolId: string) =>
  database.db
    .select()
    .from(designatedRoleAppointments)
    .where(eq(designatedRoleAppointments.schoolId, schoolId))

const auditActions = async (schoolId: string) =>
  (await database.db.select().from(auditEvents).where(eq(auditEvents.schoolId, schoolId))).map((e) => ({
    action: e.action,
    details: e.details,
  }))

const openTasksOf = (schoolId: string) =>
  database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.schoolId, schoolId), like(tasks.sourceKey, 'governance:%')))

describe('appointing to a designated role (POL-1, DT-1)', () => {
  it('saves a DT without QTS and flags it as breaking DT-1', async () => {
    const { school, dt } = await aSchoolWithDt()
    const { appointment, flags } = await appointToRole(ctx, dt.actor, school.urn, aDt({ hasQts: false }))
    expect(appointment).toMatchObject({ role: 'designated_teacher', hasQts: false })
    expect(flags).toEqual([expect.objectContaining({ rule: 'DT-1' })])
    const register = await rolesRegister(ctx, dt.actor, school.urn)
    expect(register.appointments).toHaveLength(1)
    expect(register.appointments[0]!.flags[0]!.message).toMatch(/does not have qualified teacher status/)
    // The audit says what happened to which record, and nothing typed about the person.
    expect(await auditActions(school.id)).toContainEqual({
      action: 'designated_role.appointed',
      details: { role: 'designated_teacher' },
    })
  })

  it('refuses an overlapping appointment to a single-holder role, changing nothing', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt())
    const before = await appointmentsOf(school.id)
    const auditBefore = await auditActions(school.id)
    const errors = await brokenRules(
      appointToRole(
        ctx,
        dt.actor,
        school.urn,
        aDt({ personName: 'Second Teacher', startDate: '2026-09-01' }),
      ),
    )
    expect(errors).toEqual([
      {
        path: 'startDate',
        message:
          'Dee Teacher is already the designated teacher from 1 September 2025 with no end date. Only one person can hold this role at a time. End their appointment on or before 31 August 2026 first, or choose another start date',
      },
    ])
    expect(await appointmentsOf(school.id)).toEqual(before)
    expect(await auditActions(school.id)).toEqual(auditBefore)
  })

  it('refuses two overlapping appointments made at the same moment: one of them is saved', async () => {
    const { school, dt } = await aSchoolWithDt()
    const results = await Promise.allSettled([
      appointToRole(ctx, dt.actor, school.urn, aDt({ personName: 'One' })),
      appointToRole(ctx, dt.actor, school.urn, aDt({ personName: 'Two' })),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(await appointmentsOf(school.id)).toHaveLength(1)
  })

  it('lets several deputy DSLs serve at once', async () => {
    const { school, dt } = await aSchoolWithDt()
    const deputy = { role: 'deputy_dsl', startDate: '2026-09-01' }
    await appointToRole(ctx, dt.actor, school.urn, { ...deputy, personName: 'Devi Deputy' })
    await appointToRole(ctx, dt.actor, school.urn, { ...deputy, personName: 'Dan Deputy' })
    expect(await appointmentsOf(school.id)).toHaveLength(2)
  })

  it('links an appointment only to a user of the same school', async () => {
    const { school, dt } = await aSchoolWithDt()
    const elsewhere = await aUser(ctx, 'staff', await aSchool(ctx))
    expect(
      await brokenRules(appointToRole(ctx, dt.actor, school.urn, aDt({ userId: elsewhere.user.id }))),
    ).toEqual([{ path: 'userId', message: 'Choose a member of staff from the list, or nobody' }])
    const { appointment } = await appointToRole(ctx, dt.actor, school.urn, aDt({ userId: dt.user.id }))
    expect(appointment.userId).toBe(dt.user.id)
  })

  it('lets governors read the register but not change it', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt())
    const governor = await aUser(ctx, 'governor', school)
    expect((await rolesRegister(ctx, governor.actor, school.urn)).appointments).toHaveLength(1)
    await expect(appointToRole(ctx, governor.actor, school.urn, aDt())).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('treats another school as not there', async () => {
    const { dt } = await aSchoolWithDt()
    const other = await aSchool(ctx)
    await expect(rolesRegister(ctx, dt.actor, other.urn)).rejects.toBeInstanceOf(NotFoundError)
    await expect(appointToRole(ctx, dt.actor, other.urn, aDt())).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('the register for a school year', () => {
  it('shows the gaps of the year, from the school’s own calendar', async () => {
    const { school, dt, head } = await aSchoolWithDt()
    await setCalendar(ctx, head.actor, school.urn, {
      terms: [
        { name: 'autumn', start: '2026-09-03', end: '2026-12-18' },
        { name: 'spring', start: '2027-01-05', end: '2027-03-26' },
        { name: 'summer', start: '2027-04-12', end: '2027-07-21' },
      ],
      closures: [],
    })
    await appointToRole(ctx, dt.actor, school.urn, aDt({ startDate: '2027-01-05' }))
    const register = await rolesRegister(ctx, dt.actor, school.urn, 2026)
    expect(register).toMatchObject({ window: { from: '2026-09-03', to: '2027-07-21' }, calendarSet: true })
    expect(register.gaps.map((g) => g.message)).toContain(
      'No designated teacher from 3 September 2026 to 4 January 2027',
    )
    expect(register.gaps.map((g) => g.role)).toEqual([
      'designated_teacher',
      'designated_governor',
      'dsl',
      'csw_lead',
      'senco',
      'mental_health_lead',
    ])
  })

  it('lists only the appointments that touch the year', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt({ startDate: '2020-09-01', endDate: '2021-07-31' }))
    await appointToRole(ctx, dt.actor, school.urn, aDt({ personName: 'Now', startDate: '2024-09-01' }))
    const register = await rolesRegister(ctx, dt.actor, school.urn, 2026)
    expect(register.appointments.map((a) => a.personName)).toEqual(['Now'])
  })

  it('refuses a school year that is not a sensible one', async () => {
    const { school, dt } = await aSchoolWithDt()
    for (const year of [1999, 2028, 2026.5])
      expect(await brokenRules(rolesRegister(ctx, dt.actor, school.urn, year))).toEqual([
        expect.objectContaining({ path: 'schoolYear' }),
      ])
  })
})

describe('ending and correcting an appointment', () => {
  it('ends an appointment, leaving a gap the register shows', async () => {
    const { school, dt } = await aSchoolWithDt()
    const { appointment } = await appointToRole(ctx, dt.actor, school.urn, aDt())
    const ended = await endAppointment(ctx, dt.actor, school.urn, appointment.id, {
      endDate: '2026-12-31',
      version: appointment.version,
    })
    expect(ended).toMatchObject({ endDate: '2026-12-31', version: 2 })
    const gaps = (await rolesRegister(ctx, dt.actor, school.urn)).gaps
    expect(gaps.map((g) => g.message)).toContain('No designated teacher from 1 January 2027')
  })

  it('refuses an end date before the start, and a stale version', async () => {
    const { school, dt } = await aSchoolWithDt()
    const { appointment } = await appointToRole(ctx, dt.actor, school.urn, aDt())
    expect(
      await brokenRules(
        endAppointment(ctx, dt.actor, school.urn, appointment.id, { endDate: '2025-08-01', version: 1 }),
      ),
    ).toEqual([
      {
        path: 'endDate',
        message: 'The end date must be the same as or after the start date, 1 September 2025',
      },
    ])
    await endAppointment(ctx, dt.actor, school.urn, appointment.id, { endDate: '2026-12-31', version: 1 })
    await expect(
      endAppointment(ctx, dt.actor, school.urn, appointment.id, { endDate: '2027-01-31', version: 1 }),
    ).rejects.toBeInstanceOf(ConflictError)
  })

  it('corrects a DT’s QTS, and refuses a correction that would overlap another holder', async () => {
    const { school, dt } = await aSchoolWithDt()
    const first = await appointToRole(
      ctx,
      dt.actor,
      school.urn,
      aDt({ hasQts: false, endDate: '2026-08-31' }),
    )
    await appointToRole(ctx, dt.actor, school.urn, aDt({ personName: 'Next', startDate: '2026-09-01' }))
    const corrected = await correctAppointment(ctx, dt.actor, school.urn, first.appointment.id, {
      ...aDt({ endDate: '2026-08-31' }),
      version: 1,
    })
    expect(corrected.flags).toEqual([])
    expect(corrected.appointment).toMatchObject({ hasQts: true, version: 2 })
    const errors = await brokenRules(
      correctAppointment(ctx, dt.actor, school.urn, first.appointment.id, { ...aDt(), version: 2 }),
    )
    expect(errors[0]!.message).toMatch(/^Next is already the designated teacher from 1 September 2026/)
    const [saved] = await database.db
      .select()
      .from(designatedRoleAppointments)
      .where(eq(designatedRoleAppointments.id, first.appointment.id))
    expect(saved).toMatchObject({ endDate: '2026-08-31', version: 2 })
    expect(await auditActions(school.id)).toContainEqual({
      action: 'designated_role.corrected',
      details: { role: 'designated_teacher', fields: ['hasQts'] },
    })
  })

  it('finds no appointment of another school, nor one with a malformed id', async () => {
    const { school, dt } = await aSchoolWithDt()
    const other = await aSchoolWithDt()
    const { appointment } = await appointToRole(ctx, other.dt.actor, other.school.urn, aDt())
    for (const id of [appointment.id, 'not-an-id'])
      await expect(
        endAppointment(ctx, dt.actor, school.urn, id, { endDate: '2026-12-31', version: 1 }),
      ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('tasks for what is missing (POL-1, POL-3, POL-4)', () => {
  it('asks the headteacher to fill a gap, once, and closes the task when the role is filled', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt({ endDate: '2026-12-31' }))
    await appointToRole(ctx, dt.actor, school.urn, {
      role: 'senco',
      personName: 'Sam Senco',
      startDate: '2020-01-01',
    })
    const gapTasks = (await openTasksOf(school.id)).filter((t) => t.kind === 'governance_role_gap')
    const dtGap = gapTasks.filter((t) => t.title === 'Appoint a designated teacher from 1 January 2027')
    expect(dtGap).toEqual([
      expect.objectContaining({
        assigneeRole: 'headteacher',
        dueOn: '2027-01-01',
        doneAt: null,
        pupilId: null,
      }),
    ])
    await appointToRole(ctx, dt.actor, school.urn, aDt({ personName: 'Next', startDate: '2027-01-01' }))
    const after = (await openTasksOf(school.id)).find((t) => t.id === dtGap[0]!.id)
    expect(after?.doneAt).not.toBeNull()
    expect(after?.doneNote).toBe('Done: the register now shows this is in place')
  })

  it('asks the DT for their training days and closes it once 2 days are recorded', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt({ userId: dt.user.id }))
    const dtTask = async () =>
      (await openTasksOf(school.id)).find((t) => t.sourceKey?.includes(':dt_training:'))
    expect(await dtTask()).toMatchObject({
      assigneeUserId: dt.user.id,
      title: 'Designated teacher training: at least 2 days by 31 July 2027',
      doneAt: null,
    })
    await recordTrainingSession(ctx, dt.actor, school.urn, {
      newCourse: { title: 'DT network', kind: 'designated_teacher' },
      heldOn: '2026-10-01',
      duration: 12,
      durationUnit: 'hours',
      wholeStaff: false,
      attendees: [{ userId: dt.user.id }],
    })
    expect((await dtTask())?.doneAt).not.toBeNull()
  })
})

describe('the summary for the report to governors', () => {
  it('gives counts and yes/no only, from the school’s records', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt({ hasQts: false }))
    await recordTrainingSession(ctx, dt.actor, school.urn, {
      newCourse: { title: 'Attachment-aware toolkit', kind: 'atip' },
      heldOn: '2026-09-04',
      duration: 3,
      durationUnit: 'hours',
      wholeStaff: true,
      attendees: [{ personName: 'Dee Teacher' }, { personName: 'Amy Assistant' }],
    })
    const summary = await database.db.transaction((tx) => governanceSummary(tx, school.id, 2026, FIXED_TODAY))
    expect(summary).toMatchObject({
      designatedTeacherAppointed: true,
      designatedTeacherQtsOk: false,
      designatedTeacherTrainingDays: 0.5,
      designatedTeacherTrainingOk: false,
      wholeStaffAtipDone: true,
      staffTrained: 2,
      roleGaps: 5,
    })
    expect(JSON.stringify(summary)).not.toMatch(/Dee|Amy/)
  })

  it('uses the school’s own training day length when it sets one', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, aDt())
    await recordTrainingSession(ctx, SYSTEM_ACTOR, school.urn, {
      newCourse: { title: 'DT course', kind: 'designated_teacher' },
      heldOn: '2026-10-01',
      duration: 10,
      durationUnit: 'hours',
      wholeStaff: false,
      attendees: [{ personName: 'Dee Teacher' }],
    })
    await database.db
      .update(schools)
      .set({ settings: { trainingDayHours: 5 } })
      .where(eq(schools.id, school.id))
    const summary = await database.db.transaction((tx) => governanceSummary(tx, school.id, 2026, FIXED_TODAY))
    expect(summary.designatedTeacherTrainingDays).toBe(2)
    expect(summary.designatedTeacherTrainingOk).toBe(true)
  })
})
