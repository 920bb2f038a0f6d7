import { generateSecret, generateURI } from 'otplib'
import { isRole } from '../domain/access/roles.js'
import type { Actor } from '../domain/access/scope.js'
import {
  normaliseRecoveryCode,
  normaliseTotpCode,
  REQUIRE_TWO_FACTOR_FOR_ALL,
  secondStepAfterPassword,
  twoFactorRequired,
  type SecondStep,
} from '../domain/access/two-factor.js'
import type { Executor } from '../data/db.js'
import {
  disableTotp,
  enableTotp,
  findTwoFactorUser,
  setSchoolSetting,
  unusedRecoveryCodes,
  useRecoveryCode,
  type TwoFactorUser,
} from '../data/repositories/two-factor.repository.js'
import { DEMO_EMAIL_DOMAIN } from '../demo/spec.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { actorFromUser, findUserByEmail, type UserRow } from './users.service.js'
import { requireSchool } from './schools.service.js'
import {
  checkSecondFactor,
  checkTotp,
  CODE_MESSAGES,
  codeError,
  hashRecoveryCode,
  issueRecoveryCodes,
  stepOfCode,
  type Method,
  type Refused,
} from './two-factor-codes.js'

export { CODE_MESSAGES, MAX_WRONG_CODES, WRONG_CODE_LOCK_MINUTES } from './two-factor-codes.js'

const ISSUER = 'Harbour'

/** Whether the database is the demonstration one (`app.harbour.demo`): only then are demo users exempt. */
export type TwoFactorOptions = { demo: boolean }

const isDemoEmail = (email: string) =>
  email.endsWith(`@${DEMO_EMAIL_DOMAIN}`) || email.endsWith(`.${DEMO_EMAIL_DOMAIN}`)

function stateOf({ user, schoolSettings }: TwoFactorUser, options: TwoFactorOptions) {
  const role = user.role
  return {
    enabled: user.twoFactorEnabledAt !== null && user.totpSecret !== null,
    required: isRole(role) && twoFactorRequired(role, schoolSettings),
    // A real database never exempts anyone: the flag is set only by loading the synthetic demo.
    demoExempt: options.demo && isDemoEmail(user.email),
  }
}

async function requireUser(tx: Executor, userId: string): Promise<TwoFactorUser> {
  const found = await findTwoFactorUser(tx, userId)
  if (!found) throw new NotFoundError('user')
  return found
}

/** After a right password: ask for a code, send the user to set two-factor up, or let them in. */
export async function twoFactorStepAfterPassword(
  ctx: ServiceContext,
  user: UserRow,
  options: TwoFactorOptions,
): Promise<SecondStep> {
  return secondStepAfterPassword(stateOf(await requireUser(ctx.db, user.id), options))
}

/** True while a signed-in user who must use two-factor has not set it up: they may only set it up. */
export async function twoFactorSetUpPending(
  ctx: ServiceContext,
  actor: Actor,
  options: TwoFactorOptions,
): Promise<boolean> {
  const found = await findTwoFactorUser(ctx.db, actor.userId)
  return found !== undefined && secondStepAfterPassword(stateOf(found, options)) === 'set_up'
}

export function newTotpSecret(): string {
  return generateSecret()
}

/** The `otpauth://` address an authenticator app reads from the QR code. */
export function otpauthUrl(email: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret })
}

/**
 * Turns two-factor on once the first code from the app matches `secret`. Returns the recovery codes,
 * in plain text this once; only their hashes are kept.
 */
export async function confirmTwoFactorSetUp(
  ctx: ServiceContext,
  actor: Actor,
  secret: string,
  typedCode: string,
): Promise<string[]> {
  if (!typedCode.trim()) throw new RuleBrokenError([codeError(CODE_MESSAGES.enterCode)])
  const code = normaliseTotpCode(typedCode)
  const step = code ? await stepOfCode(ctx, secret, code) : null
  if (step === null) throw new RuleBrokenError([codeError(CODE_MESSAGES.wrongCode)])
  return ctx.db.transaction(async (tx) => {
    const { user } = await requireUser(tx, actor.userId)
    if (!(await enableTotp(tx, user.id, secret, step, ctx.now())))
      throw new RuleBrokenError([codeError('Two-factor authentication is already on for your account')])
    const codes = await issueRecoveryCodes(tx, user.id)
    await audit(tx, actor, 'auth.two_factor_enabled', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
    })
    return codes
  })
}

export type SecondFactorResult =
  { ok: true; user: UserRow; recoveryCodesLeft: number } | { ok: false; error: FieldError; refused: Refused }

async function signedIn(
  tx: Executor,
  user: UserRow,
  method: Method,
  requestId: string | undefined,
): Promise<SecondFactorResult> {
  const actor = actorFromUser(user, requestId)
  const about = { schoolId: user.schoolId, entity: 'user', entityId: user.id }
  if (method === 'recovery_code') await audit(tx, actor, 'auth.recovery_code_used', about)
  await audit(tx, actor, 'auth.signed_in', { ...about, details: { secondFactor: method } })
  return { ok: true, user, recoveryCodesLeft: await unusedRecoveryCodes(tx, user.id) }
}

