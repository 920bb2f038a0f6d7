import type { FastifyInstance } from 'fastify'
import { formatDate, todayInLondon } from '../../../../../../domain/calendar/dates.js'
import { DESIGNATED_ROLE_NAMES } from '../../../../../../domain/governance/roles.js'
import { RuleBrokenError } from '../../../../../../services/errors.js'
import { appointToRole } from '../../../../../../services/governance.service.js'
import { getSchool } from '../../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { setFlash } from '../../../../../render.js'
import type { FormBody } from '../../../../../forms.js'
import {
  EMPTY_APPOINTMENT,
  readAppointmentForm,
  showAppointmentForm,
  yearToShow,
} from '../appointment-form.js'

type Route = { Params: { urn: string } }

const page = (urn: string) => ({
  title: 'Add an appointment',
  action: `/schools/${urn}/governance/roles/new`,
  back: `/schools/${urn}/governance/roles`,
  submit: 'Save appointment',
})

/** Appointing someone to a designated role (POL-1). A DT without QTS is saved, with a warning (DT-1). */
export async function newAppointmentRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/schools/:urn/governance/roles/new',
    { preHandler: [requireSignIn, requirePermission('governance:manage')] },
    async (request, reply) => {
      const school = await getSchool(request.server.harbour.ctx, request.actor!, request.params.urn)
      return showAppointmentForm(request, reply, page(school.urn), school, EMPTY_APPOINTMENT)
    },
  )

  app.post<Route>(
    '/schools/:urn/governance/roles/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('governance:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const school = await getSchool(ctx, request.actor!, request.params.urn)
      const { values, input, problems } = readAppointmentForm((request.body ?? {}) as FormBody)
      if (!problems.has())
        try {
          const { appointment, flags } = await appointToRole(ctx, request.actor!, school.urn, input)
          const role = DESIGNATED_ROLE_NAMES[appointment.role].inSentence
          setFlash(
            request,
            `${appointment.personName} is the ${role} from ${formatDate(appointment.startDate)}`,
            flags.map((f) => `${f.message} (${f.rule})`),
          )
          const year = yearToShow(appointment, todayInLondon(ctx.now()))
          return reply.redirect(`/schools/${school.urn}/governance/roles?schoolYear=${year}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      return showAppointmentForm(request, reply, page(school.urn), school, values, problems)
    },
  )
}
