import type { FastifyReply, FastifyRequest } from 'fastify'
import { actorFromUser, findUserById } from '../../services/users.service.js'

/** Loads the signed-in user for every page; pages other than sign-in redirect when there is none. */
export async function loadActor(request: FastifyRequest): Promise<void> {
  const userId = request.session.get('userId')
  if (!userId) return
  const user = await findUserById(request.server.harbour.ctx, userId)
  if (!user || !user.active) {
    await request.session.destroy()
    return
  }
  request.actor = actorFromUser(user, request.id)
}

export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.actor) return
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
  await reply.redirect(`/sign-in${next}`)
}
