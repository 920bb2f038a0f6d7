import type { FastifyRequest } from 'fastify'
import {
  sessionEnd,
  shouldRecordActivity,
  type SessionEnd,
  type SessionTimes,
} from '../../domain/access/session-lifetime.js'
import { securityPolicy } from '../../services/context.js'

declare module 'fastify' {
  interface Session {
    /** When this session last served a page (epoch ms, to the minute): for the idle timeout. */
    lastSeenAt?: number
    /** Why the last session was ended, for the sign-in page to say. */
    signedOutBecause?: SessionEnd
  }
}

/**
 * Issue 3 item 2: ends a signed-in session that has been idle too long or is past its absolute
 * lifetime, by the service clock. The old session is deleted; a new, empty one remembers why, for
 * the sign-in page. Returns true when it ended the session. Otherwise notes the activity, at most
 * once a minute, so that a busy user's pages do not each write the session.
 */
export async function endExpiredSession(request: FastifyRequest): Promise<boolean> {
  const { ctx } = request.server.harbour
  const times: SessionTimes = {
    signedInAt: request.session.get('signedInAt'),
    lastSeenAt: request.session.get('lastSeenAt'),
  }
  const now = ctx.now().getTime()
  const end = sessionEnd(times, securityPolicy(ctx).session, now)
  if (end) {
    await request.session.regenerate()
    request.session.set('signedOutBecause', end)
    return true
  }
  if (shouldRecordActivity(times, now)) request.session.set('lastSeenAt', now)
  return false
}

/** The sign-in page's note on why someone was signed out, once; undefined when there is none. */
export function takeSignedOutNotice(request: FastifyRequest): string | undefined {
  const reason = request.session.get('signedOutBecause')
  if (!reason) return undefined
  request.session.set('signedOutBecause', undefined)
  if (reason === 'idle') return 'You were signed out because you were inactive'
  const hours = securityPolicy(request.server.harbour.ctx).session.absoluteHours
  return `You were signed out because you had been signed in for ${hours} ${hours === 1 ? 'hour' : 'hours'}. Sign in again to go on`
}
