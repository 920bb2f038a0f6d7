import type { FastifyInstance } from 'fastify'
import { policyAcknowledgementList } from '../../../../../services/school-policy.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import { policyUrl, urnOf, type SchoolParams } from '../present.js'

/** `/schools/:urn/policy/acknowledgements`: which staff have read and understood the policy in force (POL-5). */
export async function policyAcknowledgementsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: SchoolParams }>(
    '/schools/:urn/policy/acknowledgements',
    { preHandler: [requireSignIn, requirePermission('policy:manage')] },
    async (request, reply) => {
      const list = await policyAcknowledgementList(request.server.harbour.ctx, request.actor!, urnOf(request))
      return renderPage(request, reply, 'schools/policy/acknowledgements/view.njk', {
        title: `Who has read the policy: ${list.school.name}`,
        ...list,
        url: policyUrl(list.school.urn),
      })
    },
  )
}
