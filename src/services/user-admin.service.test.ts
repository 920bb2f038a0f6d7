import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiTokens, auditEvents, sessions, users } from '../data/schema/index.js'
import { aSchool, aUser, TEST_PASSWORD } from '../test-support/builders.js'
import { brokenPaths, fixedContext, FIXED_NOW } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError, RuleBrokenError } from './errors.js'
import { changeUserRole, setUserActive, signUserOutEverywhere, userForAdmin } from './user-admin.service.js'
import { createApiToken, signIn, SYSTEM_ACTOR, userForToken } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let otherSchool: Awaited<ReturnType<typeof aSchool>>
let admin: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  otherSchool = await aSchool(ctx)
  admin = await aUser(ctx, 'admin', null)
})
afterAll(async () => database.close())

/** A session row as the session store writes it, for a user signed in on some device. */
async function aSession(userId: string): Promise<string> {
  const id = randomUUID()
  await database.db.insert(sessions).values({
    id,
    userId,
    data: { userId, signedInAt: FIXED_NOW.getTime() },
    expiresAt: new Date(FIXED_NOW.getTime() + 3_600_000),
  })
  return id
}

const sessionsOf = (userId: string) => database.db.select().from(sessions).where(eq(sessions.userId, userId))
const eventsFor = (action: string, userId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, userId)))

describe('changing a user’s role', () => {
  it('changes the role and where they work, ends their sessions and audits the change', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    await aSession(user.id)
    await aSession(user.id)
    const updated = await changeUserRole(ctx, admin.actor, user.id, {
      role: 'vs_adviser',
      laCode: '937',
      schoolUrn: school.urn,
      version: user.version,
    })
    expect(updated).toMatchObject({
      role: 'vs_adviser',
      laCode: '937',
      schoolId: null,
      version: user.version + 1,
    })
    expect(await sessionsOf(user.id)).toHaveLength(0)
    const [event] = await eventsFor('user.role_changed', user.id)
    expect(event).toMatchObject({ actorUserId: admin.user.id })
    expect(event!.details).toMatchObject({
      from: { role: 'staff' },
      to: { role: 'vs_adviser' },
      sessionsEnded: 2,
    })
  })

  it('leaves other users’ sessions alone', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const bystander = await aUser(ctx, 'staff', school)
    await aSession(bystander.user.id)
    await changeUserRole(ctx, admin.actor, user.id, {
      role: 'senco',
      schoolUrn: school.urn,
      version: user.version,
    })
    expect(await sessionsOf(bystander.user.id)).toHaveLength(1)
  })

  it.each<[string, Record<string, string | null>, string[]]>([
    ['a role that does not exist', { role: 'caretaker', schoolUrn: null }, ['role']],
    ['a school role without a school', { role: 'senco', schoolUrn: null }, ['schoolUrn']],
    ['a Virtual School role without an LA code', { role: 'vs_head', laCode: '' }, ['laCode']],
  ])('refuses %s and changes nothing', async (_, input, paths) => {
    const { user } = await aUser(ctx, 'staff', school)
    await aSession(user.id)
    const call = changeUserRole(ctx, admin.actor, user.id, { role: '', ...input, version: user.version })
    expect(await brokenPaths(call)).toEqual(paths)
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id))
    expect(row).toMatchObject({ role: 'staff', version: user.version })
    expect(await sessionsOf(user.id)).toHaveLength(1)
  })

  it('refuses a stale version', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    await changeUserRole(ctx, admin.actor, user.id, {
      role: 'senco',
      schoolUrn: school.urn,
      version: user.version,
    })
    await expect(
      changeUserRole(ctx, admin.actor, user.id, {
        role: 'dsl',
        schoolUrn: school.urn,
        version: user.version,
      }),
    ).rejects.toBeInstanceOf(ConflictError)
  })

  it('does not let administrators change their own role', async () => {
    await expect(
      changeUserRole(ctx, admin.actor, admin.user.id, { role: 'staff', schoolUrn: school.urn, version: 1 }),
    ).rejects.toBeInstanceOf(RuleBrokenError)
  })

  it('keeps an administrator of one school to that school’s users', async () => {
    const schoolAdmin = await aUser(ctx, 'admin', school)
    const elsewhere = await aUser(ctx, 'staff', otherSchool)
    await expect(userForAdmin(ctx, schoolAdmin.actor, elsewhere.user.id)).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(
      changeUserRole(ctx, schoolAdmin.actor, elsewhere.user.id, {
        role: 'senco',
        schoolUrn: otherSchool.urn,
        version: 1,
      }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('is for administrators only', async () => {
    const head = await aUser(ctx, 'headteacher', school)
    const { user } = await aUser(ctx, 'staff', school)
    await expect(
      changeUserRole(ctx, head.actor, user.id, { role: 'dsl', schoolUrn: school.urn, version: user.version }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(userForAdmin(ctx, admin.actor, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('signing a user out everywhere', () => {
  it('ends every session of the user and audits it', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    await aSession(user.id)
    await aSession(user.id)
    expect((await userForAdmin(ctx, admin.actor, user.id)).sessions).toBe(2)
    expect(await signUserOutEverywhere(ctx, admin.actor, user.id)).toBe(2)
    expect(await sessionsOf(user.id)).toHaveLength(0)
    expect(await eventsFor('user.signed_out_everywhere', user.id)).toHaveLength(1)
  })
})

describe('deactivating a user', () => {
  it('refuses their password and their API tokens and ends their sessions, until reactivated', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const token = await createApiToken(ctx, SYSTEM_ACTOR, user.email)
    await aSession(user.id)
    await setUserActive(ctx, admin.actor, user.id, false)
    expect(await signIn(ctx, user.email, TEST_PASSWORD)).toBeNull()
    expect(await userForToken(ctx, token)).toBeUndefined()
    expect(await sessionsOf(user.id)).toHaveLength(0)
    expect(await eventsFor('user.deactivated', user.id)).toHaveLength(1)
    // The token is kept, not revoked: reactivating brings it back.
    expect(await database.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).toHaveLength(1)

    await setUserActive(ctx, admin.actor, user.id, true)
    expect((await signIn(ctx, user.email, TEST_PASSWORD))?.id).toBe(user.id)
    expect((await userForToken(ctx, token))?.id).toBe(user.id)
    expect(await eventsFor('user.reactivated', user.id)).toHaveLength(1)
  })

  it('does not let administrators deactivate themselves', async () => {
    await expect(setUserActive(ctx, admin.actor, admin.user.id, false)).rejects.toBeInstanceOf(
      RuleBrokenError,
    )
  })
})
