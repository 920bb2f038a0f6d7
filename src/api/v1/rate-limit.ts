import { createHash } from 'node:crypto'
import type { RateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'

const BEARER = /^Bearer\s+(\S+)\s*$/i

// Issue 3 item 2: an MIS sync may be busy, but 300 requests a minute per token is plenty; a request
// without a token is counted by address. Counted before the token is checked, so guessing is limited too.
export const API_RATE_LIMIT: RateLimitOptions = {
  max: 300,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
    return token
      ? `api-token|${createHash('sha256').update(token).digest('hex')}`
      : `api-address|${request.ip}`
  },
}

/** Adds the API's rate limit to the API plugin, when the app has rate limiting on (it is off in tests). */
export function limitApiRate(app: FastifyInstance): void {
  if (app.hasDecorator('rateLimit')) app.addHook('onRequest', app.rateLimit(API_RATE_LIMIT))
}
