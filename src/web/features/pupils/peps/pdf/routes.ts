import type { FastifyInstance } from 'fastify'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { inlineStylesheet, pdfAvailable, pdfRenderer } from '../../../../pdf.js'
import { pepOfUrl, type PepParams } from '../pep-request.js'
import { documentLocals, showPep } from '../show/routes.js'

type Route = { Params: PepParams }

/**
 * `/pupils/:id/peps/:pepId/pdf`: the PEP's print view as a PDF made by Chromium (DESIGN.md "PDF", web/pdf.ts).
 * Without Chromium, or should it fail, the PEP's page is shown instead, saying so; either way one audited read.
 */
export async function pepPdfRoutes(app: FastifyInstance): Promise<void> {
  const pdf = pdfRenderer()
  app.addHook('onClose', async () => pdf.close())

  app.get<Route>(
    '/pupils/:id/peps/:pepId/pdf',
    { preHandler: [requireSignIn, requirePermission('pep:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const d = await pepOfUrl(request)
      if (!pdfAvailable()) return showPep(request, reply, actor, d, { unavailable: true })
      let file: Buffer
      try {
        const html = await request.server.view('pupils/peps/pdf/pdf.njk', {
          ...documentLocals(d),
          stylesheet: await inlineStylesheet(),
        })
        file = await pdf.render(html)
      } catch (error) {
        request.log.error({ err: error }, 'could not make the PEP PDF')
        return showPep(request, reply, actor, d, { failed: true })
      }
      const kind = d.pep.kind === 'pep' ? 'pep' : 'pla-support-plan'
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${kind}-${d.pupil.upn}-${d.pep.meetingDate}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(file)
    },
  )
}
