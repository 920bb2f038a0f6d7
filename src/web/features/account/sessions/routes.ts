import type { FastifyInstance } from 'fastify'
import { listOwnSessions, signOutEverywhere } from '../../../../services/sessions.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { renderPage, setFlash } from '../../../render.js'

/** Issue 3 item 2: where you are signed in, and "sign out everywhere". */
export async function accountSessionsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/account/sessions', { preHandler: requireSignIn }, async (request, reply) => {
    const { ctx } = request.server.harbour
    const sessions = await listOwnSessions(ctx, request.actor!, request.session.sessionId)
    return renderPage(request, reply, 'account/sessions/view.njk', {
      title: 'Where you are signed in',
      sessions,
    })
  })

  app.post(
    '/account/sessions/sign-out-everywhere',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      await signOutEverywhere(request.server.harbour.ctx, request.actor!)
      // This session was one of them: a new, empty one carries the message to the sign-in page.
      await request.session.regenerate()
      setFlash(request, 'You have been signed out everywhere, including here')
      return reply.redirect('/sign-in')
    },
  )
}
