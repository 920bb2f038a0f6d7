import type { FastifyInstance } from 'fastify'
import { acknowledgeSchoolPolicy } from '../../../../../services/school-policy.service.js'
import { text, type FormBody } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { setFlash } from '../../../../render.js'
import { policyUrl, urnOf, type SchoolParams } from '../present.js'

/** `/schools/:urn/policy/acknowledge`: "I have read and understood this policy" (DOMAIN.md POL-5), once per version. */
export async function acknowledgePolicyRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: SchoolParams }>(
    '/schools/:urn/policy/acknowledge',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('policy:acknowledge')] },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      await acknowledgeSchoolPolicy(
        request.server.harbour.ctx,
        request.actor!,
        urnOf(request),
        text(body, 'policyId'),
      )
      setFlash(request, 'Thank you. You have confirmed that you have read and understood the policy')
      return reply.redirect(policyUrl(urnOf(request)))
    },
  )
}
