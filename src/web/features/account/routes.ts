import type { FastifyInstance } from 'fastify'
import { ROLE_LABELS } from '../../../domain/access/roles.js'
import { twoFactorOverview } from '../../../services/two-factor.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { renderPage } from '../../render.js'

/** "Your account": who you are signed in as and your two-factor sign-in (issue 3, item 1). */
export async function accountRoutes(app: FastifyInstance): Promise<void> {
  app.get('/account', { preHandler: requireSignIn }, async (request, reply) => {
    const actor = request.actor!
    const { ctx, demo } = request.server.harbour
    const twoFactor = await twoFactorOverview(ctx, actor, { demo })
    return renderPage(request, reply, 'account/view.njk', {
      title: 'Your account',
      account: { name: actor.name, role: ROLE_LABELS[actor.role], email: twoFactor.email },
      twoFactor,
    })
  })
}
