import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { schoolYearOf, todayInLondon } from '../../../../../domain/calendar/dates.js'
import { getCalendar, setCalendar } from '../../../../../services/schools.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { renderPage, setFlash } from '../../../../render.js'
import { text, type ErrorList, type FormBody } from '../../../../forms.js'
import { adminForm, adminPage } from '../../guard.js'
import { schoolYearLabel } from '../show/routes.js'
import {
  fromServicePath,
  readCalendarForm,
  valuesFromCalendar,
  type CalendarFormValues,
} from './calendar-form.js'

type Route = { Params: { urn: string }; Querystring: { year?: string } }

/** The school year asked for (`?year=2026` is 2026 to 2027), or the current one. */
function yearFrom(asked: string, request: FastifyRequest): number {
  const year = Number(asked)
  return /^\d{4}$/.test(asked) && year >= 2000 && year <= 2100
    ? year
    : schoolYearOf(todayInLondon(request.server.harbour.ctx.now()))
}

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  school: { urn: string; name: string },
  year: number,
  values: CalendarFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'admin/schools/calendar/view.njk',
    {
      title: `${school.name}: calendar for ${schoolYearLabel(year)}`,
      school,
      year,
      yearLabel: schoolYearLabel(year),
      values,
      errors,
      terms: ['autumn', 'spring', 'summer'],
    },
    errors ? 422 : 200,
  )
}

export async function adminCalendarRoutes(app: FastifyInstance): Promise<void> {
  const url = '/admin/schools/:urn/calendar'

  app.get<Route>(url, adminPage, async (request, reply) => {
    const { school, terms, closures } = await getCalendar(
      request.server.harbour.ctx,
      request.actor!,
      request.params.urn,
    )
    const year = yearFrom(request.query.year ?? '', request)
    return showForm(request, reply, school, year, valuesFromCalendar(year, terms, closures))
  })

  app.post<Route>(url, adminForm(app), async (request, reply) => {
    const { ctx } = request.server.harbour
    const { school } = await getCalendar(ctx, request.actor!, request.params.urn)
    const body = (request.body ?? {}) as FormBody
    const year = yearFrom(text(body, 'year'), request)
    const { input, values, problems, closures } = readCalendarForm(body, year)
    if (!problems.has()) {
      try {
        await setCalendar(ctx, request.actor!, school.urn, input)
        setFlash(request, `The ${schoolYearLabel(year)} calendar has been saved`)
        return reply.redirect(`/admin/schools/${school.urn}`)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        problems.addAll(error.errors, (e) => fromServicePath(e, closures))
      }
    }
    return showForm(request, reply, school, year, values, problems.list())
  })
}
