import type { FastifyInstance } from 'fastify'
import { schoolYearOf, todayInLondon } from '../../../../../domain/calendar/dates.js'
import { getCalendar } from '../../../../../services/schools.service.js'
import { renderPage } from '../../../../render.js'
import { adminPage } from '../../guard.js'

export const schoolYearLabel = (year: number) => `${year} to ${year + 1}`

export async function adminShowSchoolRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { urn: string } }>('/admin/schools/:urn', adminPage, async (request, reply) => {
    const { ctx } = request.server.harbour
    const { school, terms, closures } = await getCalendar(ctx, request.actor!, request.params.urn)
    const thisYear = schoolYearOf(todayInLondon(ctx.now()))
    const years = [...new Set([thisYear, thisYear + 1, ...terms.map((t) => t.schoolYear)])].sort(
      (a, b) => b - a,
    )
    const calendar = years.map((year) => ({
      year,
      label: schoolYearLabel(year),
      terms: terms.filter((t) => t.schoolYear === year),
      closures: closures.filter((c) => schoolYearOf(c.date) === year),
    }))
    return renderPage(request, reply, 'admin/schools/show/view.njk', {
      title: school.name,
      school,
      calendar,
    })
  })
}
