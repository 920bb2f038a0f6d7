import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, sessions } from '../data/schema/index.js'
import { sessionKey } from '../data/repositories/session-store.js'
import { aSchool, aUser } from '../test-support/builders.js'
import { fixedContext, FIXED_NOW } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { listOwnSessions, signOutEverywhere } from './sessions.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
})
afterAll(async () => database.close())

/** A session as the store writes it; returns the session id (the table keeps only its hash). */
async function aSession(
  data: Record<string, unknown>,
  userId: string,
  expiresAt = new Date(FIXED_NOW.getTime() + 3_600_000),
) {
  const sid = randomUUID()
  await database.db.insert(sessions).values({ id: sessionKey(sid), userId, data, expiresAt })
  return sid
}

describe('a user’s own sessions', () => {
  it('lists the live signed-in sessions, marking the current one', async () => {
    const { user, actor } = await aUser(ctx, 'staff', school)
    const signedInAt = FIXED_NOW.getTime() - 3_600_000
    const here = await aSession({ userId: user.id, signedInAt, lastSeenAt: signedInAt + 60_000 }, user.id)
    await aSession({ userId: user.id, signedInAt }, user.id)
    await aSession({ userId: user.id, signedInAt }, user.id, new Date(FIXED_NOW.getTime() - 1)) // expired
    await aSession({ twoFactorUserId: user.id }, user.id) // half-way through two-factor sign-in
    const list = await listOwnSessions(ctx, actor, here)
    expect(list).toHaveLength(2)
    expect(list.find((s) => s.current)).toEqual({
      current: true,
      signedInAt: new Date(signedInAt),
      lastSeenAt: new Date(signedInAt + 60_000),
    })
  })

  it('signs out everywhere: every session of the user ends, others’ stay, and it is audited', async () => {
    const { user, actor } = await aUser(ctx, 'staff', school)
    const other = await aUser(ctx, 'staff', school)
    await aSession({ userId: user.id }, user.id)
    await aSession({ twoFactorUserId: user.id }, user.id)
    await aSession({ userId: other.user.id }, other.user.id)
    expect(await signOutEverywhere(ctx, actor)).toBe(2)
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0)
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, other.user.id))).toHaveLength(
      1,
    )
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.signed_out_everywhere'), eq(auditEvents.entityId, user.id)))
    expect(events).toHaveLength(1)
  })
})
