import type { FastifyReply, FastifyRequest } from 'fastify'
import { twoFactorSetUpPending } from '../../services/two-factor.service.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the signed-in user must still set two-factor up: worked out once a request. */
    twoFactorSetUpPending?: boolean
  }
  interface Session {
    /** Right password, code still to come: who is signing in. Not `userId`, so no page opens yet. */
    twoFactorUserId?: string
    twoFactorStartedAt?: number
    /** Where to go once signed in (a local path checked at sign-in). */
    twoFactorNext?: string
    /** The secret shown on the set-up page until the first code confirms it. */
    twoFactorSetUpSecret?: string
  }
}

export const TWO_FACTOR_SET_UP_URL = '/account/two-factor/set-up'
// What someone who must set two-factor up may still open (sign-out takes no `requireSignIn`).
const OPEN_BEFORE_SET_UP = new Set([TWO_FACTOR_SET_UP_URL])

/**
 * Whether the signed-in user's role or school requires two-factor and they have not set it up yet. As
 * at the start of the request: the page that completes set-up still counts as part of it.
 */
export async function mustSetUpTwoFactor(request: FastifyRequest): Promise<boolean> {
  const actor = request.actor
  if (!actor) return false
  if (request.twoFactorSetUpPending === undefined) {
    const { ctx, demo } = request.server.harbour
    request.twoFactorSetUpPending = await twoFactorSetUpPending(ctx, actor, { demo })
  }
  return request.twoFactorSetUpPending
}

/**
 * Called by `requireSignIn` for a signed-in user: while they must set two-factor up, every page but the
 * set-up page redirects there.
 */
export async function requireTwoFactorSetUp(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!(await mustSetUpTwoFactor(request))) return
  if (!OPEN_BEFORE_SET_UP.has(request.routeOptions.url ?? '')) await reply.redirect(TWO_FACTOR_SET_UP_URL)
}
