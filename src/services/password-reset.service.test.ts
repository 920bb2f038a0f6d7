import { createHash, randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, passwordResets, sessions, users } from '../data/schema/index.js'
import { aSchool, aUser, TEST_PASSWORD } from '../test-support/builders.js'
import { brokenRules, FIXED_NOW } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { AccountLockedError, ForbiddenError, NotFoundError, RuleBrokenError } from './errors.js'
import { createPasswordResetLink, findPasswordResetLink, resetPassword } from './password-reset.service.js'
import { setUserActive } from './user-admin.service.js'
import { signIn } from './users.service.js'

let database: TestDatabase
let clock: Date
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let admin: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  clock = FIXED_NOW
  ctx = { db: database.db, now: () => clock }
  school = await aSchool(ctx)
  admin = await aUser(ctx, 'admin', null)
})
afterAll(async () => database.close())

const NEW_PASSWORD = 'lantern orchard pebble'
const later = (hours: number) => {
  clock = new Date(clock.getTime() + hours * 3_600_000)
}
const userRow = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!
const eventsFor = (action: string, userId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, userId)))

describe('password reset links', () => {
  it('stores only the hash of the link’s secret, for 24 hours, and audits its creation', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const { token, expiresAt } = await createPasswordResetLink(ctx, admin.actor, user.id)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const [row] = await database.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id))
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(token)
    expect(expiresAt).toEqual(new Date(clock.getTime() + 24 * 3_600_000))
    expect(await findPasswordResetLink(ctx, token)).toEqual({ name: user.name, email: user.email })
    expect(await eventsFor('user.password_reset_link_created', user.id)).toHaveLength(1)
  })

  it('sets the new password once: the old one stops working, sessions end, a lock lifts', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    for (let i = 0; i < 5; i++) await signIn(ctx, user.email, 'not the password at all').catch(() => null)
    await expect(signIn(ctx, user.email, TEST_PASSWORD)).rejects.toBeInstanceOf(AccountLockedError)
    await database.db.insert(sessions).values({
      id: randomUUID(),
      userId: user.id,
      data: { userId: user.id },
      expiresAt: new Date(clock.getTime() + 3_600_000),
    })
    const { token } = await createPasswordResetLink(ctx, admin.actor, user.id)

    expect(await resetPassword(ctx, token, NEW_PASSWORD, 'req-9')).toBe(true)
    expect(await signIn(ctx, user.email, TEST_PASSWORD)).toBeNull()
    expect((await signIn(ctx, user.email, NEW_PASSWORD))?.id).toBe(user.id)
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0)
    const [event] = await eventsFor('auth.password_reset', user.id)
    expect(event).toMatchObject({ actorUserId: user.id, requestId: 'req-9' })

    // Used: it cannot be used again.
    expect(await findPasswordResetLink(ctx, token)).toBeUndefined()
    const hashBefore = (await userRow(user.id)).passwordHash
    expect(await resetPassword(ctx, token, 'another fine password', 'req-10')).toBe(false)
    expect((await userRow(user.id)).passwordHash).toBe(hashBefore)
  })

  it('refuses a password that breaks the rules and leaves the link usable', async () => {
    const { user } = await aUser(ctx, 'staff', school, { name: 'Morgan Bellweather' })
    const { token } = await createPasswordResetLink(ctx, admin.actor, user.id)
    for (const password of ['short', 'password1234', 'bellweather-2026']) {
      const errors = await brokenRules(resetPassword(ctx, token, password))
      expect(errors.map((e) => e.path)).toEqual(['password'])
    }
    expect(await findPasswordResetLink(ctx, token)).toBeDefined()
    expect(await eventsFor('auth.password_reset', user.id)).toHaveLength(0)
  })

  it('expires a link after 24 hours, and changes nothing', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const { token } = await createPasswordResetLink(ctx, admin.actor, user.id)
    later(24)
    expect(await findPasswordResetLink(ctx, token)).toBeUndefined()
    expect(await resetPassword(ctx, token, NEW_PASSWORD)).toBe(false)
    expect((await signIn(ctx, user.email, TEST_PASSWORD))?.id).toBe(user.id)
  })

  it('replaces an earlier link that was not used', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const first = await createPasswordResetLink(ctx, admin.actor, user.id)
    const second = await createPasswordResetLink(ctx, admin.actor, user.id)
    expect(await findPasswordResetLink(ctx, first.token)).toBeUndefined()
    expect(await findPasswordResetLink(ctx, second.token)).toBeDefined()
  })

  it('knows no link for a made-up or malformed secret', async () => {
    expect(await findPasswordResetLink(ctx, 'A'.repeat(43))).toBeUndefined()
    expect(await findPasswordResetLink(ctx, "' or 1=1 --")).toBeUndefined()
    expect(await resetPassword(ctx, 'A'.repeat(43), NEW_PASSWORD)).toBe(false)
  })

  it('stops working when the account is deactivated, and is not made for one', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const { token } = await createPasswordResetLink(ctx, admin.actor, user.id)
    await setUserActive(ctx, admin.actor, user.id, false)
    expect(await resetPassword(ctx, token, NEW_PASSWORD)).toBe(false)
    await expect(createPasswordResetLink(ctx, admin.actor, user.id)).rejects.toBeInstanceOf(RuleBrokenError)
  })

  it('is made only by an administrator who manages the user', async () => {
    const { user, actor } = await aUser(ctx, 'staff', school)
    await expect(createPasswordResetLink(ctx, actor, user.id)).rejects.toBeInstanceOf(ForbiddenError)
    const otherAdmin = await aUser(ctx, 'admin', await aSchool(ctx))
    await expect(createPasswordResetLink(ctx, otherAdmin.actor, user.id)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})
