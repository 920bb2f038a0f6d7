import type { FastifyReply, FastifyRequest } from 'fastify'
import { can, type Action } from '../../domain/access/permissions.js'
import { ForbiddenError } from '../../services/errors.js'

/**
 * A preHandler that refuses (403 page) a signed-in user whose role may not do `action`.
 * Put it after `requireSignIn`; the service called by the page checks the same action again.
 */
export function requirePermission(action: Action) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (request.actor && !can(request.actor.role, action)) throw new ForbiddenError(action)
  }
}
