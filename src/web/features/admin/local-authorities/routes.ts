import type { FastifyInstance } from 'fastify'
import { listLocalAuthorities } from '../../../../services/schools.service.js'
import { renderPage } from '../../../render.js'
import { adminPage } from '../guard.js'

export async function adminLocalAuthoritiesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/local-authorities', adminPage, async (request, reply) => {
    const localAuthorities = await listLocalAuthorities(request.server.harbour.ctx)
    return renderPage(request, reply, 'admin/local-authorities/view.njk', {
      title: 'Local authorities',
      localAuthorities,
    })
  })
}
