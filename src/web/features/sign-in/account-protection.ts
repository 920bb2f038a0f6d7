import type { RateLimitOptions } from '@fastify/rate-limit'
import type { FastifyRequest } from 'fastify'
import { AccountLockedError, type FieldError } from '../../../services/errors.js'

// Issue 3 item 2: at most 10 sign-in attempts a minute from one address for one email. Counted after
// the form is read (preValidation), so the key can hold the email; the lockout (users.service.ts
// `signIn`) then stops a slow guesser who spreads attempts over many addresses.
export const SIGN_IN_RATE_LIMIT: RateLimitOptions = {
  max: 10,
  timeWindow: '1 minute',
  hook: 'preValidation',
  keyGenerator: (request: FastifyRequest) => {
    const body = (request.body ?? {}) as { email?: unknown }
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : ''
    return `sign-in|${request.ip}|${email}`
  },
}

/** The sign-in form's route config: its own rate limit. */
export const SIGN_IN_CONFIG = { rateLimit: SIGN_IN_RATE_LIMIT }

export function lockedMessage(minutesLeft: number): string {
  return `There have been too many attempts to sign in. Try again in ${minutesLeft} ${minutesLeft === 1 ? 'minute' : 'minutes'}`
}

/**
 * For `signIn(...).catch(...)`: a locked account (or unknown email "locked" alike) becomes the form's
 * error and no user. The message is the same whether or not the email has an account.
 */
export function refuseWhenLocked(errors: FieldError[]) {
  return (error: unknown): null => {
    if (!(error instanceof AccountLockedError)) throw error
    errors.push({ path: 'email', message: lockedMessage(error.minutesLeft) })
    return null
  }
}
