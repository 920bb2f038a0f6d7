import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../domain/calendar/dates.js'
import {
  attendanceFormContext,
  type AttendanceFormContext,
} from '../../../../../services/attendance-views.service.js'
import { NotFoundError } from '../../../../../services/errors.js'
import {
  createPartTimeTimetable,
  endPartTimeTimetable,
  updatePartTimeTimetable,
} from '../../../../../services/part-time-timetables.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { FormProblems, type DateParts, type ErrorList } from '../../../../forms.js'
import { renderPage, setFlash } from '../../../../render.js'
import {
  attendancePageUrl,
  bodyOf,
  dateParts,
  readDate,
  saveOrCollect,
  text,
  versionOf,
} from '../form-helpers.js'
import { readTimetableForm, timetableValues, type TimetableValues } from './form.js'

type Route = { Params: { id: string; timetableId?: string } }

const NEW = '/pupils/:id/attendance/part-time-timetables/new'
const EDIT = '/pupils/:id/attendance/part-time-timetables/:timetableId/edit'
const END = '/pupils/:id/attendance/part-time-timetables/:timetableId/end'
const SECTION = 'part-time-timetables'

function activeTimetableOf(context: AttendanceFormContext, id: string | undefined) {
  const timetable = context.partTimeTimetables.find((t) => t.id === id)
  if (!timetable || timetable.status !== 'active') throw new NotFoundError('part-time timetable')
  return timetable
}

function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  context: AttendanceFormContext,
  timetable: { id: string; version: number } | null,
  values: TimetableValues,
  errors?: ErrorList,
) {
  const { pupil } = context
  return renderPage(
    request,
    reply,
    'pupils/attendance/part-time-timetables/form.njk',
    {
      title: timetable ? 'Change the part-time timetable' : 'Add a part-time timetable',
      pupil,
      lookedAfter: context.lookedAfter,
      action: timetable
        ? `/pupils/${pupil.id}/attendance/${SECTION}/${timetable.id}/edit`
        : `/pupils/${pupil.id}/attendance/${SECTION}/new`,
      version: timetable?.version ?? null,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

type EndValues = { outcome: string; endedOn: DateParts }

function showEndForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  context: AttendanceFormContext,
  timetable: { id: string; version: number; startDate: string },
  values: EndValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/attendance/part-time-timetables/end.njk',
    {
      title: 'End the part-time timetable',
      pupil: context.pupil,
      timetable: { ...timetable, started: formatDate(timetable.startDate) },
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

const MANAGE = requirePermission('attendance:manage')

/** DOMAIN.md ATT-16 (issue 5 item 4): part-time timetables: add, change (a review moves the dates on), end. */
export async function partTimeTimetableRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(NEW, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    return showForm(request, reply, context, null, timetableValues())
  })

  app.post<Route>(
    NEW,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const { values, input, problems, mayCallService } = readTimetableForm(bodyOf(request))
      const saved = mayCallService
        ? await saveOrCollect(problems, () =>
            createPartTimeTimetable(ctx, request.actor!, context.pupil.id, input),
          )
        : null
      if (saved && !problems.has()) {
        setFlash(
          request,
          `Part-time timetable added, from ${formatDate(saved.startDate)} to ${formatDate(saved.endDate)}`,
        )
        return reply.redirect(attendancePageUrl(context.pupil.id, SECTION))
      }
      return showForm(request, reply, context, null, values, problems.list())
    },
  )

  app.get<Route>(EDIT, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    const timetable = activeTimetableOf(context, request.params.timetableId)
    return showForm(request, reply, context, timetable, timetableValues(timetable))
  })

  app.post<Route>(
    EDIT,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const timetable = activeTimetableOf(context, request.params.timetableId)
      const body = bodyOf(request)
      const { values, input, problems, mayCallService } = readTimetableForm(body)
      const version = versionOf(body)
      const saved = mayCallService
        ? await saveOrCollect(problems, () =>
            updatePartTimeTimetable(ctx, request.actor!, context.pupil.id, timetable.id, version, input),
          )
        : null
      if (saved && !problems.has()) {
        setFlash(request, 'Part-time timetable saved')
        return reply.redirect(attendancePageUrl(context.pupil.id, SECTION))
      }
      return showForm(request, reply, context, { id: timetable.id, version }, values, problems.list())
    },
  )

  app.get<Route>(END, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    const timetable = activeTimetableOf(context, request.params.timetableId)
    return showEndForm(request, reply, context, timetable, { outcome: '', endedOn: dateParts(context.today) })
  })

  app.post<Route>(
    END,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const timetable = activeTimetableOf(context, request.params.timetableId)
      const body = bodyOf(request)
      const problems = new FormProblems({ outcome: 'outcome' })
      const endedOn = readDate(body, problems, 'endedOn', 'date it ended', true)
      const values = { outcome: text(body, 'outcome'), endedOn: endedOn.parts }
      const version = versionOf(body)
      const ended = await saveOrCollect(problems, () =>
        endPartTimeTimetable(ctx, request.actor!, context.pupil.id, timetable.id, version, {
          endedOn: endedOn.iso,
          outcome: values.outcome,
        }),
      )
      if (ended && !problems.has()) {
        setFlash(request, 'Part-time timetable ended')
        return reply.redirect(attendancePageUrl(context.pupil.id, SECTION))
      }
      return showEndForm(request, reply, context, { ...timetable, version }, values, problems.list())
    },
  )
}
