import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, users } from '../data/schema/index.js'
import { aSchool, aUser, TEST_PASSWORD } from '../test-support/builders.js'
import { FIXED_NOW } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { AccountLockedError } from './errors.js'
import { signIn } from './users.service.js'

// Issue 3 item 2: lockout after repeated wrong passwords, by the service clock.
let database: TestDatabase
let clock: Date
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>

beforeAll(async () => {
  database = await openTestDatabase()
  clock = FIXED_NOW
  ctx = { db: database.db, now: () => clock }
  school = await aSchool(ctx)
})
afterAll(async () => database.close())

const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000)
}
const wrong = `${TEST_PASSWORD}!`

/** The outcome of one attempt: the user's id, 'refused', or 'locked N'. */
async function attempt(email: string, password: string, context = ctx): Promise<string> {
  try {
    const user = await signIn(context, email, password)
    return user ? user.id : 'refused'
  } catch (error) {
    if (error instanceof AccountLockedError) return `locked ${error.minutesLeft}`
    throw error
  }
}

const eventsFor = (action: string, userId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, userId)))

describe('sign-in lockout', () => {
  it('locks an account for 15 minutes at the 5th wrong password, and then refuses the right one', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    const outcomes = []
    for (let i = 0; i < 5; i++) outcomes.push(await attempt(user.email, wrong))
    expect(outcomes).toEqual(['refused', 'refused', 'refused', 'refused', 'locked 15'])
    expect(await attempt(user.email, TEST_PASSWORD)).toBe('locked 15')
    later(5)
    expect(await attempt(user.email, TEST_PASSWORD)).toBe('locked 10')

    const [row] = await database.db.select().from(users).where(eq(users.id, user.id))
    expect(row!.lockedUntil).toEqual(new Date(FIXED_NOW.getTime() + 15 * 60_000))
    expect(await eventsFor('auth.locked', user.id)).toHaveLength(1)
    const failures = await eventsFor('auth.sign_in_failed', user.id)
    expect(failures.map((e) => (e.details as { reason: string }).reason)).toEqual([
      ...Array<string>(5).fill('bad_password_or_inactive'),
      'locked',
      'locked',
    ])
    expect(await eventsFor('auth.signed_in', user.id)).toHaveLength(0)
  })

  it('lets the right password in once the lock has run out, and starts the count again', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    for (let i = 0; i < 5; i++) await attempt(user.email, wrong)
    later(14)
    expect(await attempt(user.email, TEST_PASSWORD)).toBe('locked 1')
    later(1)
    expect(await attempt(user.email, TEST_PASSWORD)).toBe(user.id)
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id))
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null })
  })

  it('does not lengthen a lock for tries made during it', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    for (let i = 0; i < 5; i++) await attempt(user.email, wrong)
    later(10)
    expect(await attempt(user.email, wrong)).toBe('locked 5')
    later(5)
    expect(await attempt(user.email, TEST_PASSWORD)).toBe(user.id)
  })

  it('resets the count after a successful sign-in', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    for (let i = 0; i < 4; i++) await attempt(user.email, wrong)
    expect(await attempt(user.email, TEST_PASSWORD)).toBe(user.id)
    for (let i = 0; i < 4; i++) expect(await attempt(user.email, wrong)).toBe('refused')
    expect(await attempt(user.email, TEST_PASSWORD)).toBe(user.id)
  })

  it('answers an email address with no account exactly as it answers an account', async () => {
    const email = 'nobody.here@school.example'
    const outcomes = []
    for (let i = 0; i < 6; i++) outcomes.push(await attempt(email, wrong))
    expect(outcomes).toEqual(['refused', 'refused', 'refused', 'refused', 'locked 15', 'locked 15'])
    // In another case and with spaces, it is the same address.
    expect(await attempt(`  ${email.toUpperCase()}`, wrong)).toBe('locked 15')
    later(15)
    expect(await attempt(email, wrong)).toBe('refused')
  })

  it('counts a deactivated account’s tries like any other', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    await database.db.update(users).set({ active: false }).where(eq(users.id, user.id))
    const outcomes = []
    for (let i = 0; i < 5; i++) outcomes.push(await attempt(user.email, TEST_PASSWORD))
    expect(outcomes.at(-1)).toBe('locked 15')
  })

  it('follows the configured number of attempts and minutes', async () => {
    const strict: ServiceContext = {
      ...ctx,
      security: { lockout: { attempts: 3, minutes: 60 }, session: { idleMinutes: 30, absoluteHours: 12 } },
    }
    const { user } = await aUser(ctx, 'staff', school)
    const outcomes = []
    for (let i = 0; i < 3; i++) outcomes.push(await attempt(user.email, wrong, strict))
    expect(outcomes).toEqual(['refused', 'refused', 'locked 60'])
  })
})
