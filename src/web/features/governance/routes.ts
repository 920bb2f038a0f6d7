import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../services/errors.js'
import { listSchools } from '../../../services/schools.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'

/**
 * "Roles and training" in the menu: the user's own school's register of designated roles, or a choice
 * of school for an administrator of every school.
 */
export async function governanceRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/governance',
    { preHandler: [requireSignIn, requirePermission('governance:read')] },
    async (request, reply) => {
      const schools = await listSchools(request.server.harbour.ctx, request.actor!)
      if (schools.length === 0) throw new NotFoundError('school')
      if (schools.length === 1) return reply.redirect(`/schools/${schools[0]!.urn}/governance/roles`)
      return renderPage(request, reply, 'governance/view.njk', {
        title: 'Roles and training: choose a school',
        schools: schools.map((s) => ({ urn: s.urn, name: s.name })),
      })
    },
  )
}
