import { and, count, desc, eq, gt, lt } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { sessions } from '../schema/index.js'

/** Ends every session of a user, on every device: the next request from any of them is signed out. */
export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<number> {
  const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })
  return deleted.length
}

/** A user's live sessions, newest first: their table id and what the session holds. */
export async function listSessionsOfUser(db: Executor, userId: string, now: Date) {
  return db
    .select({ id: sessions.id, data: sessions.data, createdAt: sessions.createdAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt))
}

export async function countSessionsOfUser(db: Executor, userId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
  return Number(row?.n ?? 0)
}

/** Deletes the sessions whose time is up (signed-in or not): the store already treats them as gone. */
export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id })
  return deleted.length
}
