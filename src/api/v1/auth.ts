import type { FastifyRequest } from 'fastify'
import type { Actor } from '../../domain/access/scope.js'
import { UnauthenticatedError } from '../../services/errors.js'
import { actorFromUser, userForToken } from '../../services/users.service.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no token (the OpenAPI document). */
    public?: boolean
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i

/**
 * `onRequest` hook for the API: `Authorization: Bearer TOKEN` → `request.actor`, before the body is read.
 * No token, or one that is unknown, revoked or belongs to an inactive user → 401.
 */
export async function authenticateToken(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config?.public) return
  const header = request.headers.authorization
  if (!header) throw new UnauthenticatedError('Send an API token: Authorization: Bearer TOKEN')
  const token = BEARER.exec(header)?.[1]
  if (!token) throw new UnauthenticatedError('The Authorization header must be: Bearer TOKEN')
  const user = await userForToken(request.server.harbour.ctx, token)
  if (!user)
    throw new UnauthenticatedError(
      'The API token is not valid: it is unknown, revoked or its user is inactive',
    )
  request.actor = actorFromUser(user, request.id)
}

/** The actor of an authenticated API request. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError()
  return request.actor
}
