import type { FastifyInstance } from 'fastify'
import { schoolPolicyDraft } from '../../../../../services/school-policy.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import { documentLocals, policyUrl, urnOf, type SchoolParams } from '../present.js'

/**
 * `/schools/:urn/policy/draft`: the next version of the policy, section by section with "Change" links, for
 * the designated teacher or headteacher; from here the governing board's ratification is recorded (POL-28).
 */
export async function policyDraftRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: SchoolParams }>(
    '/schools/:urn/policy/draft',
    { preHandler: [requireSignIn, requirePermission('policy:manage')] },
    async (request, reply) => {
      const draft = await schoolPolicyDraft(request.server.harbour.ctx, request.actor!, urnOf(request))
      const url = policyUrl(draft.school.urn)
      return renderPage(request, reply, 'schools/policy/draft/view.njk', {
        title: `Change the policy: ${draft.school.name}`,
        ...documentLocals(draft.school, draft.document),
        changeBase: `${url}/draft`,
        startsFrom: draft.document.status,
        inForce: draft.inForce,
        editedCount: draft.document.sections.filter((s) => s.edited).length,
      })
    },
  )
}
