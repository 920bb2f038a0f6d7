import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { turnOffTwoFactor, twoFactorOverview } from '../../../../../services/two-factor.service.js'
import { ForbiddenError } from '../../../../../services/errors.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import { renderPage, setFlash } from '../../../../render.js'

async function showTurnOff(request: FastifyRequest, reply: FastifyReply, errors?: ErrorList) {
  const { ctx, demo } = request.server.harbour
  const overview = await twoFactorOverview(ctx, request.actor!, { demo })
  if (!overview.enabled) return reply.redirect('/account')
  if (!overview.mayTurnOff) throw new ForbiddenError('two_factor:turn_off')
  return renderPage(
    request,
    reply,
    'account/two-factor/turn-off/view.njk',
    { title: 'Turn off two-factor authentication', errors },
    errors ? 422 : 200,
  )
}

/** Turning two-factor off: only where neither role nor school requires it, and confirmed with a code. */
export async function turnOffTwoFactorRoutes(app: FastifyInstance): Promise<void> {
  app.get('/account/two-factor/turn-off', { preHandler: requireSignIn }, async (request, reply) =>
    showTurnOff(request, reply),
  )

  app.post(
    '/account/two-factor/turn-off',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const code = text((request.body ?? {}) as FormBody, 'code')
      const { ctx, demo } = request.server.harbour
      try {
        await turnOffTwoFactor(ctx, request.actor!, code, { demo })
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        return showTurnOff(request, reply, toErrorList(error.errors))
      }
      setFlash(request, 'Two-factor authentication is off')
      return reply.redirect('/account')
    },
  )
}
