import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  confirmTwoFactorSetUp,
  newTotpSecret,
  otpauthUrl,
  twoFactorOverview,
} from '../../../../../services/two-factor.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { TWO_FACTOR_SET_UP_URL } from '../../../../middleware/two-factor.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import { renderPage } from '../../../../render.js'
import { showRecoveryCodes } from '../recovery-codes/routes.js'
import { qrCodeSvg } from './qr-code.js'

async function showSetUp(request: FastifyRequest, reply: FastifyReply, errors?: ErrorList) {
  const { ctx, demo } = request.server.harbour
  const overview = await twoFactorOverview(ctx, request.actor!, { demo })
  if (overview.enabled) return reply.redirect('/account')
  // The secret waits in the session until the first code confirms it, so a reload shows the same one.
  let secret = request.session.get('twoFactorSetUpSecret')
  if (!secret) {
    secret = newTotpSecret()
    request.session.set('twoFactorSetUpSecret', secret)
  }
  reply.header('cache-control', 'no-store')
  return renderPage(
    request,
    reply,
    'account/two-factor/set-up/view.njk',
    {
      title: 'Set up two-factor authentication',
      required: overview.required,
      email: overview.email,
      qrSvg: await qrCodeSvg(otpauthUrl(overview.email, secret)),
      secretGroups: secret.match(/.{1,4}/g)!.join(' '),
      errors,
    },
    errors ? 422 : 200,
  )
}

/** Set-up: scan the QR code (or type the key), confirm with the first code, then save the recovery codes. */
export async function twoFactorSetUpRoutes(app: FastifyInstance): Promise<void> {
  app.get(TWO_FACTOR_SET_UP_URL, { preHandler: requireSignIn }, async (request, reply) =>
    showSetUp(request, reply),
  )

  app.post(
    TWO_FACTOR_SET_UP_URL,
    { preHandler: [requireSignIn, app.csrfProtection] },
    async (request, reply) => {
      const secret = request.session.get('twoFactorSetUpSecret')
      if (!secret) return reply.redirect(TWO_FACTOR_SET_UP_URL)
      const code = text((request.body ?? {}) as FormBody, 'code')
      let codes: string[]
      try {
        codes = await confirmTwoFactorSetUp(request.server.harbour.ctx, request.actor!, secret, code)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        return showSetUp(request, reply, toErrorList(error.errors))
      }
      // More may be reached now than before: a new session id for it (session rotation).
      await request.session.regenerate(['userId', 'signedInAt', 'lastSeenAt', 'twoFactorNext'])
      return showRecoveryCodes(request, reply, codes, 'set_up')
    },
  )
}
