import type { Actor } from '../domain/access/scope.js'
import {
  deleteExpiredSessions,
  deleteSessionsOfUser,
  listSessionsOfUser,
} from '../data/repositories/sessions.repository.js'
import { sessionKey } from '../data/repositories/session-store.js'
import { audit } from './audit.service.js'
import type { ServiceContext } from './context.js'

export type SessionSummary = {
  current: boolean
  signedInAt: Date | null
  lastSeenAt: Date | null
}

const instant = (value: unknown) => (typeof value === 'number' ? new Date(value) : null)

/** The signed-in sessions of the actor, on any device; `currentSessionId` marks the one asking. */
export async function listOwnSessions(
  ctx: ServiceContext,
  actor: Actor,
  currentSessionId: string,
): Promise<SessionSummary[]> {
  const currentKey = sessionKey(currentSessionId)
  const rows = await listSessionsOfUser(ctx.db, actor.userId, ctx.now())
  return rows
    .filter((row) => row.data.userId === actor.userId) // not a half-finished two-factor sign-in
    .map((row) => ({
      current: row.id === currentKey,
      signedInAt: instant(row.data.signedInAt),
      lastSeenAt: instant(row.data.lastSeenAt ?? row.data.signedInAt),
    }))
}

/** Issue 3 item 2, "sign out everywhere": ends every session of the actor, this one included. */
export async function signOutEverywhere(ctx: ServiceContext, actor: Actor): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const ended = await deleteSessionsOfUser(tx, actor.userId)
    await audit(tx, actor, 'auth.signed_out_everywhere', {
      schoolId: actor.schoolId,
      entity: 'user',
      entityId: actor.userId,
      details: { sessions: ended },
    })
    return ended
  })
}

/**
 * Housekeeping for the scheduler, not a use case of anyone's: deletes the sessions past their absolute
 * lifetime (issue 3 item 2), which no request can use any more, so the table does not grow for ever.
 * Returns how many went.
 */
export async function purgeExpiredSessions(ctx: ServiceContext): Promise<number> {
  return deleteExpiredSessions(ctx.db, ctx.now())
}
