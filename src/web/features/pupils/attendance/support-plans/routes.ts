import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../domain/calendar/dates.js'
import {
  closeSupportPlan,
  createSupportPlan,
  updateSupportPlan,
} from '../../../../../services/attendance-plans.service.js'
import {
  attendanceFormContext,
  type AttendanceFormContext,
} from '../../../../../services/attendance-views.service.js'
import { NotFoundError } from '../../../../../services/errors.js'
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
import { planValues, readSupportPlanForm, type SupportPlanValues } from './form.js'

type Route = { Params: { id: string; planId?: string } }

const NEW = '/pupils/:id/attendance/support-plans/new'
const EDIT = '/pupils/:id/attendance/support-plans/:planId/edit'
const CLOSE = '/pupils/:id/attendance/support-plans/:planId/close'

/** The open plan the address names; anything else is not found. */
function openPlanOf(context: AttendanceFormContext, planId: string | undefined) {
  const plan = context.supportPlans.find((p) => p.id === planId)
  if (!plan || plan.status !== 'open') throw new NotFoundError('attendance support plan')
  return plan
}

function showPlanForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  context: AttendanceFormContext,
  plan: { id: string; version: number } | null,
  values: SupportPlanValues,
  errors?: ErrorList,
) {
  const { pupil } = context
  return renderPage(
    request,
    reply,
    'pupils/attendance/support-plans/form.njk',
    {
      title: plan ? 'Change the attendance support plan' : 'Add an attendance support plan',
      pupil,
      action: plan
        ? `/pupils/${pupil.id}/attendance/support-plans/${plan.id}/edit`
        : `/pupils/${pupil.id}/attendance/support-plans/new`,
      version: plan?.version ?? null,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

type CloseValues = { outcome: string; closedOn: DateParts }

function showCloseForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  context: AttendanceFormContext,
  plan: { id: string; version: number; startedOn: string },
  values: CloseValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/attendance/support-plans/close.njk',
    {
      title: 'Close the attendance support plan',
      pupil: context.pupil,
      plan: { ...plan, started: formatDate(plan.startedOn) },
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

const MANAGE = requirePermission('attendance:manage')

/** Issue 5 item 4, POL-15: attendance support plans: add, change, and close with an outcome. */
export async function supportPlanRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(NEW, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    return showPlanForm(request, reply, context, null, planValues(undefined, context.today))
  })

  app.post<Route>(
    NEW,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const { values, input, problems, rewrite } = readSupportPlanForm(bodyOf(request))
      const saved = await saveOrCollect(
        problems,
        () => createSupportPlan(ctx, request.actor!, context.pupil.id, input),
        rewrite,
      )
      if (saved && !problems.has()) {
        setFlash(request, `Support plan added. Its review is due on ${formatDate(saved.reviewDate)}`)
        return reply.redirect(attendancePageUrl(context.pupil.id, 'support-plans'))
      }
      return showPlanForm(request, reply, context, null, values, problems.list())
    },
  )

  app.get<Route>(EDIT, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    const plan = openPlanOf(context, request.params.planId)
    return showPlanForm(request, reply, context, plan, planValues(plan))
  })

  app.post<Route>(
    EDIT,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const plan = openPlanOf(context, request.params.planId)
      const body = bodyOf(request)
      const { values, input, problems, rewrite } = readSupportPlanForm(body)
      const version = versionOf(body)
      const saved = await saveOrCollect(
        problems,
        () => updateSupportPlan(ctx, request.actor!, context.pupil.id, plan.id, version, input),
        rewrite,
      )
      if (saved && !problems.has()) {
        setFlash(request, 'Support plan saved')
        return reply.redirect(attendancePageUrl(context.pupil.id, 'support-plans'))
      }
      return showPlanForm(request, reply, context, { id: plan.id, version }, values, problems.list())
    },
  )

  app.get<Route>(CLOSE, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const context = await attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)
    const plan = openPlanOf(context, request.params.planId)
    return showCloseForm(request, reply, context, plan, { outcome: '', closedOn: dateParts(context.today) })
  })

  app.post<Route>(
    CLOSE,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const context = await attendanceFormContext(ctx, request.actor!, request.params.id)
      const plan = openPlanOf(context, request.params.planId)
      const body = bodyOf(request)
      const problems = new FormProblems({ outcome: 'outcome' })
      const closedOn = readDate(body, problems, 'closedOn', 'date the plan closed', true)
      const values = { outcome: text(body, 'outcome'), closedOn: closedOn.parts }
      const version = versionOf(body)
      const closed = await saveOrCollect(problems, () =>
        closeSupportPlan(ctx, request.actor!, context.pupil.id, plan.id, version, {
          outcome: values.outcome,
          closedOn: closedOn.iso,
        }),
      )
      if (closed && !problems.has()) {
        setFlash(request, 'Support plan closed')
        return reply.redirect(attendancePageUrl(context.pupil.id, 'support-plans'))
      }
      return showCloseForm(request, reply, context, { ...plan, version }, values, problems.list())
    },
  )
}
