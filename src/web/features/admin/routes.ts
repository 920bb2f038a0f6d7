import type { FastifyInstance } from 'fastify'
import { renderPage } from '../../render.js'
import { adminPage } from './guard.js'

export async function adminIndexRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin', adminPage, async (request, reply) =>
    renderPage(request, reply, 'admin/view.njk', { title: 'Administration' }),
  )
}
