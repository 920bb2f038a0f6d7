import { createHash } from 'node:crypto'
import type { Session } from 'fastify'
import type { SessionStore } from '@fastify/session'
import { eq } from 'drizzle-orm'
import type { Db } from '../db.js'
import { sessions } from '../schema/index.js'

/** The session table's id for a session id: its SHA-256, so the table holds no usable session id. */
export const sessionKey = (sid: string) => createHash('sha256').update(sid).digest('hex')

declare module 'fastify' {
  interface Session {
    /** Set in the table's copy when a session is first stored: see `set`. */
    storedAt?: number
  }
}

type Callback = (err?: unknown) => void
type GetCallback = (err: unknown, session?: Session | null) => void

/** Sessions live in PostgreSQL, so any app instance can serve any request (DESIGN.md "Scale"). */
export class DatabaseSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: number,
    // The service clock, like the session times that loadActor checks (so tests can move time).
    private readonly now: () => Date = () => new Date(),
  ) {}

  set(sid: string, session: Session, callback: Callback): void {
    const expiresAt = new Date(this.now().getTime() + this.maxAgeMs)
    // Whose session it is, so all of a user's sessions can be ended at once (sign out everywhere, a new
    // role, a password reset): also a half-finished two-factor sign-in, which must not survive those.
    const owner = session.userId ?? session.twoFactorUserId
    const userId = typeof owner === 'string' ? owner : null
    // Not the cookie's options: they are the app's, worked out afresh for each request (so `Secure`
    // follows the request's protocol rather than that of the request that first stored the session).
    const { cookie: _cookie, ...data } = JSON.parse(JSON.stringify(session)) as Record<string, unknown>
    const id = sessionKey(sid)
    // A session read from the table is only ever updated, never inserted again: once "sign out
    // everywhere" (or a new role, or deactivation) has deleted it, a request still in flight with it
    // cannot bring it back when it saves.
    const write =
      session.storedAt !== undefined
        ? this.db.update(sessions).set({ userId, data, expiresAt }).where(eq(sessions.id, id))
        : this.db
            .insert(sessions)
            .values({ id, userId, data: { ...data, storedAt: Date.now() }, expiresAt })
            .onConflictDoUpdate({
              target: sessions.id,
              set: { userId, data: { ...data, storedAt: Date.now() }, expiresAt },
            })
    write.then(() => callback(), callback)
  }

  get(sid: string, callback: GetCallback): void {
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sessionKey(sid)))
      .then(([row]) => {
        if (!row || row.expiresAt.getTime() < this.now().getTime()) return callback(null, null)
        callback(null, row.data as unknown as Session)
      }, callback)
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.id, sessionKey(sid)))
      .then(() => callback(), callback)
  }
}
