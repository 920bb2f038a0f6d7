import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../../../domain/access/permissions.js'
import { schoolAttendanceOverview, type CohortColumn } from '../../../services/attendance-overview.service.js'
import { NotFoundError } from '../../../services/errors.js'
import { listSchools } from '../../../services/schools.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'
import { cohortChoices, comparisonRows, isCohortColumn, pupilRows, trendOf } from './present.js'

// A filter that makes no sense is dropped, not refused: the address is anyone's to edit.
const query = z.object({
  school: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  cohort: z.string().refine(isCohortColumn).optional().catch(undefined),
})

/**
 * The school's URN from the address, or the actor's one school; null when the actor must choose (an
 * administrator of every school). A Virtual School role has no school: like any school outside its scope.
 */
export async function schoolOfRequest(
  ctx: Parameters<typeof listSchools>[0],
  actor: Parameters<typeof listSchools>[1],
  asked: string | undefined,
): Promise<{ urn: string } | { choose: Array<{ urn: string; name: string }> }> {
  if (asked) return { urn: asked }
  const schools = await listSchools(ctx, actor)
  if (schools.length === 0) throw new NotFoundError('school')
  if (schools.length > 1) return { choose: schools.map((s) => ({ urn: s.urn, name: s.name })) }
  return { urn: schools[0]!.urn }
}

/** `/attendance` (issue 5 item 6): each cohort against all other pupils, the trend, and the pupils to watch. */
export async function schoolAttendanceRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/attendance',
    { preHandler: [requireSignIn, requirePermission('attendance:report')] },
    async (request, reply) => {
      const actor = request.actor!
      const ctx = request.server.harbour.ctx
      const asked = query.parse(request.query ?? {})
      const school = await schoolOfRequest(ctx, actor, asked.school)
      if ('choose' in school)
        return renderPage(request, reply, 'attendance/choose-school.njk', {
          title: 'Attendance: choose a school',
          schools: school.choose,
          next: '/attendance',
        })
      const overview = await schoolAttendanceOverview(ctx, actor, school.urn)
      const cohort: CohortColumn = asked.cohort && isCohortColumn(asked.cohort) ? asked.cohort : 'cla'
      return renderPage(request, reply, 'attendance/view.njk', {
        title: 'Attendance',
        overview,
        rows: comparisonRows(overview),
        trend: trendOf(overview, cohort),
        cohorts: cohortChoices(overview, cohort, overview.school.urn),
        pupils: pupilRows(overview),
        mayImport: can(actor.role, 'attendance:import'),
      })
    },
  )
}
