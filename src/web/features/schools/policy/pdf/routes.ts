import type { FastifyInstance } from 'fastify'
import { readSchoolPolicy } from '../../../../../services/school-policy.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { inlineStylesheet, pdfAvailable, pdfRenderer } from '../../../../pdf.js'
import { documentLocals, urnOf, type SchoolParams } from '../present.js'
import { showPolicy } from '../routes.js'

/**
 * `/schools/:urn/policy/pdf`: the policy's print view as a PDF made by Chromium (DESIGN.md "PDF", web/pdf.ts).
 * Without Chromium, or should it fail, the policy's page is shown instead, saying so.
 */
export async function schoolPolicyPdfRoutes(app: FastifyInstance): Promise<void> {
  const pdf = pdfRenderer()
  app.addHook('onClose', async () => pdf.close())

  app.get<{ Params: SchoolParams }>(
    '/schools/:urn/policy/pdf',
    { preHandler: [requireSignIn, requirePermission('policy:read')] },
    async (request, reply) => {
      const view = await readSchoolPolicy(request.server.harbour.ctx, request.actor!, urnOf(request))
      if (!pdfAvailable()) return showPolicy(request, reply, view, { unavailable: true })
      let file: Buffer
      try {
        const html = await request.server.view('schools/policy/pdf/pdf.njk', {
          ...documentLocals(view.school, view.document, view.review),
          changeBase: false,
          stylesheet: await inlineStylesheet(),
        })
        file = await pdf.render(html)
      } catch (error) {
        request.log.error({ err: error }, 'could not make the policy PDF')
        return showPolicy(request, reply, view, { failed: true })
      }
      const version = view.document.policyVersion ? `version-${view.document.policyVersion}` : 'draft'
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="policy-${view.school.urn}-${version}.pdf"`)
        .header('cache-control', 'no-store')
        .send(file)
    },
  )
}
