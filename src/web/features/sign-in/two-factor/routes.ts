import type { RateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { completeSignInWithCode, type SecondFactorResult } from '../../../../services/two-factor.service.js'
import { text, toErrorList, type FormBody } from '../../../forms.js'
import { renderPage } from '../../../render.js'
import { finishSignIn, forgetPendingSignIn, pendingSignIn } from '../pending.js'

// Codes are few (a million), so besides the lock after 5 wrong ones in a row (two-factor.service.ts),
// at most 10 tries a minute from one address for one half-signed-in user. Keyed after the session loads.
const SECOND_STEP_RATE_LIMIT: RateLimitOptions = {
  max: 10,
  timeWindow: '1 minute',
  hook: 'preValidation',
  keyGenerator: (request: FastifyRequest) =>
    `second-step|${request.ip}|${request.session.get('twoFactorUserId') ?? ''}`,
}

/** The second-step forms' route options: CSRF and their own rate limit. */
export const secondStepForm = (app: FastifyInstance) => ({
  preHandler: app.csrfProtection,
  config: { rateLimit: SECOND_STEP_RATE_LIMIT },
})

/** Renders a refused second step; too many wrong codes end the half-finished sign-in. */
export async function refuseSecondStep(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  title: string,
  refusal: Extract<SecondFactorResult, { ok: false }>,
): Promise<FastifyReply> {
  const locked = refusal.refused === 'locked'
  if (locked) forgetPendingSignIn(request)
  const status = { missing: 422, wrong: 401, locked: 429 }[refusal.refused]
  return renderPage(request, reply, template, { title, errors: toErrorList([refusal.error]), locked }, status)
}

const TITLE = 'Enter the code from your authenticator app'

/** The second sign-in step (issue 3, item 1): a 6-digit TOTP code, each accepted once. */
export async function twoFactorSignInRoutes(app: FastifyInstance): Promise<void> {
  app.get('/sign-in/two-factor', async (request, reply) => {
    if (!pendingSignIn(request)) return reply.redirect('/sign-in')
    return renderPage(request, reply, 'sign-in/two-factor/view.njk', { title: TITLE })
  })

  app.post('/sign-in/two-factor', secondStepForm(app), async (request, reply) => {
    const userId = pendingSignIn(request)
    if (!userId) return reply.redirect('/sign-in')
    const code = text((request.body ?? {}) as FormBody, 'code')
    const result = await completeSignInWithCode(request.server.harbour.ctx, userId, code, request.id)
    if (!result.ok) return refuseSecondStep(request, reply, 'sign-in/two-factor/view.njk', TITLE, result)
    return finishSignIn(request, reply, result.user.id)
  })
}
