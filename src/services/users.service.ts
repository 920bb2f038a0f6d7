import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { and, asc, eq, isNull } from 'drizzle-orm'
import { isRole, isVirtualSchoolRole, type Role } from '../domain/access/roles.js'
import type { Actor } from '../domain/access/scope.js'
import { apiTokens, users } from '../data/schema/index.js'
import { findSchoolByUrn, listSchools } from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { RuleBrokenError, type FieldError } from './errors.js'

export type UserRow = typeof users.$inferSelect

export const MIN_PASSWORD_LENGTH = 12

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
  if (!isRole(input.role)) errors.push({ path: 'role', message: `Choose a role; “${input.role}” is not one` })
  const role = input.role as Role
  if (isRole(input.role)) {
    if (isVirtualSchoolRole(role) && !/^\d{3}$/.test(input.laCode ?? ''))
      errors.push({
        path: 'laCode',
        message: 'A Virtual School user needs the 3-digit code of their local authority',
      })
    if (!isVirtualSchoolRole(role) && role !== 'admin' && !input.schoolUrn)
      errors.push({ path: 'schoolUrn', message: 'Choose the school this person works in' })
  }
  if (input.password && input.password.length < MIN_PASSWORD_LENGTH)
    errors.push({
      path: 'password',
      message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters`,
    })
  return ctx.db.transaction(async (tx) => {
    let schoolId: string | null = null
    if (input.schoolUrn && isRole(input.role) && !isVirtualSchoolRole(role)) {
      const school = await findSchoolByUrn(tx, input.schoolUrn)
      const allowed = actor.schoolId === null || actor.schoolId === school?.id
      if (!school || !allowed)
        errors.push({ path: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` })
      else schoolId = school.id
    }
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
    if (clash) errors.push({ path: 'email', message: `There is already a user with the email ${email}` })
    if (errors.length) throw new RuleBrokenError(errors)
    const [row] = await tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        role,
        schoolId,
        laCode: isVirtualSchoolRole(role) ? (input.laCode ?? null) : null,
        passwordHash: input.password ? await hashPassword(input.password) : null,
      })
      .returning()
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

/** Checks an email and password; returns the user, or null. Writes the sign-in to the audit log. */
export async function signIn(ctx: ServiceContext, email: string, password: string, requestId?: string) {
  const user = await findUserByEmail(ctx, email)
  dummyHash ??= hash('not-a-real-password-for-timing')
  const ok =
    user?.passwordHash && user.active
      ? await verify(user.passwordHash, password)
      : (await verify(await dummyHash, password), false)
  await ctx.db.transaction(async (tx) => {
    await audit(
      tx,
      user && ok ? actorFromUser(user, requestId) : null,
      ok ? 'auth.signed_in' : 'auth.sign_in_failed',
      {
        schoolId: user?.schoolId ?? null,
        entity: 'user',
        ...(user ? { entityId: user.id } : {}),
        details: ok ? {} : { reason: user ? 'bad_password_or_inactive' : 'unknown_email' },
      },
    )
  })
  return ok && user ? user : null
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
