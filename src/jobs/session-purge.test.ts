import { randomUUID } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../config.js'
import { sessionKey } from '../data/repositories/session-store.js'
import { sessions } from '../data/schema/index.js'
import type { ServiceContext } from '../services/context.js'
import { purgeExpiredSessions } from '../services/sessions.service.js'
import { FIXED_NOW, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { startJobs } from './scheduler.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database?.close())
afterEach(() => {
  vi.useRealTimers()
})

const HOUR_MS = 60 * 60_000
const minutes = (n: number) => new Date(FIXED_NOW.getTime() + n * 60_000)

/** A session row as the store writes one, expiring at `expiresAt`; returns its table id. */
async function aSession(expiresAt: Date): Promise<string> {
  const id = sessionKey(randomUUID())
  await database.db.insert(sessions).values({ id, userId: null, data: {}, expiresAt })
  return id
}

const stillThere = async (ids: string[]) =>
  (await database.db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ids))).map(
    (r) => r.id,
  )

/** Waits on real time (not the faked interval) until `check` holds, for at most 5 seconds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('timed out')
}

describe('purging expired sessions (issue 3 item 2)', () => {
  it('deletes the sessions whose time is up and keeps the live ones', async () => {
    const expired = [await aSession(minutes(-60)), await aSession(minutes(-1))]
    const live = [await aSession(minutes(1)), await aSession(minutes(600))]
    expect(await purgeExpiredSessions(ctx)).toBe(2)
    expect((await stillThere([...expired, ...live])).sort()).toEqual([...live].sort())
    expect(await purgeExpiredSessions(ctx)).toBe(0)
  })

  it('is scheduled hourly by startJobs, with or without SMTP, and stops with the other jobs', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const jobs = startJobs(ctx, loadConfig({}), pino({ level: 'silent' }))
    try {
      const expired = await aSession(minutes(-5))
      const live = await aSession(minutes(5))
      vi.advanceTimersByTime(HOUR_MS - 1)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(await stillThere([expired, live])).toHaveLength(2)
      vi.advanceTimersByTime(1)
      await until(async () => (await stillThere([expired])).length === 0)
      expect(await stillThere([live])).toEqual([live])
    } finally {
      await jobs.stop()
    }
    const later = await aSession(minutes(-5))
    vi.advanceTimersByTime(2 * HOUR_MS)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await stillThere([later])).toEqual([later])
  })
})
