import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { replaceMyRecoveryCodes } from '../../../../../services/two-factor.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { text, type FormBody } from '../../../../forms.js'
import { renderPage, setFlash } from '../../../../render.js'

type After = 'set_up' | 'account'

/**
 * The recovery codes, shown once: in the response to the form that made them, never stored in
 * plain text or in the session, and not cached.
 */
export async function showRecoveryCodes(
  request: FastifyRequest,
  reply: FastifyReply,
  codes: string[],
  after: After,
): Promise<FastifyReply> {
  reply.header('cache-control', 'no-store')
  return renderPage(request, reply, 'account/two-factor/recovery-codes/view.njk', {
    title: 'Save your recovery codes',
    codes,
    after,
  })
}

export async function recoveryCodesRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/account/two-factor/recovery-codes',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const codes = await replaceMyRecoveryCodes(request.server.harbour.ctx, request.actor!)
      return showRecoveryCodes(request, reply, codes, 'account')
    },
  )

  app.post(
    '/account/two-factor/recovery-codes/saved',
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      if (text((request.body ?? {}) as FormBody, 'after') === 'account') {
        setFlash(request, 'You have new recovery codes. Your old ones no longer work')
        return reply.redirect('/account')
      }
      const next = request.session.get('twoFactorNext')
      request.session.set('twoFactorNext', undefined)
      setFlash(request, 'Two-factor authentication is on')
      return reply.redirect(next ?? '/')
    },
  )
}
