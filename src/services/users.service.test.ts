import { createHash } from 'node:crypto'
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiTokens, auditEvents, users } from '../data/schema/index.js'
import { aSchool, aUser, TEST_PASSWORD } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError } from './errors.js'
import {
  createApiToken,
  createUser,
  signIn,
  SYSTEM_ACTOR,
  userForToken,
  type NewUser,
} from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
})
afterAll(async () => database.close())

let n = 0
const newUser = (over: Partial<NewUser> = {}): NewUser => ({
  email: `person${++n}@school.example`,
  name: 'Pat Person',
  role: 'designated_teacher',
  schoolUrn: school.urn,
  password: TEST_PASSWORD,
  ...over,
})

const eventsFor = (action: string, userId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, userId)))

describe('createUser', () => {
  it('stores the email in lower case and the password only as an argon2id hash', async () => {
    const user = await createUser(ctx, SYSTEM_ACTOR, newUser({ email: '  Jo.Bloggs@School.Example ' }))
    expect(user.email).toBe('jo.bloggs@school.example')
    expect(user.schoolId).toBe(school.id)
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.passwordHash).not.toContain(TEST_PASSWORD)
    expect(await eventsFor('user.created', user.id)).toHaveLength(1)
  })

  it.each<[string, Partial<NewUser>, string[]]>([
    ['an email without an @', { email: 'jo.bloggs.school.example' }, ['email']],
    ['an email with spaces', { email: 'jo bloggs@school.example' }, ['email']],
    ['a role that does not exist', { role: 'caretaker' }, ['role']],
    ['a Virtual School role without an LA code', { role: 'vs_adviser', schoolUrn: null }, ['laCode']],
    ['a Virtual School role with a malformed LA code', { role: 'vs_head', laCode: '9190' }, ['laCode']],
    ['a school role without a school', { role: 'staff', schoolUrn: null }, ['schoolUrn']],
    ['a school that does not exist', { schoolUrn: '999999' }, ['schoolUrn']],
    ['a short password', { password: 'short' }, ['password']],
    ['no name', { name: '  ' }, ['name']],
  ])('refuses %s', async (_, over, paths) => {
    const input = newUser(over)
    expect(await brokenPaths(createUser(ctx, SYSTEM_ACTOR, input))).toEqual(paths)
    const [row] = await database.db
      .select({ n: count() })
      .from(users)
      .where(eq(users.email, input.email.trim().toLowerCase()))
    expect(row!.n).toBe(0)
  })

  it('refuses a second user with the same email in another case', async () => {
    const first = await createUser(ctx, SYSTEM_ACTOR, newUser())
    const errors = await brokenRules(
      createUser(ctx, SYSTEM_ACTOR, newUser({ email: first.email.toUpperCase() })),
    )
    expect(errors.map((e) => e.path)).toEqual(['email'])
  })

  it('gives a Virtual School user their LA and no school, and an administrator neither', async () => {
    const vs = await createUser(ctx, SYSTEM_ACTOR, newUser({ role: 'vs_adviser', laCode: '937' }))
    expect(vs).toMatchObject({ laCode: '937', schoolId: null, role: 'vs_adviser' })
    const admin = await createUser(
      ctx,
      SYSTEM_ACTOR,
      newUser({ role: 'admin', schoolUrn: null, laCode: '919' }),
    )
    expect(admin).toMatchObject({ laCode: null, schoolId: null })
  })

  it('lets only an administrator create users', async () => {
    const { actor } = await aUser(ctx, 'headteacher', school)
    await expect(createUser(ctx, actor, newUser())).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('signIn', () => {
  it('returns the user for the right password and records the sign-in', async () => {
    const { user } = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
    const signedIn = await signIn(ctx, user.email.toUpperCase(), TEST_PASSWORD, 'req-1')
    expect(signedIn?.id).toBe(user.id)
    const [event] = await eventsFor('auth.signed_in', user.id)
    expect(event).toMatchObject({ actorUserId: user.id, requestId: 'req-1', schoolId: school.id })
  })

  it('records only that the password was right when a two-factor code must follow', async () => {
    const { user } = await aUser(ctx, 'designated_teacher', school)
    expect((await signIn(ctx, user.email, TEST_PASSWORD))?.id).toBe(user.id)
    expect(await eventsFor('auth.signed_in', user.id)).toHaveLength(0)
    expect(await eventsFor('auth.password_accepted', user.id)).toHaveLength(1)
  })

  it('refuses a wrong password and records the failure', async () => {
    const { user } = await aUser(ctx, 'designated_teacher', school)
    expect(await signIn(ctx, user.email, `${TEST_PASSWORD}!`)).toBeNull()
    const failures = await eventsFor('auth.sign_in_failed', user.id)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ actorUserId: null })
    expect(await eventsFor('auth.signed_in', user.id)).toHaveLength(0)
  })

  it('refuses an unknown email and records the failure without naming a user', async () => {
    const failuresBefore = await database.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.sign_in_failed'))
    expect(await signIn(ctx, 'nobody@school.example', TEST_PASSWORD)).toBeNull()
    const failures = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.sign_in_failed'))
    expect(failures).toHaveLength(failuresBefore[0]!.n + 1)
    expect(failures.at(-1)).toMatchObject({ entityId: null, details: { reason: 'unknown_email' } })
  })

  it('refuses a deactivated user even with the right password', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    await database.db.update(users).set({ active: false }).where(eq(users.id, user.id))
    expect(await signIn(ctx, user.email, TEST_PASSWORD)).toBeNull()
    expect(await eventsFor('auth.sign_in_failed', user.id)).toHaveLength(1)
  })
})

describe('API tokens', () => {
  it('stores only the SHA-256 hash of a token, and finds its user by the token', async () => {
    const { user } = await aUser(ctx, 'designated_teacher', school)
    const token = await createApiToken(ctx, SYSTEM_ACTOR, user.email, 'MIS sync')
    expect(token).toMatch(/^hbr_[A-Za-z0-9_-]{43}$/)

    const rows = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(rows[0])).not.toContain(token.slice(4))

    expect((await userForToken(ctx, token))?.id).toBe(user.id)
  })

  it('finds nobody for an unknown or revoked token', async () => {
    const { user } = await aUser(ctx, 'designated_teacher', school)
    const token = await createApiToken(ctx, SYSTEM_ACTOR, user.email)
    expect(await userForToken(ctx, `${token}x`)).toBeUndefined()
    expect(await userForToken(ctx, 'hbr_unknown')).toBeUndefined()
    await database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.userId, user.id))
    expect(await userForToken(ctx, token)).toBeUndefined()
  })

  it('refuses a token for an email with no user', async () => {
    expect(await brokenPaths(createApiToken(ctx, SYSTEM_ACTOR, 'nobody@school.example'))).toEqual(['email'])
  })
})
