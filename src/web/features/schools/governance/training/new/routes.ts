import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isRole, ROLE_LABELS } from '../../../../../../domain/access/roles.js'
import { formatDate, todayInLondon } from '../../../../../../domain/calendar/dates.js'
import { DESIGNATED_ROLE_NAMES } from '../../../../../../domain/governance/roles.js'
import { TRAINING_KIND_LABELS, TRAINING_KINDS } from '../../../../../../domain/governance/training.js'
import { RuleBrokenError, type FieldError } from '../../../../../../services/errors.js'
import { rolesRegister, schoolPeople } from '../../../../../../services/governance.service.js'
import {
  checkTrainingSession,
  listCourses,
  recordTrainingSession,
  type SessionInput,
} from '../../../../../../services/governance-training.service.js'
import { getSchool } from '../../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../../../forms.js'

type Route = { Params: { urn: string } }

type Values = {
  courseId: string
  newCourseTitle: string
  newCourseKind: string
  newCourseProvider: string
  heldOn: DateParts
  duration: string
  durationUnit: string
  wholeStaff: boolean
  appointmentIds: string[]
  userIds: string[]
  otherNames: string
  notes: string
}

const EMPTY: Values = {
  courseId: '',
  newCourseTitle: '',
  newCourseKind: '',
  newCourseProvider: '',
  heldOn: dateParts(null),
  duration: '',
  durationUnit: 'hours',
  wholeStaff: false,
  appointmentIds: [],
  userIds: [],
  otherNames: '',
  notes: '',
}

const NEW_COURSE = 'new'

/** A problem with one typed name (`attendees.2`) belongs to the box they were typed in. */
const oneAttendeesField = (e: FieldError): FieldError =>
  e.path.startsWith('attendees.') ? { ...e, path: 'attendees' } : e

function list(body: FormBody, name: string): string[] {
  const v = body[name]
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean)
}

/** A number as typed ("1.5", "-2"); anything else is no number, which the service says plainly. */
function numberOf(typed: string): number | null {
  return /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : null
}

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  school: { urn: string; name: string },
  values: Values,
  problems?: FormProblems,
) {
  const { ctx } = request.server.harbour
  const actor = request.actor!
  const [courses, register, people] = await Promise.all([
    listCourses(ctx, actor, school.urn),
    rolesRegister(ctx, actor, school.urn),
    schoolPeople(ctx, actor, school.urn),
  ])
  const linked = new Set(register.appointments.map((a) => a.userId).filter(Boolean))
  return renderPage(
    request,
    reply,
    'schools/governance/training/new/view.njk',
    {
      title: 'Record a training session',
      school,
      values,
      back: `/schools/${school.urn}/governance/training`,
      errors: problems?.has() ? problems.list() : undefined,
      courses: courses.map((c) => ({ value: c.id, text: c.title, hint: TRAINING_KIND_LABELS[c.kind] })),
      kinds: TRAINING_KINDS.map((k) => ({ value: k, text: TRAINING_KIND_LABELS[k] })),
      holders: register.appointments.map((a) => ({
        value: a.id,
        text: `${a.personName}, ${DESIGNATED_ROLE_NAMES[a.role].inSentence}`,
      })),
      people: people
        .filter((p) => !linked.has(p.id))
        .map((p) => ({ value: p.id, text: `${p.name} (${isRole(p.role) ? ROLE_LABELS[p.role] : p.role})` })),
    },
    problems?.has() ? 422 : 200,
  )
}

function readForm(body: FormBody, hasCourses: boolean) {
  const problems = new FormProblems({
    courseId: 'courseId',
    'newCourse.title': 'newCourse-title',
    'newCourse.kind': 'newCourse-kind',
    'newCourse.provider': 'newCourse-provider',
    heldOn: 'heldOn-day',
    durationUnit: 'durationUnit',
    attendees: 'otherNames',
  })
  const heldOn = problems.date(body, 'heldOn', 'date of the training', true)
  const values: Values = {
    courseId: hasCourses ? text(body, 'courseId') : NEW_COURSE,
    newCourseTitle: text(body, 'newCourseTitle'),
    newCourseKind: text(body, 'newCourseKind'),
    newCourseProvider: text(body, 'newCourseProvider'),
    heldOn: heldOn.parts,
    duration: text(body, 'duration'),
    durationUnit: text(body, 'durationUnit'),
    wholeStaff: text(body, 'wholeStaff') === 'yes',
    appointmentIds: list(body, 'appointmentIds'),
    userIds: list(body, 'userIds'),
    otherNames: text(body, 'otherNames'),
    notes: text(body, 'notes'),
  }
  const input: SessionInput = {
    courseId: values.courseId === NEW_COURSE ? null : values.courseId || null,
    newCourse:
      values.courseId === NEW_COURSE
        ? { title: values.newCourseTitle, kind: values.newCourseKind, provider: values.newCourseProvider }
        : null,
    heldOn: heldOn.value,
    duration: numberOf(values.duration),
    durationUnit: values.durationUnit,
    wholeStaff: values.wholeStaff,
    notes: values.notes || null,
    attendees: [
      ...values.appointmentIds.map((appointmentId) => ({ appointmentId })),
      ...values.userIds.map((userId) => ({ userId })),
      ...values.otherNames.split('\n').map((personName) => ({ personName })),
    ],
  }
  return { values, input, problems }
}

/** Recording a training session and who attended (POL-4: "record sessions and attendees"). */
export async function newTrainingSessionRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/schools/:urn/governance/training/new',
    { preHandler: [requireSignIn, requirePermission('governance:manage')] },
    async (request, reply) => {
      const school = await getSchool(request.server.harbour.ctx, request.actor!, request.params.urn)
      return showForm(request, reply, school, EMPTY)
    },
  )

  app.post<Route>(
    '/schools/:urn/governance/training/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('governance:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const school = await getSchool(ctx, actor, request.params.urn)
      const hasCourses = (await listCourses(ctx, actor, school.urn)).length > 0
      const { values, input, problems } = readForm((request.body ?? {}) as FormBody, hasCourses)
      if (problems.has()) {
        // A date that is not a real one stops the form here: say at once what else is wrong with it too.
        const others = checkTrainingSession(input, todayInLondon(ctx.now()))
        problems.addAll(
          others.filter((e) => !problems.has(e.path)),
          oneAttendeesField,
        )
      } else
        try {
          const recorded = await recordTrainingSession(ctx, actor, school.urn, input)
          setFlash(
            request,
            `Training on ${formatDate(recorded.session.heldOn)} recorded: ${recorded.course.title}`,
          )
          return reply.redirect(`/schools/${school.urn}/governance/training`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors, oneAttendeesField)
        }
      return showForm(request, reply, school, values, problems)
    },
  )
}
