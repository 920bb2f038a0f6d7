import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, recoveryCodes, schools, users } from '../data/schema/index.js'
import { aSchool, aUser, totpCode, withTwoFactor } from '../test-support/builders.js'
import { brokenRules, FIXED_NOW } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError } from './errors.js'
import {
  CODE_MESSAGES,
  completeSignInWithCode,
  completeSignInWithRecoveryCode,
  confirmTwoFactorSetUp,
  MAX_WRONG_CODES,
  newTotpSecret,
  replaceMyRecoveryCodes,
  resetTwoFactor,
  setTwoFactorRequiredForAll,
  turnOffTwoFactor,
  twoFactorOverview,
  twoFactorSetUpPending,
  twoFactorStepAfterPassword,
} from './two-factor.service.js'
import { actorFromUser, SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
// The clock the services read; each test that moves it puts it back.
let now = FIXED_NOW
const at = (secondsFromFixed: number) => new Date(FIXED_NOW.getTime() + secondsFromFixed * 1000)
const real = { demo: false }

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = { db: database.db, now: () => now }
  school = await aSchool(ctx)
})
afterAll(async () => database.close())

const events = (action: string, userId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, userId)))

const userRow = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!

/** A designated teacher with two-factor set up at FIXED_NOW, and its secret and recovery codes. */
async function teacherWithTwoFactor() {
  now = FIXED_NOW
  const { user } = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
  // Set up five minutes earlier: that step is long past, so it neither blocks nor explains a refusal below.
  now = at(-300)
  const { secret, recoveryCodes } = await withTwoFactor(ctx, user)
  now = FIXED_NOW
  return { user, secret, recoveryCodes }
}

describe('the step after a right password', () => {
  it('sends a designated teacher without two-factor to set it up, and lets staff straight in', async () => {
    const { user: teacher, actor } = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
    const { user: staff, actor: staffActor } = await aUser(ctx, 'staff', school)
    expect(await twoFactorStepAfterPassword(ctx, teacher, real)).toBe('set_up')
    expect(await twoFactorSetUpPending(ctx, actor, real)).toBe(true)
    expect(await twoFactorStepAfterPassword(ctx, staff, real)).toBe('none')
    expect(await twoFactorSetUpPending(ctx, staffActor, real)).toBe(false)
  })

  it('asks anyone who has set it up for a code, required or not', async () => {
    const { user: teacher } = await aUser(ctx, 'designated_teacher', school)
    const { user: staff } = await aUser(ctx, 'staff', school, { twoFactor: true })
    expect(await twoFactorStepAfterPassword(ctx, teacher, real)).toBe('code')
    expect(await twoFactorStepAfterPassword(ctx, staff, real)).toBe('code')
  })

  it('requires it of every user of a school that has chosen so, and only there', async () => {
    const strict = await aSchool(ctx)
    await setTwoFactorRequiredForAll(ctx, SYSTEM_ACTOR, strict.urn, true)
    const { user: strictStaff } = await aUser(ctx, 'governor', strict)
    const { user: otherStaff } = await aUser(ctx, 'governor', school)
    expect(await twoFactorStepAfterPassword(ctx, strictStaff, real)).toBe('set_up')
    expect(await twoFactorStepAfterPassword(ctx, otherStaff, real)).toBe('none')
    const [row] = await database.db.select().from(schools).where(eq(schools.id, strict.id))
    expect(row!.settings).toMatchObject({ require_two_factor_for_all: true })

    await setTwoFactorRequiredForAll(ctx, SYSTEM_ACTOR, strict.urn, false)
    expect(await twoFactorStepAfterPassword(ctx, strictStaff, real)).toBe('none')
  })

  it('lets only an administrator change the school setting', async () => {
    const { actor } = await aUser(ctx, 'headteacher', school)
    await expect(setTwoFactorRequiredForAll(ctx, actor, school.urn, true)).rejects.toBeInstanceOf(
      ForbiddenError,
    )
  })

  it('exempts a demo user only on the demonstration database', async () => {
    const { user: demoUser } = await aUser(ctx, 'designated_teacher', school, {
      email: `dt.${Date.now()}@secondary.demo.harbour.test`,
      twoFactor: false,
    })
    const { user: realUser } = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
    expect(await twoFactorStepAfterPassword(ctx, demoUser, { demo: true })).toBe('none')
    expect(await twoFactorSetUpPending(ctx, actorFromUser(demoUser), { demo: true })).toBe(false)
    // The same synthetic address on a real database is no exemption.
    expect(await twoFactorStepAfterPassword(ctx, demoUser, { demo: false })).toBe('set_up')
    expect(await twoFactorSetUpPending(ctx, actorFromUser(demoUser), { demo: false })).toBe(true)
    // And on the demonstration database a user with a real address gets none either.
    expect(await twoFactorStepAfterPassword(ctx, realUser, { demo: true })).toBe('set_up')
  })
})