/** The second sign-in step with a code from the authenticator app; a code is accepted once (no replay). */
export async function completeSignInWithCode(
  ctx: ServiceContext,
  userId: string,
  typedCode: string,
  requestId?: string,
): Promise<SecondFactorResult> {
  if (!typedCode.trim()) return { ok: false, error: codeError(CODE_MESSAGES.enterCode), refused: 'missing' }
  return ctx.db.transaction(async (tx) => {
    const { user } = await requireUser(tx, userId)
    const checked = await checkSecondFactor(ctx, tx, user, 'totp', CODE_MESSAGES.wrongCode, () =>
      checkTotp(ctx, tx, user, typedCode),
    )
    return checked.ok ? signedIn(tx, user, 'totp', requestId) : checked
  })
}

/** The second sign-in step with a recovery code instead; each code works once. */
export async function completeSignInWithRecoveryCode(
  ctx: ServiceContext,
  userId: string,
  typedCode: string,
  requestId?: string,
): Promise<SecondFactorResult> {
  if (!typedCode.trim())
    return { ok: false, error: codeError(CODE_MESSAGES.enterRecoveryCode), refused: 'missing' }
  const symbols = normaliseRecoveryCode(typedCode)
  return ctx.db.transaction(async (tx) => {
    const { user } = await requireUser(tx, userId)
    const checked = await checkSecondFactor(
      ctx,
      tx,
      user,
      'recovery_code',
      CODE_MESSAGES.wrongRecoveryCode,
      async () =>
        symbols !== null &&
        (await useRecoveryCode(tx, user.id, hashRecoveryCode(user.id, symbols), ctx.now()))
          ? { ok: true }
          : { ok: false, reason: 'wrong_or_used_recovery_code' },
    )
    return checked.ok ? signedIn(tx, user, 'recovery_code', requestId) : checked
  })
}

export type TwoFactorOverview = {
  email: string
  enabled: boolean
  enabledAt: Date | null
  required: boolean
  mayTurnOff: boolean
  recoveryCodesLeft: number
}

/** What the account page shows about the signed-in user's two-factor sign-in. */
export async function twoFactorOverview(
  ctx: ServiceContext,
  actor: Actor,
  options: TwoFactorOptions,
): Promise<TwoFactorOverview> {
  const found = await requireUser(ctx.db, actor.userId)
  const state = stateOf(found, options)
  return {
    email: found.user.email,
    enabled: state.enabled,
    enabledAt: found.user.twoFactorEnabledAt,
    required: state.required && !state.demoExempt,
    mayTurnOff: state.enabled && !(state.required && !state.demoExempt),
    recoveryCodesLeft: state.enabled ? await unusedRecoveryCodes(ctx.db, actor.userId) : 0,
  }
}

/** New recovery codes for the signed-in user; the old ones, used or not, stop working. */
export async function replaceMyRecoveryCodes(ctx: ServiceContext, actor: Actor): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const { user } = await requireUser(tx, actor.userId)
    if (!user.twoFactorEnabledAt)
      throw new RuleBrokenError([{ path: 'code', message: 'Set up two-factor authentication first' }])
    const codes = await issueRecoveryCodes(tx, user.id)
    await audit(tx, actor, 'auth.recovery_codes_replaced', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
    })
    return codes
  })
}

/**
 * Turns two-factor off for the signed-in user, confirmed by a current code. Refused (403) when their
 * role or school requires it.
 */
export async function turnOffTwoFactor(
  ctx: ServiceContext,
  actor: Actor,
  typedCode: string,
  options: TwoFactorOptions,
): Promise<void> {
  if (!typedCode.trim()) throw new RuleBrokenError([codeError(CODE_MESSAGES.enterCode)])
  const refusal = await ctx.db.transaction(async (tx) => {
    const found = await requireUser(tx, actor.userId)
    const state = stateOf(found, options)
    if (state.required && !state.demoExempt) throw new ForbiddenError('two_factor:turn_off')
    const { user } = found
    const checked = await checkSecondFactor(ctx, tx, user, 'totp', CODE_MESSAGES.wrongCode, () =>
      checkTotp(ctx, tx, user, typedCode),
    )
    if (!checked.ok) return checked
    await disableTotp(tx, user.id, ctx.now())
    await audit(tx, actor, 'auth.two_factor_disabled', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
    })
    return null
  })
  if (refusal) throw new RuleBrokenError([refusal.error])
}

/**
 * An administrator's reset for someone who has lost both their phone and their recovery codes:
 * two-factor is off, and (if their role requires it) they set it up again at their next sign-in.
 */
export async function resetTwoFactor(ctx: ServiceContext, actor: Actor, email: string): Promise<void> {
  authorise(actor, 'user:manage')
  const user = await findUserByEmail(ctx, email)
  if (!user || (actor.schoolId !== null && user.schoolId !== actor.schoolId))
    throw new RuleBrokenError([{ path: 'email', message: `There is no user with the email ${email}` }])
  await ctx.db.transaction(async (tx) => {
    await disableTotp(tx, user.id, ctx.now())
    await audit(tx, actor, 'auth.two_factor_reset', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
    })
  })
}

/** The school setting that makes two-factor sign-in mandatory for every user of the school. */
export async function setTwoFactorRequiredForAll(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  required: boolean,
): Promise<void> {
  authorise(actor, 'school:update')
  await ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    await setSchoolSetting(tx, school.id, REQUIRE_TWO_FACTOR_FOR_ALL, required, ctx.now())
    await audit(tx, actor, 'school.two_factor_requirement_changed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: { requiredForAll: required },
    })
  })
}
