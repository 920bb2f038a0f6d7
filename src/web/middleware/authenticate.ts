import type { FastifyReply, FastifyRequest } from 'fastify'
import { actorFromUser, findUserById } from '../../services/users.service.js'
import { requireTwoFactorSetUp } from './two-factor.js'
import { endExpiredSession } from './session-lifetime.js'

/** Loads the signed-in user for every page; pages other than sign-in redirect when there is none. */
export async function loadActor(request: FastifyRequest): Promise<void> {
  const userId = request.session.get('userId')
  if (!userId) return
  if (await endExpiredSession(request)) return
  const user = await findUserById(request.server.harbour.ctx, userId)
  if (!user || !user.active) {
    // Not destroy(): the page still renders (the sign-in form), and it needs a session for its CSRF token.
    await request.session.regenerate()
    return
  }
  request.actor = actorFromUser(user, request.id)
}

export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.actor) return requireTwoFactorSetUp(request, reply)
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
  await reply.redirect(`/sign-in${next}`)
}
