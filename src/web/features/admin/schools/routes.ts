import type { FastifyInstance } from 'fastify'
import { listSchools } from '../../../../services/schools.service.js'
import { renderPage } from '../../../render.js'
import { adminPage } from '../guard.js'

export async function adminSchoolsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/schools', adminPage, async (request, reply) => {
    const schools = await listSchools(request.server.harbour.ctx, request.actor!)
    return renderPage(request, reply, 'admin/schools/view.njk', {
      title: 'Schools',
      schools,
      canCreate: request.actor!.schoolId === null,
    })
  })
}
