import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../services/errors.js'
import { listSchools } from '../../../services/schools.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'
import { policyUrl } from '../schools/policy/present.js'

/** `/policy`: the navigation's way to the user's own school's policy (issue 7 item 3). */
export async function policyShortcutRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/policy',
    { preHandler: [requireSignIn, requirePermission('policy:read')] },
    async (request, reply) => {
      const schools = await listSchools(request.server.harbour.ctx, request.actor!)
      // No school of their own (a Virtual School): like any record outside the actor's scope.
      if (schools.length === 0) throw new NotFoundError('school')
      if (schools.length === 1) return reply.redirect(policyUrl(schools[0]!.urn))
      return renderPage(request, reply, 'policy/choose-school.njk', {
        title: 'School policy: choose a school',
        schools: schools.map((s) => ({ name: s.name, href: policyUrl(s.urn) })),
      })
    },
  )
}
