import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate, todayInLondon } from '../../../../../../domain/calendar/dates.js'
import { DESIGNATED_ROLE_NAMES, periodText } from '../../../../../../domain/governance/roles.js'
import { RuleBrokenError } from '../../../../../../services/errors.js'
import { endAppointment, getAppointment } from '../../../../../../services/governance.service.js'
import { getSchool } from '../../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../../../forms.js'
import { yearToShow } from '../appointment-form.js'

type Route = { Params: { urn: string; appointmentId: string } }
type Appointment = Awaited<ReturnType<typeof getAppointment>>

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  school: { urn: string; name: string },
  appointment: Appointment,
  form: { endDate: DateParts; version: number },
  problems?: FormProblems,
) {
  return renderPage(
    request,
    reply,
    'schools/governance/roles/end/view.njk',
    {
      title: `End ${appointment.personName}’s appointment`,
      school,
      appointment,
      role: DESIGNATED_ROLE_NAMES[appointment.role].label,
      period: periodText(appointment),
      form,
      back: `/schools/${school.urn}/governance/roles`,
      errors: problems?.has() ? problems.list() : undefined,
    },
    problems?.has() ? 422 : 200,
  )
}

/** Ending an appointment: its holder's last day in the role. A gap it leaves shows on the register. */
export async function endAppointmentRoutes(app: FastifyInstance): Promise<void> {
  const url = '/schools/:urn/governance/roles/:appointmentId/end'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('governance:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const school = await getSchool(ctx, request.actor!, request.params.urn)
      const appointment = await getAppointment(ctx, request.actor!, school.urn, request.params.appointmentId)
      const form = { endDate: dateParts(appointment.endDate), version: appointment.version }
      return showForm(request, reply, school, appointment, form)
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('governance:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const school = await getSchool(ctx, request.actor!, request.params.urn)
      const appointment = await getAppointment(ctx, request.actor!, school.urn, request.params.appointmentId)
      const body = (request.body ?? {}) as FormBody
      const version = Number(text(body, 'version')) || 0
      const problems = new FormProblems({ endDate: 'endDate-day' })
      const end = problems.date(body, 'endDate', 'last day in the role', true)
      if (!problems.has())
        try {
          const ended = await endAppointment(ctx, request.actor!, school.urn, appointment.id, {
            endDate: end.value,
            version,
          })
          setFlash(request, `${ended.personName}’s appointment ends on ${formatDate(ended.endDate!)}`)
          const year = yearToShow(ended, todayInLondon(ctx.now()))
          return reply.redirect(`/schools/${school.urn}/governance/roles?schoolYear=${year}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      return showForm(request, reply, school, appointment, { endDate: end.parts, version }, problems)
    },
  )
}
