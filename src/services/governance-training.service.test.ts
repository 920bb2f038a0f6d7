import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, trainingAttendances, trainingCourses, trainingSessions } from '../data/schema/index.js'
import { aSchool, aUser } from '../test-support/builders.js'
import { brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { appointToRole } from './governance.service.js'
import {
  addCourse,
  listCourses,
  recordTrainingSession,
  trainingRegister,
  type SessionInput,
} from './governance-training.service.js'

// FIXED_TODAY is 23 November 2026.
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
  return { school, dt }
}

const aSession = (over: Partial<SessionInput> = {}): SessionInput => ({
  newCourse: { title: 'Attachment-aware toolkit', kind: 'atip', provider: 'Virtual School' },
  heldOn: '2026-10-05',
  duration: 3,
  durationUnit: 'hours',
  wholeStaff: false,
  attendees: [{ personName: 'Amy Assistant' }],
  ...over,
})

const sessionsOf = (schoolId: string) =>
  database.db.select().from(trainingSessions).where(eq(trainingSessions.schoolId, schoolId))

describe('recording a training session (POL-3, POL-4)', () => {
  it('records the session, its new course and who attended, linked where they can be', async () => {
    const { school, dt } = await aSchoolWithDt()
    const { appointment } = await appointToRole(ctx, dt.actor, school.urn, {
      role: 'dsl',
      personName: 'Dana Lead',
      startDate: '2025-09-01',
    })
    const { session, course, attendees } = await recordTrainingSession(
      ctx,
      dt.actor,
      school.urn,
      aSession({
        attendees: [
          { userId: dt.user.id },
          { appointmentId: appointment.id },
          { personName: '  Amy   Assistant ' },
          { personName: 'amy assistant' },
          { personName: '' },
        ],
      }),
    )
    expect(course).toMatchObject({
      title: 'Attachment-aware toolkit',
      kind: 'atip',
      provider: 'Virtual School',
    })
    expect(session).toMatchObject({ heldOn: '2026-10-05', duration: 3, durationUnit: 'hours' })
    expect(attendees).toEqual([
      { personName: 'Dee Teacher', userId: dt.user.id, appointmentId: null },
      { personName: 'Dana Lead', userId: null, appointmentId: appointment.id },
      { personName: 'Amy Assistant', userId: null, appointmentId: null },
    ])
    const saved = await database.db
      .select()
      .from(trainingAttendances)
      .where(eq(trainingAttendances.sessionId, session.id))
    expect(saved).toHaveLength(3)
    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, session.id))
    expect(events.map((e) => [e.action, e.details])).toEqual([
      ['training_session.recorded', { courseId: course.id, kind: 'atip', attendees: 3 }],
    ])
  })

  it('adds a session to an existing course of the school', async () => {
    const { school, dt } = await aSchoolWithDt()
    const course = await addCourse(ctx, dt.actor, school.urn, { title: 'DSL refresher', kind: 'dsl' })
    await recordTrainingSession(ctx, dt.actor, school.urn, aSession({ newCourse: null, courseId: course.id }))
    expect((await sessionsOf(school.id))[0]?.courseId).toBe(course.id)
    expect(await listCourses(ctx, dt.actor, school.urn)).toEqual([course])
  })

  it('will not add a session to another school’s course', async () => {
    const { school, dt } = await aSchoolWithDt()
    const other = await aSchoolWithDt()
    const theirs = await addCourse(ctx, other.dt.actor, other.school.urn, { title: 'Theirs', kind: 'dsl' })
    expect(
      await brokenRules(
        recordTrainingSession(ctx, dt.actor, school.urn, aSession({ newCourse: null, courseId: theirs.id })),
      ),
    ).toEqual([{ path: 'courseId', message: 'Choose the course, or add a new one' }])
  })

  it.each<[string, Partial<SessionInput>, string, string]>([
    ['negative hours', { duration: -3 }, 'duration', 'How long the training lasted must be more than 0'],
    ['no hours at all', { duration: 0 }, 'duration', 'How long the training lasted must be more than 0'],
    [
      'absurd hours',
      { duration: 600 },
      'duration',
      'One session cannot be longer than 60 hours. Check the number, or record a longer course as several sessions',
    ],
    [
      'absurd days',
      { duration: 45, durationUnit: 'days' },
      'duration',
      'One session cannot be longer than 10 days. Check the number, or record a longer course as several sessions',
    ],
    [
      'a date in the future',
      { heldOn: '2026-11-24' },
      'heldOn',
      'The date of the training must be today or in the past',
    ],
    ['no date', { heldOn: null }, 'heldOn', 'Enter the date of the training'],
    ['no course', { newCourse: null }, 'courseId', 'Choose the course, or add a new one'],
    [
      'a new course with no title',
      { newCourse: { title: ' ', kind: 'atip' } },
      'newCourse.title',
      'Enter the course’s title',
    ],
    [
      'nobody attending a session that was not for the whole staff',
      { attendees: [{ personName: ' ' }] },
      'attendees',
      'Add at least one person who attended, or say the session was for the whole staff',
    ],
  ])('refuses %s, saving nothing', async (_, over, path, message) => {
    const { school, dt } = await aSchoolWithDt()
    expect(
      await brokenRules(recordTrainingSession(ctx, dt.actor, school.urn, aSession(over))),
    ).toContainEqual({
      path,
      message,
    })
    expect(await sessionsOf(school.id)).toEqual([])
    expect(
      await database.db.select().from(trainingCourses).where(eq(trainingCourses.schoolId, school.id)),
    ).toEqual([])
  })

  it('takes a whole-staff session without a list of names', async () => {
    const { school, dt } = await aSchoolWithDt()
    await recordTrainingSession(ctx, dt.actor, school.urn, aSession({ wholeStaff: true, attendees: [] }))
    expect(await sessionsOf(school.id)).toHaveLength(1)
  })

  it('refuses a governor and treats another school as not there', async () => {
    const { school, dt } = await aSchoolWithDt()
    const governor = await aUser(ctx, 'governor', school)
    await expect(recordTrainingSession(ctx, governor.actor, school.urn, aSession())).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    const other = await aSchool(ctx)
    await expect(recordTrainingSession(ctx, dt.actor, other.urn, aSession())).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('the training register for a school year', () => {
  it('lists the year’s sessions with their days, and who is missing what, by when', async () => {
    const { school, dt } = await aSchoolWithDt()
    await appointToRole(ctx, dt.actor, school.urn, {
      role: 'designated_teacher',
      personName: 'Dee Teacher',
      userId: dt.user.id,
      startDate: '2024-09-01',
      hasQts: true,
      inductionCompleted: true,
      onLeadershipTeam: true,
    })
    await recordTrainingSession(ctx, dt.actor, school.urn, aSession({ heldOn: '2026-07-01' }))
    await recordTrainingSession(
      ctx,
      dt.actor,
      school.urn,
      aSession({ heldOn: '2026-09-10', duration: 9, attendees: [{ userId: dt.user.id }] }),
    )
    const register = await trainingRegister(ctx, dt.actor, school.urn, 2026)
    expect(register.sessions.map((s) => [s.heldOn, s.days])).toEqual([['2026-09-10', 1.5]])
    expect(register.compliance.map((c) => [c.requirement, c.who, c.status, c.by])).toEqual([
      ['dt_training', 'Dee Teacher', 'due', '2027-07-31'],
      ['atip_whole_staff', 'All staff', 'due', '2027-07-31'],
    ])
    expect(register.compliance[0]!.what).toContain('1.5 days so far')
    const governor = await aUser(ctx, 'governor', school)
    expect((await trainingRegister(ctx, governor.actor, school.urn, 2025)).sessions).toHaveLength(1)
  })
})
