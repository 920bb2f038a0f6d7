import type { FastifyInstance } from 'fastify'
import { ordinal } from '../../../../domain/retention/retention.js'
import { retentionReport } from '../../../../services/retention.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage } from '../../../render.js'

/** DOMAIN.md PD-13: the records past their retention date, for an administrator to delete one by one. */
export async function adminRetentionRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/admin/retention',
    { preHandler: [requireSignIn, requirePermission('retention:read')] },
    async (request, reply) => {
      const report = await retentionReport(request.server.harbour.ctx, request.actor!)
      reply.header('cache-control', 'no-store')
      return renderPage(request, reply, 'admin/retention/view.njk', {
        title: 'Retention',
        ...report,
        careBirthday: ordinal(report.careRecordsUntilAge),
      })
    },
  )
}
