import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../../services/errors.js'
import { listSchools } from '../../../services/schools.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'
import { showReport, yearAsked } from './report-page.js'

const query = z.object({
  schoolYear: z.string().optional().catch(undefined),
  school: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
})

/**
 * The report to governors (DOMAIN.md PD-11, POL-26, POL-27, GOV-4): how many children, the roles and
 * training, and the outcomes against peers, with small numbers withheld, then the designated teacher's
 * words once shared. Everything on it comes from `domain/reports/`: numbers and fixed labels.
 */
export async function governorsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/governors',
    { preHandler: [requireSignIn, requirePermission('report:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const ctx = request.server.harbour.ctx
      const asked = query.parse(request.query ?? {})
      const schoolYear = yearAsked(request, asked.schoolYear)
      let urn = asked.school
      if (!urn) {
        const schools = await listSchools(ctx, actor)
        // No school to report on (a Virtual School): like any record outside the actor's scope.
        if (schools.length === 0) throw new NotFoundError('school')
        if (schools.length > 1)
          return renderPage(request, reply, 'governors/choose-school.njk', {
            title: 'Governors’ report: choose a school',
            schools: schools.map((s) => ({ urn: s.urn, name: s.name })),
            schoolYear,
          })
        urn = schools[0]!.urn
      }
      return showReport(request, reply, urn, schoolYear, { chooseSchool: asked.school !== undefined })
    },
  )
}
