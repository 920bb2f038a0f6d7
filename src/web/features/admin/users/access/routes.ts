import type { FastifyInstance } from 'fastify'
import {
  setUserActive,
  signUserOutEverywhere,
  userForAdmin,
} from '../../../../../services/user-admin.service.js'
import { setFlash } from '../../../../render.js'
import { adminForm } from '../../guard.js'

type ById = { Params: { id: string } }

/** The buttons on a user's admin page that end sessions or access (issue 3 item 2). */
export async function adminUserAccessRoutes(app: FastifyInstance): Promise<void> {
  app.post<ById>('/admin/users/:id/sign-out-everywhere', adminForm(app), async (request, reply) => {
    const { ctx } = request.server.harbour
    const { id } = request.params
    const ended = await signUserOutEverywhere(ctx, request.actor!, id)
    const { user } = await userForAdmin(ctx, request.actor!, id)
    const self = user.id === request.actor!.userId
    // Signing yourself out everywhere ends this session too: a new, empty one carries the message.
    if (self) await request.session.regenerate()
    setFlash(
      request,
      ended === 0
        ? `${user.name} was not signed in anywhere`
        : `${user.name} has been signed out on ${ended === 1 ? '1 device' : `${ended} devices`}`,
    )
    return reply.redirect(self ? '/sign-in' : `/admin/users/${id}`)
  })

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post<ById>(`/admin/users/:id/${action}`, adminForm(app), async (request, reply) => {
      const user = await setUserActive(request.server.harbour.ctx, request.actor!, request.params.id, active)
      setFlash(
        request,
        active
          ? `${user.name} can sign in again`
          : `${user.name} has been deactivated and signed out: they cannot sign in or use API tokens`,
      )
      return reply.redirect(`/admin/users/${user.id}`)
    })
  }
}
