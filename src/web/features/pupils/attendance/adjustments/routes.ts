import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../domain/calendar/dates.js'
import { addPlacementMoveAdjustment } from '../../../../../services/attendance-plans.service.js'
import {
  attendanceFormContext,
  type AttendanceFormContext,
} from '../../../../../services/attendance-views.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { FormProblems, type DateParts, type ErrorList } from '../../../../forms.js'
import { renderPage, setFlash } from '../../../../render.js'
import { attendancePageUrl, bodyOf, dateParts, readDate, saveOrCollect, text } from '../form-helpers.js'

type Route = { Params: { id: string } }
type Values = { fromDate: DateParts; toDate: DateParts; note: string; placementChangeId: string }

const URL = '/pupils/:id/attendance/adjustments/new'
const KIND = { placement: 'Change of placement', school: 'Change of school' } as const

function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  context: AttendanceFormContext,
  values: Values,
  errors?: ErrorList,
) {
  const changes = context.placementChanges.map((c) => ({
    value: c.id,
    text: `${KIND[c.kind] ?? 'Change'} on ${formatDate(c.changedOn)}`,
    checked: values.placementChangeId === c.id,
  }))
  return renderPage(
    request,
    reply,
    'pupils/attendance/adjustments/form.njk',
    {
      title: 'Record absence due to a care placement move',
      pupil: context.pupil,
      changes: changes.length
        ? [...changes, { value: '', text: 'None of these', checked: values.placementChangeId === '' }]
        : [],
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

/**
 * DOMAIN.md POL-17 (issue 5 item 5): the designated teacher marks days of absence due to a care placement
 * move, which the school's recognition of full attendance then leaves out. The statutory figures never change.
 */
export async function adjustmentRoutes(app: FastifyInstance): Promise<void> {
  const manage = requirePermission('attendance:manage')

  app.get<Route>(URL, { preHandler: [requireSignIn, manage] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    return showForm(request, reply, context, {
      fromDate: dateParts(null),
      toDate: dateParts(null),
      note: '',
      placementChangeId: '',
    })
  })

  app.post<Route>(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, manage] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const body = bodyOf(request)
      const problems = new FormProblems({ note: 'note', placementChangeId: 'placementChangeId' })
      const fromDate = readDate(body, problems, 'fromDate', 'first day of the move', true)
      const toDate = readDate(body, problems, 'toDate', 'last day of the move', true)
      const values: Values = {
        fromDate: fromDate.parts,
        toDate: toDate.parts,
        note: text(body, 'note'),
        placementChangeId: text(body, 'placementChangeId'),
      }
      const saved = await saveOrCollect(problems, () =>
        addPlacementMoveAdjustment(ctx, request.actor!, context.pupil.id, {
          fromDate: fromDate.iso,
          toDate: toDate.iso,
          note: values.note,
          placementChangeId: values.placementChangeId || null,
        }),
      )
      if (saved && !problems.has()) {
        const days =
          saved.fromDate === saved.toDate
            ? formatDate(saved.fromDate)
            : `${formatDate(saved.fromDate)} to ${formatDate(saved.toDate)}`
        setFlash(request, `Absences on ${days} are left out of the recognition of full attendance`)
        return reply.redirect(attendancePageUrl(context.pupil.id, 'adjustments'))
      }
      return showForm(request, reply, context, values, problems.list())
    },
  )
}
