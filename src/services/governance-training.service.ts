/**
 * Issue 7 item 2: the training register (DOMAIN.md POL-3, POL-4, DT-3): courses, sessions with who
 * attended, and who is missing what, by when.
 */
import { isIsoDate, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { trainingCompliance, type ComplianceItem } from '../domain/governance/compliance.js'
import {
  checkDuration,
  durationInDays,
  isTrainingKind,
  type TrainingKind,
} from '../domain/governance/training.js'
import { overlongFields, type TextProblem } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/governance.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError, type FieldError } from './errors.js'
import { authorOf, governanceFacts, refreshGovernanceTasks } from './governance-compliance.js'
import { checkSchoolYear } from './governance.service.js'
import { isUuid } from './ids.js'
import { requireSchool } from './schools.service.js'

export type CourseInput = { title: string; kind: string; provider?: string | null | undefined }

export type AttendeeInput = {
  personName?: string | null | undefined
  userId?: string | null | undefined
  appointmentId?: string | null | undefined
}

export type SessionInput = {
  /** An existing course of the school, or `newCourse`. */
  courseId?: string | null | undefined
  newCourse?: CourseInput | null | undefined
  heldOn: IsoDate | null
  duration: number | null
  durationUnit: string
  wholeStaff: boolean
  notes?: string | null | undefined
  attendees: AttendeeInput[]
}

function checkCourse(input: CourseInput, prefix: string): TextProblem[] {
  const errors: TextProblem[] = []
  if (!input.title.trim()) errors.push({ path: `${prefix}title`, message: 'Enter the course’s title' })
  if (!isTrainingKind(input.kind))
    errors.push({ path: `${prefix}kind`, message: 'Choose what kind of training it is' })
  errors.push(
    ...overlongFields([
      { path: `${prefix}title`, label: 'The title', value: input.title.trim(), kind: 'shortText' },
      {
        path: `${prefix}provider`,
        label: 'The provider',
        value: input.provider?.trim(),
        kind: 'organisation',
      },
    ]),
  )
  return errors
}

async function insertCourse(tx: Executor, actor: Actor, schoolId: string, input: CourseInput) {
  const row = await repo.insertCourse(tx, {
    schoolId,
    title: input.title.trim(),
    kind: input.kind as TrainingKind,
    provider: input.provider?.trim() || null,
    createdBy: authorOf(actor),
  })
  await audit(tx, actor, 'training_course.added', {
    schoolId,
    entity: 'training_course',
    entityId: row.id,
    details: { kind: row.kind },
  })
  return row
}

export async function addCourse(ctx: ServiceContext, actor: Actor, urn: string, input: CourseInput) {
  authorise(actor, 'governance:manage')
  const errors = checkCourse(input, '')
  if (errors.length) throw new RuleBrokenError(errors)
  return ctx.db.transaction(async (tx) =>
    insertCourse(tx, actor, (await requireSchool(tx, actor, urn)).id, input),
  )
}

export async function listCourses(ctx: ServiceContext, actor: Actor, urn: string) {
  authorise(actor, 'governance:read')
  return ctx.db.transaction(async (tx) => repo.coursesOfSchool(tx, (await requireSchool(tx, actor, urn)).id))
}

/** The checks that need no database, for a form that stops before saving (a date that is not real). */
export function checkTrainingSession(input: SessionInput, todayIso: IsoDate): FieldError[] {
  const errors: FieldError[] = []
  if (input.newCourse) errors.push(...checkCourse(input.newCourse, 'newCourse.'))
  else if (!input.courseId) errors.push({ path: 'courseId', message: 'Choose the course, or add a new one' })
  if (!input.heldOn) errors.push({ path: 'heldOn', message: 'Enter the date of the training' })
  else if (!isIsoDate(input.heldOn) || input.heldOn < '2000-01-01')
    errors.push({
      path: 'heldOn',
      message: 'The date of the training must be a real date, from 2000 onwards',
    })
  else if (input.heldOn > todayIso)
    errors.push({ path: 'heldOn', message: 'The date of the training must be today or in the past' })
  errors.push(...checkDuration(input.duration, input.durationUnit))
  errors.push(
    ...overlongFields([{ path: 'notes', label: 'The notes', value: input.notes?.trim(), kind: 'note' }]),
  )
  input.attendees.forEach((a, i) => {
    errors.push(
      ...overlongFields([
        { path: `attendees.${i}`, label: 'A name', value: a.personName?.trim(), kind: 'name' },
      ]),
    )
  })
  return errors
}

type Attendee = { personName: string; userId: string | null; appointmentId: string | null }

