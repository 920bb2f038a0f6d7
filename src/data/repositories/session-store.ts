import { createHash } from 'node:crypto'
import type { Session } from 'fastify'
import type { SessionStore } from '@fastify/session'
import { eq, lt } from 'drizzle-orm'
import type { Db } from '../db.js'
import { sessions } from '../schema/index.js'

const key = (sid: string) => createHash('sha256').update(sid).digest('hex')

type Callback = (err?: unknown) => void
type GetCallback = (err: unknown, session?: Session | null) => void

/** Sessions live in PostgreSQL, so any app instance can serve any request (DESIGN.md "Scale"). */
export class DatabaseSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: number,
  ) {}

  set(sid: string, session: Session, callback: Callback): void {
    const expiresAt = new Date(Date.now() + this.maxAgeMs)
    const userId = typeof session.userId === 'string' ? session.userId : null
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>
    this.db
      .insert(sessions)
      .values({ id: key(sid), userId, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.id, set: { userId, data, expiresAt } })
      .then(() => callback(), callback)
  }

  get(sid: string, callback: GetCallback): void {
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, key(sid)))
      .then(([row]) => {
        if (!row || row.expiresAt.getTime() < Date.now()) return callback(null, null)
        callback(null, row.data as unknown as Session)
      }, callback)
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.id, key(sid)))
      .then(() => callback(), callback)
  }

  async purgeExpired(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()))
  }
}
