import type { FastifyInstance } from 'fastify'
import { governorsReport } from '../../../../services/reports.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { inlineStylesheet, pdfAvailable, pdfRenderer } from '../../../pdf.js'
import { presentReport } from '../present.js'
import { showReport, yearAsked, yearQuery } from '../report-page.js'

type Route = { Params: { urn: string } }

/**
 * `/governors/:urn/pdf`: the report to governors as a PDF made by Chromium from its print view (DESIGN.md
 * "PDF", web/pdf.ts), for the DT to send and a governor to keep; the same as the page the reader sees, so
 * before it is shared a governor's copy has no narrative. Without Chromium, or should it fail, the page is
 * shown instead, saying so.
 */
export async function governorsPdfRoutes(app: FastifyInstance): Promise<void> {
  const pdf = pdfRenderer()
  app.addHook('onClose', async () => pdf.close())

  app.get<Route>(
    '/governors/:urn/pdf',
    { preHandler: [requireSignIn, requirePermission('report:read')] },
    async (request, reply) => {
      const schoolYear = yearAsked(request, yearQuery.parse(request.query ?? {}).schoolYear)
      const { urn } = request.params
      if (!pdfAvailable()) return showReport(request, reply, urn, schoolYear, { chooseSchool: true })
      const result = await governorsReport(request.server.harbour.ctx, request.actor!, urn, schoolYear)
      let file: Buffer
      try {
        const html = await request.server.view('governors/pdf/pdf.njk', {
          ...presentReport(result),
          stylesheet: await inlineStylesheet(),
        })
        file = await pdf.render(html)
      } catch (error) {
        request.log.error({ err: error }, 'could not make the governors’ report PDF')
        return showReport(request, reply, urn, schoolYear, { chooseSchool: true, pdfFailed: true })
      }
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="governors-report-${result.school.urn}-${schoolYear}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(file)
    },
  )
}
