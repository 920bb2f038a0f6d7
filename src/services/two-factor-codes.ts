import { createHash, randomInt } from 'node:crypto'
import { verify } from 'otplib'
import {
  formatRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  normaliseTotpCode,
} from '../domain/access/two-factor.js'
import type { Executor } from '../data/db.js'
import {
  acceptTimeStep,
  countWrongCode,
  replaceRecoveryCodes,
} from '../data/repositories/two-factor.repository.js'
import { audit } from './audit.service.js'
import type { ServiceContext } from './context.js'
import type { FieldError } from './errors.js'
import type { UserRow } from './users.service.js'

// The checks behind two-factor.service.ts: TOTP codes (RFC 6238, no replay), recovery codes, and the
// count of wrong codes that locks codes out for a while.

/** RFC 6238 as authenticator apps use it: 30-second steps, 6 digits, SHA-1. */
export const TOTP_PERIOD_SECONDS = 30
/** Wrong codes in a row (TOTP or recovery) before codes are refused for a while: 6 digits are guessable. */
export const MAX_WRONG_CODES = 5
export const WRONG_CODE_LOCK_MINUTES = 15

export const CODE_MESSAGES = {
  enterCode: 'Enter the 6-digit code from your authenticator app',
  wrongCode: 'The code is not right, or it has been used. Wait for a new code and try again',
  enterRecoveryCode: 'Enter one of your recovery codes',
  wrongRecoveryCode: 'The recovery code is not right, or it has been used. Check it and try again',
  locked: `You have entered a wrong code too many times. Wait ${WRONG_CODE_LOCK_MINUTES} minutes, then sign in again`,
} as const

/** The time-step a code belongs to, within one step either side of now; null when it matches none. */
export async function stepOfCode(ctx: ServiceContext, secret: string, code: string): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(ctx.now().getTime() / 1000),
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_PERIOD_SECONDS,
  })
  // otplib's result type covers HOTP too; a TOTP match always carries its time-step.
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

export function hashRecoveryCode(userId: string, symbols: string): string {
  return createHash('sha256').update(`${userId}:${symbols}`).digest('hex')
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from(
      { length: RECOVERY_CODE_LENGTH },
      () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)],
    ).join(''),
  )
}

export async function issueRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes()
  await replaceRecoveryCodes(
    tx,
    userId,
    codes.map((c) => hashRecoveryCode(userId, c)),
  )
  return codes.map(formatRecoveryCode)
}

export const codeError = (message: string): FieldError => ({ path: 'code', message })

export type Method = 'totp' | 'recovery_code'
/** `missing`: no code typed; `wrong`: wrong, used or replayed; `locked`: too many wrong codes lately. */
export type Refused = 'missing' | 'wrong' | 'locked'
export type Refusal = { ok: false; error: FieldError; refused: Refused }

/**
 * Checks a second factor inside the caller's transaction: refuses while locked, and counts a wrong
 * code (audited; MAX_WRONG_CODES in a row lock codes out for a while). Returns the refusal rather
 * than throwing, so the count and the audit event are committed with the transaction.
 */
export async function checkSecondFactor(
  ctx: ServiceContext,
  tx: Executor,
  user: UserRow,
  method: Method,
  wrongMessage: string,
  check: () => Promise<{ ok: true } | { ok: false; reason: string }>,
): Promise<{ ok: true } | Refusal> {
  const about = { schoolId: user.schoolId, entity: 'user', entityId: user.id }
  const now = ctx.now()
  if (!user.active || !user.totpSecret || !user.twoFactorEnabledAt)
    return { ok: false, error: codeError(wrongMessage), refused: 'wrong' }
  if (user.twoFactorLockedUntil && user.twoFactorLockedUntil > now) {
    await audit(tx, null, 'auth.two_factor_failed', { ...about, details: { method, reason: 'locked' } })
    return { ok: false, error: codeError(CODE_MESSAGES.locked), refused: 'locked' }
  }
  const result = await check()
  if (result.ok) return result
  const lockUntil = new Date(now.getTime() + WRONG_CODE_LOCK_MINUTES * 60_000)
  const locked = await countWrongCode(tx, user.id, MAX_WRONG_CODES, lockUntil)
  await audit(tx, null, 'auth.two_factor_failed', {
    ...about,
    details: { method, reason: result.reason, ...(locked ? { lockedUntil: lockUntil.toISOString() } : {}) },
  })
  return locked
    ? { ok: false, error: codeError(CODE_MESSAGES.locked), refused: 'locked' }
    : { ok: false, error: codeError(wrongMessage), refused: 'wrong' }
}

/** Accepts a TOTP code once: its time-step must come after the last accepted one (no replay). */
export async function checkTotp(ctx: ServiceContext, tx: Executor, user: UserRow, typedCode: string) {
  const code = normaliseTotpCode(typedCode)
  const step = code && user.totpSecret ? await stepOfCode(ctx, user.totpSecret, code) : null
  if (step === null) return { ok: false, reason: 'wrong_code' } as const
  // Compare-and-set on the last step, so two requests racing with one code cannot both succeed.
  if (!(await acceptTimeStep(tx, user.id, step))) return { ok: false, reason: 'replayed_code' } as const
  return { ok: true } as const
}
