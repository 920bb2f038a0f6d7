import type { FastifyInstance } from 'fastify'
import { listUsers } from '../../../../services/users.service.js'
import { renderPage } from '../../../render.js'
import { adminPage } from '../guard.js'

export async function adminUsersRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/users', adminPage, async (request, reply) => {
    const users = await listUsers(request.server.harbour.ctx, request.actor!)
    return renderPage(request, reply, 'admin/users/view.njk', { title: 'Users', users })
  })
}
