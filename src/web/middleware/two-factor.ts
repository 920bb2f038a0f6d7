import type { FastifyReply, FastifyRequest } from 'fastify'
import { twoFactorSetUpPending } from '../../services/two-factor.service.js'

declare module 'fastify' {
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
 * Called by `requireSignIn` for a signed-in user: while their role or school requires two-factor and
 * they have not set it up, every page but the set-up page redirects there.
 */
export async function requireTwoFactorSetUp(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actor = request.actor
  if (!actor || OPEN_BEFORE_SET_UP.has(request.routeOptions.url ?? '')) return
  const { ctx, demo } = request.server.harbour
  if (await twoFactorSetUpPending(ctx, actor, { demo })) await reply.redirect(TWO_FACTOR_SET_UP_URL)
}
