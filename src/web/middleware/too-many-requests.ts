import type { FastifyReply, FastifyRequest } from 'fastify'
import { renderPage } from '../render.js'

/** Minutes until the rate limit lets this client in again, from the limiter's Retry-After header (seconds). */
export function retryAfterMinutes(reply: FastifyReply): number {
  const seconds = Number(reply.getHeader('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1
}

/** Issue 3 item 2: the page for a client over a rate limit (sign-in attempts, or pages in general). */
export async function tooManyRequestsPage(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const minutes = retryAfterMinutes(reply)
  return renderPage(
    request,
    reply,
    'errors/too-many-requests.njk',
    { title: 'Too many requests', wait: `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}` },
    429,
  )
}
