import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { and, asc, eq, isNull } from 'drizzle-orm'
import { isRole } from '../domain/access/roles.js'
import type { Actor } from '../domain/access/scope.js'
import { apiTokens, users } from '../data/schema/index.js'
import { listSchools } from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, securityPolicy, type ServiceContext } from './context.js'
import { AccountLockedError, RuleBrokenError, type FieldError } from './errors.js'
import { afterFailedSignIn, lockedMinutesLeft, UNLOCKED } from '../domain/access/lockout.js'
import { checkPassword } from '../domain/access/passwords.js'
import { overlongFields } from '../domain/input/text-limits.js'
import { resolvePlacement } from './user-placement.js'
import {
  readLockState,
  saveLockState,
  type LockKey,
} from '../data/repositories/sign-in-lockout.repository.js'

export type UserRow = typeof users.$inferSelect

export { MIN_PASSWORD_LENGTH } from '../domain/access/passwords.js'

export function actorFromUser(user: UserRow, requestId?: string): Actor {
  if (!isRole(user.role)) throw new Error(`Unknown role ${user.role}`)
  return {
    userId: user.id,
    name: user.name,
    role: user.role,
    schoolId: user.schoolId,
    laCode: user.laCode,
    requestId,
  }
}

/** The actor for work the system does itself (migrations, demo loading, the CLI's admin commands). */
export const SYSTEM_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  name: 'Harbour',
  role: 'admin',
  schoolId: null,
  laCode: null,
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export type NewUser = {
  email: string
  name: string
  role: string
  schoolUrn?: string | null | undefined
  laCode?: string | null | undefined
  password?: string | null | undefined
}

export async function createUser(ctx: ServiceContext, actor: Actor, input: NewUser) {
  authorise(actor, 'user:manage')
  const errors: FieldError[] = []
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.push({
      path: 'email',
      message: 'Enter an email address in the correct format, like name@school.org',
    })
  if (!input.name.trim()) errors.push({ path: 'name', message: 'Enter the person’s name' })
  const tooLong = overlongFields([
    { path: 'email', label: 'Email address', value: email, kind: 'email' },
    { path: 'name', label: 'Name', value: input.name.trim(), kind: 'name' },
  ])
  errors.push(...tooLong.filter((p) => !errors.some((e) => e.path === p.path)))
  if (input.password) {
    const check = checkPassword(input.password, { email, name: input.name })
    if (!check.ok) errors.push({ path: 'password', message: check.message })
  }
  return ctx.db.transaction(async (tx) => {
    const { errors: placementErrors, placement } = await resolvePlacement(tx, actor, input)
    errors.push(...placementErrors)
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
    if (clash) errors.push({ path: 'email', message: `There is already a user with the email ${email}` })
    if (errors.length || !placement) throw new RuleBrokenError(errors)
    const [row] = await tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        ...placement,
        passwordHash: input.password ? await hashPassword(input.password) : null,
      })
      .returning()
    const { schoolId, role } = placement
    await audit(tx, actor, 'user.created', { schoolId, entity: 'user', entityId: row!.id, details: { role } })
    return row!
  })
}

export async function listUsers(ctx: ServiceContext, actor: Actor) {
  authorise(actor, 'user:manage')
  const rows = await ctx.db
    .select()
    .from(users)
    .where(actor.schoolId ? eq(users.schoolId, actor.schoolId) : undefined)
    .orderBy(asc(users.name))
  const schools = new Map((await listSchools(ctx.db, null)).map((s) => [s.id, s]))
  return rows.map((u) => ({ ...u, school: u.schoolId ? schools.get(u.schoolId) : undefined }))
}

export async function findUserByEmail(ctx: ServiceContext, email: string) {
  const [row] = await ctx.db.select().from(users).where(eq(users.email, email.trim().toLowerCase()))
  return row
}

export async function findUserById(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, id))
  return row
}

// A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist.
let dummyHash: Promise<string> | undefined

/**
 * Checks an email and password; returns the user, or null. Writes the attempt to the audit log.
 * Issue 3 item 2: after too many wrong passwords sign-in is refused for a while, right password or not,
 * by throwing AccountLockedError. An email address with no account is counted and locked the same way,
 * and the password is always checked first, so neither the message nor the timing tells which exist.
 */
export async function signIn(ctx: ServiceContext, email: string, password: string, requestId?: string) {
  const user = await findUserByEmail(ctx, email)
  dummyHash ??= hash('not-a-real-password-for-timing')
  const passwordOk =
    user?.passwordHash && user.active
      ? await verify(user.passwordHash, password)
      : (await verify(await dummyHash, password), false)
  const now = ctx.now()
  const key: LockKey = user ? { userId: user.id } : { emailHash: hashToken(email.trim().toLowerCase()) }
  const about = { schoolId: user?.schoolId ?? null, entity: 'user', ...(user ? { entityId: user.id } : {}) }
  const outcome = await ctx.db.transaction(async (tx) => {
    const state = await readLockState(tx, key)
    const minutesLeft = lockedMinutesLeft(state, now)
    if (minutesLeft > 0) {
      await audit(tx, null, 'auth.sign_in_failed', { ...about, details: { reason: 'locked' } })
      return { minutesLeft }
    }
    if (passwordOk && user) {
      if (state.failedSignIns > 0 || state.lockedUntil) await saveLockState(tx, key, UNLOCKED, now)
      // With two-factor set up, signing in completes at the code step, which writes auth.signed_in.
      const event = user.twoFactorEnabledAt ? 'auth.password_accepted' : 'auth.signed_in'
      await audit(tx, actorFromUser(user, requestId), event, about)
      return { user }
    }
    const failed = afterFailedSignIn(state, securityPolicy(ctx).lockout, now)
    await saveLockState(tx, key, failed.state, now)
    const reason = user ? 'bad_password_or_inactive' : 'unknown_email'
    await audit(tx, null, 'auth.sign_in_failed', { ...about, details: { reason } })
    if (!failed.lockedNow) return { user: null }
    await audit(tx, null, 'auth.locked', {
      ...about,
      details: { reason, failedSignIns: failed.state.failedSignIns, lockedUntil: failed.state.lockedUntil },
    })
    return { minutesLeft: lockedMinutesLeft(failed.state, now) }
  })
  if (outcome.minutesLeft !== undefined) throw new AccountLockedError(outcome.minutesLeft)
  return outcome.user ?? null
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Creates an API token for a user; only its hash is stored. */
export async function createApiToken(ctx: ServiceContext, actor: Actor, email: string, label?: string) {
  authorise(actor, 'token:create')
  const user = await findUserByEmail(ctx, email)
  if (!user || (actor.schoolId !== null && user.schoolId !== actor.schoolId))
    throw new RuleBrokenError([{ path: 'email', message: `There is no user with the email ${email}` }])
  const token = `hbr_${randomBytes(32).toString('base64url')}`
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, label: label ?? null, tokenHash: hashToken(token) })
      .returning()
    await audit(tx, actor, 'token.created', {
      entity: 'api_token',
      entityId: row!.id,
      details: { userId: user.id },
    })
  })
  return token
}

export async function userForToken(ctx: ServiceContext, token: string): Promise<UserRow | undefined> {
  const [row] = await ctx.db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), eq(users.active, true)),
    )
  return row?.user
}
