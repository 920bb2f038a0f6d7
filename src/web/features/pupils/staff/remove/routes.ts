import type { FastifyInstance } from 'fastify'
import { endStaffAssignment } from '../../../../../services/contacts.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { setFlash } from '../../../../render.js'

type Route = { Params: { id: string; assignmentId: string } }

/** The "Remove" button beside each assigned member of staff on the pupil page. */
export async function removeStaffRoutes(app: FastifyInstance): Promise<void> {
  app.post<Route>(
    '/pupils/:id/staff/:assignmentId/remove',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('staff_assignment:manage')] },
    async (request, reply) => {
      const { id, assignmentId } = request.params
      await endStaffAssignment(request.server.harbour.ctx, request.actor!, id, assignmentId)
      setFlash(request, 'The member of staff has been removed from this pupil')
      return reply.redirect(`/pupils/${id}#staff`)
    },
  )
}
