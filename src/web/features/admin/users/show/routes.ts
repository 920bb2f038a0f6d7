import type { FastifyInstance } from 'fastify'
import { userForAdmin } from '../../../../../services/user-admin.service.js'
import { renderPage } from '../../../../render.js'
import { adminPage } from '../../guard.js'

/** One user's page for an administrator: the account, and what can be done to it (issue 3 item 2). */
export async function adminShowUserRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/admin/users/:id', adminPage, async (request, reply) => {
    const account = await userForAdmin(request.server.harbour.ctx, request.actor!, request.params.id)
    return renderPage(request, reply, 'admin/users/show/view.njk', { title: account.user.name, account })
  })
}