/** Each attendee once, with the name of the account or appointment they are linked to. */
async function resolveAttendees(tx: Executor, schoolId: string, given: AttendeeInput[]): Promise<Attendee[]> {
  const people = await repo.usersOfSchool(tx, schoolId)
  const appointments = await repo.appointmentsOfSchool(tx, schoolId)
  const resolved: Attendee[] = []
  for (const a of given) {
    let attendee: Attendee | null = null
    if (a.appointmentId) {
      const appointment = appointments.find((p) => p.id === a.appointmentId)
      if (!appointment)
        throw new RuleBrokenError([
          { path: 'attendees', message: 'Choose people who attended from the lists given' },
        ])
      attendee = {
        personName: appointment.personName,
        userId: appointment.userId,
        appointmentId: appointment.id,
      }
    } else if (a.userId) {
      const user = isUuid(a.userId) ? people.find((p) => p.id === a.userId) : undefined
      if (!user)
        throw new RuleBrokenError([
          { path: 'attendees', message: 'Choose people who attended from the lists given' },
        ])
      attendee = { personName: user.name, userId: user.id, appointmentId: null }
    } else if (a.personName?.trim()) {
      attendee = { personName: a.personName.trim().replace(/\s+/g, ' '), userId: null, appointmentId: null }
    }
    if (!attendee) continue
    const same = (b: Attendee) =>
      (attendee.userId !== null && b.userId === attendee.userId) ||
      (attendee.appointmentId !== null && b.appointmentId === attendee.appointmentId) ||
      b.personName.toLowerCase() === attendee.personName.toLowerCase()
    const known = resolved.find(same)
    // The same person ticked twice (as a role holder and as a member of staff): once, with both links.
    if (known) {
      known.userId ??= attendee.userId
      known.appointmentId ??= attendee.appointmentId
    } else resolved.push(attendee)
  }
  return resolved
}

/**
 * Records a training session and who attended (POL-4: "record sessions and attendees"). A length
 * that is not positive or not believable is refused with a plain message (issue 7, "Bad input").
 */
export async function recordTrainingSession(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  input: SessionInput,
) {
  authorise(actor, 'governance:manage')
  const todayIso = today(ctx)
  const errors = checkTrainingSession(input, todayIso)
  if (errors.length) throw new RuleBrokenError(errors)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const attendees = await resolveAttendees(tx, school.id, input.attendees)
    if (attendees.length === 0 && !input.wholeStaff)
      throw new RuleBrokenError([
        {
          path: 'attendees',
          message: 'Add at least one person who attended, or say the session was for the whole staff',
        },
      ])
    const existing =
      input.courseId && isUuid(input.courseId)
        ? await repo.findCourse(tx, school.id, input.courseId)
        : undefined
    if (!input.newCourse && !existing)
      throw new RuleBrokenError([{ path: 'courseId', message: 'Choose the course, or add a new one' }])
    const course = existing ?? (await insertCourse(tx, actor, school.id, input.newCourse!))
    const session = await repo.insertSession(tx, {
      schoolId: school.id,
      courseId: course.id,
      heldOn: input.heldOn!,
      duration: input.duration!,
      durationUnit: input.durationUnit as 'hours' | 'days',
      wholeStaff: input.wholeStaff,
      notes: input.notes?.trim() || null,
      createdBy: authorOf(actor),
    })
    await repo.insertAttendances(
      tx,
      attendees.map((a) => ({ ...a, sessionId: session.id })),
    )
    await audit(tx, actor, 'training_session.recorded', {
      schoolId: school.id,
      entity: 'training_session',
      entityId: session.id,
      details: { courseId: course.id, kind: course.kind, attendees: attendees.length },
    })
    await refreshGovernanceTasks(tx, school, todayIso, authorOf(actor))
    return { session, course, attendees }
  })
}

export type TrainingRegisterSession = repo.SessionWithCourse & { days: number }

export type TrainingRegister = {
  school: { urn: string; name: string }
  schoolYear: number
  currentSchoolYear: number
  window: { from: IsoDate; to: IsoDate }
  calendarSet: boolean
  hoursPerDay: number
  /** The sessions held in the school year (1 August to 31 July), latest first. */
  sessions: TrainingRegisterSession[]
  compliance: ComplianceItem[]
}

export async function trainingRegister(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  schoolYear?: number,
): Promise<TrainingRegister> {
  authorise(actor, 'governance:read')
  const todayIso = today(ctx)
  const year = checkSchoolYear(schoolYear, todayIso)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const facts = await governanceFacts(tx, school, year, todayIso)
    const from = `${year}-08-01`
    return {
      school: { urn: school.urn, name: school.name },
      schoolYear: year,
      currentSchoolYear: schoolYearOf(todayIso),
      window: facts.window,
      calendarSet: facts.calendarSet,
      hoursPerDay: facts.hoursPerDay,
      sessions: facts.sessionRows
        .filter((s) => s.heldOn >= from)
        .map((s) => ({ ...s, days: durationInDays(s, facts.hoursPerDay) })),
      compliance: trainingCompliance(facts),
    }
  })
}