describe('setting two-factor up', () => {
  it('refuses a wrong or missing first code and stores nothing', async () => {
    const { user, actor } = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
    const secret = newTotpSecret()
    const otherSecret = newTotpSecret()
    expect(await brokenRules(confirmTwoFactorSetUp(ctx, actor, secret, ''))).toEqual([
      { path: 'code', message: CODE_MESSAGES.enterCode },
    ])
    const wrong = await totpCode(otherSecret, now)
    expect(await brokenRules(confirmTwoFactorSetUp(ctx, actor, secret, wrong))).toEqual([
      { path: 'code', message: CODE_MESSAGES.wrongCode },
    ])
    const row = await userRow(user.id)
    expect(row.totpSecret).toBeNull()
    expect(row.twoFactorEnabledAt).toBeNull()
  })

  it('turns it on with the first code and gives 10 recovery codes, kept only as hashes', async () => {
    const { user, actor } = await aUser(ctx, 'designated_teacher', school, { twoFactor: false })
    const secret = newTotpSecret()
    const codes = await confirmTwoFactorSetUp(ctx, actor, secret, await totpCode(secret, now))
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    const row = await userRow(user.id)
    expect(row.twoFactorEnabledAt).toEqual(now)
    expect(row.totpSecret).toBe(secret)
    const stored = await database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))
    expect(stored).toHaveLength(10)
    for (const { codeHash } of stored) {
      expect(codeHash).toMatch(/^[0-9a-f]{64}$/)
      expect(codes.some((c) => codeHash.includes(c.replace(/-/g, '')))).toBe(false)
    }
    expect(await events('auth.two_factor_enabled', user.id)).toHaveLength(1)
  })

  it('does not set it up twice', async () => {
    const { user, secret } = await teacherWithTwoFactor()
    const again = newTotpSecret()
    await brokenRules(confirmTwoFactorSetUp(ctx, actorFromUser(user), again, await totpCode(again, now)))
    expect((await userRow(user.id)).totpSecret).toBe(secret)
  })
})

describe('signing in with a code', () => {
  it('accepts the current code once, and refuses it the second time (no replay)', async () => {
    const { user, secret } = await teacherWithTwoFactor()
    const code = await totpCode(secret, now)
    const first = await completeSignInWithCode(ctx, user.id, code, 'req-2fa')
    expect(first).toMatchObject({ ok: true, user: { id: user.id } })
    const replay = await completeSignInWithCode(ctx, user.id, code)
    expect(replay).toEqual({
      ok: false,
      refused: 'wrong',
      error: { path: 'code', message: CODE_MESSAGES.wrongCode },
    })
    const [signedIn] = await events('auth.signed_in', user.id)
    expect(signedIn).toMatchObject({
      actorUserId: user.id,
      requestId: 'req-2fa',
      details: { secondFactor: 'totp' },
    })
    const [failed] = await events('auth.two_factor_failed', user.id)
    expect(failed).toMatchObject({ actorUserId: null, details: { method: 'totp', reason: 'replayed_code' } })
  })

  it('accepts a code one step either side of now, but not two', async () => {
    const { user, secret } = await teacherWithTwoFactor()
    expect((await completeSignInWithCode(ctx, user.id, await totpCode(secret, at(-60)))).ok).toBe(false)
    expect((await completeSignInWithCode(ctx, user.id, await totpCode(secret, at(60)))).ok).toBe(false)
    expect((await completeSignInWithCode(ctx, user.id, await totpCode(secret, at(-30)))).ok).toBe(true)
    expect((await completeSignInWithCode(ctx, user.id, await totpCode(secret, at(30)))).ok).toBe(true)
    // The current step is now older than the last one accepted: refused as a replay.
    expect((await completeSignInWithCode(ctx, user.id, await totpCode(secret, now))).ok).toBe(false)
    expect((await userRow(user.id)).totpLastStep).toBe(Math.floor(at(30).getTime() / 30_000))
  })

  it('accepts the code as the app shows it, with a space', async () => {
    const { user, secret } = await teacherWithTwoFactor()
    const code = await totpCode(secret, now)
    expect((await completeSignInWithCode(ctx, user.id, `${code.slice(0, 3)} ${code.slice(3)}`)).ok).toBe(true)
  })

  it('asks for a code when none is given, without counting it as wrong', async () => {
    const { user } = await teacherWithTwoFactor()
    expect(await completeSignInWithCode(ctx, user.id, '  ')).toMatchObject({
      ok: false,
      refused: 'missing',
      error: { message: CODE_MESSAGES.enterCode },
    })
    expect((await userRow(user.id)).twoFactorFailures).toBe(0)
  })

  it(`refuses every code for a while after ${MAX_WRONG_CODES} wrong ones in a row`, async () => {
    const { user, secret } = await teacherWithTwoFactor()
    for (let i = 1; i < MAX_WRONG_CODES; i++)
      expect(await completeSignInWithCode(ctx, user.id, '000000')).toMatchObject({ refused: 'wrong' })
    expect(await completeSignInWithCode(ctx, user.id, '000000')).toMatchObject({
      refused: 'locked',
      error: { message: CODE_MESSAGES.locked },
    })
    const right = await totpCode(secret, now)
    expect(await completeSignInWithCode(ctx, user.id, right)).toMatchObject({ refused: 'locked' })
    try {
      now = at(15 * 60 + 30)
      expect((await completeSignInWithCode(ctx, user.id, await totpCode(secret, now))).ok).toBe(true)
      expect((await userRow(user.id)).twoFactorFailures).toBe(0)
    } finally {
      now = FIXED_NOW
    }
  })

  it('refuses a code for a user who has not set two-factor up', async () => {
    const { user } = await aUser(ctx, 'staff', school)
    expect((await completeSignInWithCode(ctx, user.id, '123456')).ok).toBe(false)
  })
})

