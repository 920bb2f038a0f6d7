import type { FastifyInstance } from 'fastify'
import { todayInLondon } from '../../../../../../domain/calendar/dates.js'
import { RuleBrokenError } from '../../../../../../services/errors.js'
import { correctAppointment, getAppointment } from '../../../../../../services/governance.service.js'
import { getSchool } from '../../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { setFlash } from '../../../../../render.js'
import { text, type FormBody } from '../../../../../forms.js'
import { readAppointmentForm, showAppointmentForm, valuesOf, yearToShow } from '../appointment-form.js'

type Route = { Params: { urn: string; appointmentId: string } }

const page = (urn: string, id: string, version: number) => ({
  title: 'Correct an appointment',
  action: `/schools/${urn}/governance/roles/${id}/edit`,
  back: `/schools/${urn}/governance/roles`,
  submit: 'Save corrections',
  version,
})

/** Correcting an appointment recorded wrongly: its dates, the DT's standing, the person's details. */
export async function editAppointmentRoutes(app: FastifyInstance): Promise<void> {
  const url = '/schools/:urn/governance/roles/:appointmentId/edit'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('governance:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { urn, appointmentId } = request.params
      const school = await getSchool(ctx, request.actor!, urn)
      const appointment = await getAppointment(ctx, request.actor!, school.urn, appointmentId)
      const shown = page(school.urn, appointment.id, appointment.version)
      return showAppointmentForm(request, reply, shown, school, valuesOf(appointment))
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('governance:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { urn, appointmentId } = request.params
      const school = await getSchool(ctx, request.actor!, urn)
      const appointment = await getAppointment(ctx, request.actor!, school.urn, appointmentId)
      const body = (request.body ?? {}) as FormBody
      const version = Number(text(body, 'version')) || 0
      const { values, input, problems } = readAppointmentForm(body)
      if (!problems.has())
        try {
          const saved = await correctAppointment(ctx, request.actor!, school.urn, appointment.id, {
            ...input,
            version,
          })
          setFlash(
            request,
            `The appointment of ${saved.appointment.personName} has been corrected`,
            saved.flags.map((f) => `${f.message} (${f.rule})`),
          )
          const year = yearToShow(saved.appointment, todayInLondon(ctx.now()))
          return reply.redirect(`/schools/${school.urn}/governance/roles?schoolYear=${year}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      const shown = page(school.urn, appointment.id, version)
      return showAppointmentForm(request, reply, shown, school, values, problems)
    },
  )
}
