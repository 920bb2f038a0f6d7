import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { exportSubjectAccess, type SubjectAccessExport } from '../../../../services/subject-access.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { inlineStylesheet, pdfAvailable, pdfRenderer } from '../../../pdf.js'
import { renderPage } from '../../../render.js'
import { presentExport } from './present.js'

type Route = { Params: { id: string } }

/** What the document (document.njk) needs, on screen and in the PDF alike. */
export function documentLocals(data: SubjectAccessExport) {
  return {
    pupil: data.pupil,
    generatedAt: data.generatedAt,
    generatedBy: data.generatedBy,
    sections: presentExport(data),
  }
}

async function showPage(
  request: FastifyRequest,
  reply: FastifyReply,
  data: SubjectAccessExport,
  options: { pdfFailed?: boolean } = {},
) {
  // Everything about a child: never kept by a browser or a proxy.
  reply.header('cache-control', 'no-store')
  return renderPage(request, reply, 'pupils/subject-access/view.njk', {
    title: `Subject access export: ${data.pupil.givenName} ${data.pupil.familyName}`,
    ...documentLocals(data),
    pdfAvailable: pdfAvailable(),
    pdfFailed: options.pdfFailed ?? false,
  })
}

/**
 * Issue 3 item 7: the subject-access export as a page laid out for printing, and as a PDF of that page
 * made by Chromium. Each request is one export, audited as `pupil.exported` with what it was given as.
 */
export async function subjectAccessRoutes(app: FastifyInstance): Promise<void> {
  const guard = { preHandler: [requireSignIn, requirePermission('pupil:subject_access')] }
  const pdf = pdfRenderer()
  app.addHook('onClose', async () => pdf.close())

  app.get<Route>('/pupils/:id/subject-access', guard, async (request, reply) => {
    const { ctx } = request.server.harbour
    const data = await exportSubjectAccess(ctx, request.actor!, request.params.id, 'html')
    return showPage(request, reply, data)
  })

  app.get<Route>('/pupils/:id/subject-access/pdf', guard, async (request, reply) => {
    const { ctx } = request.server.harbour
    // Without Chromium the page is what is handed over, and says a PDF is not available.
    const available = pdfAvailable()
    const data = await exportSubjectAccess(ctx, request.actor!, request.params.id, available ? 'pdf' : 'html')
    if (!available) return showPage(request, reply, data)
    let file: Buffer
    try {
      const html = await request.server.view('pupils/subject-access/pdf.njk', {
        ...documentLocals(data),
        stylesheet: await inlineStylesheet(),
      })
      file = await pdf.render(html)
    } catch (error) {
      request.log.error({ err: error }, 'could not make the subject access PDF')
      return showPage(request, reply, data, { pdfFailed: true })
    }
    const day = data.generatedAt.slice(0, 10)
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="subject-access-${data.pupil.upn}-${day}.pdf"`)
      .header('cache-control', 'no-store')
      .send(file)
  })
}
