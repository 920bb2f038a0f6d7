import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { pepDashboard } from '../../../services/pep-dashboard.service.js'
import { qualityRubric } from '../../../services/peps.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'
import {
  isScheduleStatus,
  presentRow,
  ratingOptions,
  SCHEDULE_TAGS,
  selectedFilters,
  summaryCards,
} from './present.js'

// A filter that makes no sense is dropped, not refused: the page is a GET form anyone may edit by hand.
const query = z.object({
  school: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  status: z.string().refine(isScheduleStatus).optional().catch(undefined),
  rating: z
    .string()
    .regex(/^[a-z0-9_-]{1,30}$/)
    .optional()
    .catch(undefined),
})

/**
 * `/peps` (issue 4 item 6): the PEP dashboard. For the school's leads, every child looked after at the school;
 * for the Virtual School, every child its LA looks after, at any school (PD-12), filterable by school.
 */
export async function pepDashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/peps', { preHandler: [requireSignIn, requirePermission('pep:read')] }, async (request, reply) => {
    const actor = request.actor!
    const ctx = request.server.harbour.ctx
    const filter = query.parse(request.query ?? {})
    const virtualSchool = actor.role === 'vs_head' || actor.role === 'vs_adviser'
    const dashboard = await pepDashboard(ctx, actor, {
      schoolUrn: filter.school,
      status: filter.status && isScheduleStatus(filter.status) ? filter.status : undefined,
      rating: filter.rating,
    })
    const rubric = await qualityRubric(ctx, virtualSchool ? actor.laCode : null)
    const ratings = ratingOptions(rubric)
    const schoolName = dashboard.schools.find((s) => s.urn === filter.school)?.name
    return renderPage(request, reply, 'peps/view.njk', {
      title: 'PEPs',
      virtualSchool,
      laCode: actor.laCode,
      on: dashboard.on,
      schoolName,
      filter,
      total: Object.values(dashboard.counts).reduce((a, b) => a + b, 0),
      cards: summaryCards(dashboard.counts, filter),
      rows: dashboard.rows.map((r) => presentRow(r, rubric)),
      schools: dashboard.schools,
      sharedPlans: dashboard.sharedPlans,
      // A school's own page needs no school filter; the Virtual School's does, however many schools.
      showSchool: virtualSchool || dashboard.schools.length > 1,
      statuses: SCHEDULE_TAGS,
      ratings,
      selected: selectedFilters(filter, {
        school: schoolName,
        rating: ratings.find((r) => r.value === filter.rating)?.text,
      }),
    })
  })
}
