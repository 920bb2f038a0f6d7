import type { FastifyReply, FastifyRequest } from 'fastify'
import { setFlash } from '../../render.js'

// The second step must follow the password soon: a half-finished sign-in left on a shared computer
// should not wait for whoever comes next.
export const PENDING_SIGN_IN_MS = 10 * 60 * 1000

/** After a right password for someone with two-factor on: remember who, but do not sign them in. */
export async function startPendingSignIn(
  request: FastifyRequest,
  userId: string,
  next: string | undefined,
): Promise<void> {
  await request.session.regenerate()
  request.session.set('twoFactorUserId', userId)
  request.session.set('twoFactorStartedAt', request.server.harbour.ctx.now().getTime())
  if (next) request.session.set('twoFactorNext', next)
}

/** The user whose password was right and whose second step is due, or null (none, or too late). */
export function pendingSignIn(request: FastifyRequest): string | null {
  const userId = request.session.get('twoFactorUserId')
  const startedAt = request.session.get('twoFactorStartedAt') ?? 0
  const now = request.server.harbour.ctx.now().getTime()
  return userId && now - startedAt < PENDING_SIGN_IN_MS ? userId : null
}

export function forgetPendingSignIn(request: FastifyRequest): void {
  request.session.set('twoFactorUserId', undefined)
  request.session.set('twoFactorStartedAt', undefined)
  request.session.set('twoFactorNext', undefined)
}

/** Signs in with a new session id (so a session fixed before sign-in is worthless) and goes on. */
export async function finishSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  flash?: { message: string; warnings?: string[] },
): Promise<FastifyReply> {
  const next = request.session.get('twoFactorNext')
  await request.session.regenerate()
  request.session.set('userId', userId)
  request.session.set('signedInAt', request.server.harbour.ctx.now().getTime())
  if (flash) setFlash(request, flash.message, flash.warnings)
  return reply.redirect(next ?? '/')
}