describe('signing in with a recovery code', () => {
  it('accepts each code once, however it is typed', async () => {
    const { user, recoveryCodes: codes } = await teacherWithTwoFactor()
    const first = await completeSignInWithRecoveryCode(ctx, user.id, codes[0]!, 'req-rc')
    expect(first).toMatchObject({ ok: true, recoveryCodesLeft: 9 })
    expect(await completeSignInWithRecoveryCode(ctx, user.id, codes[0]!)).toMatchObject({
      ok: false,
      refused: 'wrong',
      error: { message: CODE_MESSAGES.wrongRecoveryCode },
    })
    const shouted = codes[1]!.toUpperCase().replace(/-/g, ' ')
    expect(await completeSignInWithRecoveryCode(ctx, user.id, shouted)).toMatchObject({
      ok: true,
      recoveryCodesLeft: 8,
    })
    expect(await events('auth.recovery_code_used', user.id)).toHaveLength(2)
    expect(await events('auth.signed_in', user.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ details: { secondFactor: 'recovery_code' } })]),
    )
  })

  it('refuses another user’s code', async () => {
    const one = await teacherWithTwoFactor()
    const other = await teacherWithTwoFactor()
    expect((await completeSignInWithRecoveryCode(ctx, other.user.id, one.recoveryCodes[0]!)).ok).toBe(false)
  })

  it('replaces the codes on request: the old ones stop working', async () => {
    const { user, recoveryCodes: old } = await teacherWithTwoFactor()
    const fresh = await replaceMyRecoveryCodes(ctx, actorFromUser(user))
    expect(fresh).toHaveLength(10)
    expect((await completeSignInWithRecoveryCode(ctx, user.id, old[2]!)).ok).toBe(false)
    expect((await completeSignInWithRecoveryCode(ctx, user.id, fresh[2]!)).ok).toBe(true)
    expect(await events('auth.recovery_codes_replaced', user.id)).toHaveLength(1)
  })
})

describe('turning two-factor off', () => {
  it('is refused to a role that requires it', async () => {
    const { user, secret } = await teacherWithTwoFactor()
    await expect(
      turnOffTwoFactor(ctx, actorFromUser(user), await totpCode(secret, now), real),
    ).rejects.toBeInstanceOf(ForbiddenError)
    expect((await twoFactorOverview(ctx, actorFromUser(user), real)).mayTurnOff).toBe(false)
  })

  it('is allowed to staff who chose it, confirmed with a code', async () => {
    now = at(-300)
    const { user, actor, totpSecret } = await aUser(ctx, 'staff', school, { twoFactor: true })
    now = FIXED_NOW
    expect(await twoFactorOverview(ctx, actor, real)).toMatchObject({
      enabled: true,
      required: false,
      mayTurnOff: true,
      recoveryCodesLeft: 10,
    })
    expect(await brokenRules(turnOffTwoFactor(ctx, actor, '000000', real))).toEqual([
      { path: 'code', message: CODE_MESSAGES.wrongCode },
    ])
    await turnOffTwoFactor(ctx, actor, await totpCode(totpSecret!, now), real)
    const row = await userRow(user.id)
    expect(row).toMatchObject({ totpSecret: null, totpLastStep: null, twoFactorEnabledAt: null })
    expect(await database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toEqual(
      [],
    )
    expect(await events('auth.two_factor_disabled', user.id)).toHaveLength(1)
  })

  it('can be reset by an administrator, after which the user must set it up again', async () => {
    const { user } = await teacherWithTwoFactor()
    await resetTwoFactor(ctx, SYSTEM_ACTOR, user.email)
    expect(await twoFactorStepAfterPassword(ctx, user, real)).toBe('set_up')
    expect(await events('auth.two_factor_reset', user.id)).toHaveLength(1)
  })
})
