import type { FastifyInstance } from 'fastify'
import { createPasswordResetLink, RESET_LINK_HOURS } from '../../../../../services/password-reset.service.js'
import { renderPage } from '../../../../render.js'
import { adminForm } from '../../guard.js'

/**
 * Issue 3 item 2: an administrator creates a single-use link for a user to set a new password. The
 * link is shown on this response only (it is stored as a hash), and not kept in any cache.
 */
export async function adminUserResetLinkRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { id: string } }>(
    '/admin/users/:id/reset-link',
    adminForm(app),
    async (request, reply) => {
      const { token, user, expiresAt } = await createPasswordResetLink(
        request.server.harbour.ctx,
        request.actor!,
        request.params.id,
      )
      void reply.header('cache-control', 'no-store')
      return renderPage(request, reply, 'admin/users/reset-link/view.njk', {
        title: `Password reset link for ${user.name}`,
        user,
        link: `${request.protocol}://${request.host}/reset-password/${token}`,
        expiresAt,
        hours: RESET_LINK_HOURS,
      })
    },
  )
}
