import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../../domain/calendar/dates.js'
import { checkAuditRange } from '../../../../domain/audit/export.js'
import { auditExportFileName, exportAudit } from '../../../../services/audit-export.service.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { dateParts, FormProblems, type DateParts, type ErrorList, type FormBody } from '../../../forms.js'
import { renderPage } from '../../../render.js'
import { adminPage } from '../guard.js'

type Values = { from: DateParts; to: DateParts }
const FIELD_IDS = { from: 'from-day', to: 'to-day' }

async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: ErrorList) {
  return renderPage(
    request,
    reply,
    'admin/audit/view.njk',
    { title: 'Audit log', values, errors },
    errors ? 422 : 200,
  )
}

export async function adminAuditRoutes(app: FastifyInstance): Promise<void> {
  // A GET form, so the range can be bookmarked; a good range goes on to the download.
  app.get<{ Querystring: FormBody }>('/admin/audit', adminPage, async (request, reply) => {
    const query = request.query
    const asked = Object.keys(query).some((k) => /^(from|to)-(day|month|year)$/.test(k))
    if (!asked) return showForm(request, reply, { from: dateParts(null), to: dateParts(null) })
    const problems = new FormProblems(FIELD_IDS)
    const from = problems.date(query, 'from', 'first day', true)
    const to = problems.date(query, 'to', 'last day', true)
    if (from.value && to.value) {
      const today = todayInLondon(request.server.harbour.ctx.now())
      problems.addAll(checkAuditRange(from.value, to.value, today))
    }
    if (!problems.has()) {
      const params = new URLSearchParams({ from: from.value!, to: to.value! })
      return reply.redirect(`/admin/audit/export?${params.toString()}`, 303)
    }
    return showForm(request, reply, { from: from.parts, to: to.parts }, problems.list())
  })

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/admin/audit/export',
    adminPage,
    async (request, reply) => {
      const from = request.query.from ?? ''
      const to = request.query.to ?? ''
      try {
        const lines = await exportAudit(request.server.harbour.ctx, request.actor!, { from, to })
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${auditExportFileName(from, to)}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(lines))
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        const problems = new FormProblems(FIELD_IDS)
        problems.addAll(error.errors)
        return showForm(request, reply, { from: dateParts(from), to: dateParts(to) }, problems.list())
      }
    },
  )
}
