import { randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { checkPassword } from '../domain/access/passwords.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { passwordResets, users } from '../data/schema/index.js'
import { deleteSessionsOfUser } from '../data/repositories/sessions.repository.js'
import { audit } from './audit.service.js'
import type { ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { managedUser } from './user-admin.service.js'
import { actorFromUser, hashPassword, hashToken, type UserRow } from './users.service.js'

// Issue 3 item 2: an administrator gives someone a link to set a new password (there is no email
// self-service: Harbour may run without mail, and an admin knows their staff). The link works once,
// for 24 hours; only the SHA-256 of its secret is stored.
export const RESET_LINK_HOURS = 24

/** Makes a new link for a user, replacing any earlier one not yet used. Returns the secret, shown once. */
export async function createPasswordResetLink(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  return ctx.db.transaction(async (tx) => {
    const user = await managedUser(tx, actor, userId)
    if (!user.active)
      throw new RuleBrokenError(
        [{ path: 'user', message: `${user.name}’s account is deactivated: reactivate it first` }],
        `${user.name}’s account is deactivated: reactivate it first`,
      )
    const now = ctx.now()
    await tx
      .update(passwordResets)
      .set({ expiresAt: now })
      .where(
        and(
          eq(passwordResets.userId, user.id),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
        ),
      )
    const token = randomBytes(32).toString('base64url')
    const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000)
    const [link] = await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: hashToken(token), createdBy: actor.userId, expiresAt })
      .returning()
    await audit(tx, actor, 'user.password_reset_link_created', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
      details: { linkId: link!.id, expiresAt },
    })
    return { token, user, expiresAt }
  })
}

async function usableLink(tx: Executor, token: string, now: Date, lock: boolean) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined
  const query = tx
    .select({ link: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
        eq(users.active, true),
      ),
    )
  const [row] = lock ? await query.for('update', { of: passwordResets }) : await query
  return row
}

/** Who a link is for, while it can still be used; undefined for an unknown, used or expired link. */
export async function findPasswordResetLink(
  ctx: ServiceContext,
  token: string,
): Promise<{ name: string; email: string } | undefined> {
  const row = await usableLink(ctx.db, token, ctx.now(), false)
  return row && { name: row.user.name, email: row.user.email }
}

/**
 * Sets a new password through a link: checked like any password (domain/access/passwords.ts), then
 * the link is used up, any lockout is lifted and every session of the user ends. Returns false, and
 * changes nothing, when the link cannot be used; a refused password is a RuleBrokenError.
 */
export async function resetPassword(
  ctx: ServiceContext,
  token: string,
  password: string,
  requestId?: string,
): Promise<boolean> {
  const found = await usableLink(ctx.db, token, ctx.now(), false)
  if (!found) return false
  const check = checkPassword(password, { email: found.user.email, name: found.user.name })
  if (!check.ok) throw new RuleBrokenError([{ path: 'password', message: check.message }])
  const passwordHash = await hashPassword(password)
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now()
    // Again, locked: two tabs submitting the same link cannot both use it.
    const row = await usableLink(tx, token, now, true)
    if (!row) return false
    await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, row.link.id))
    await tx
      .update(users)
      .set({
        passwordHash,
        failedSignIns: 0,
        lockedUntil: null,
        version: sql`${users.version} + 1`,
        updatedAt: now,
      })
      .where(eq(users.id, row.user.id))
    const ended = await deleteSessionsOfUser(tx, row.user.id)
    await audit(tx, actorFromUser(row.user, requestId), 'auth.password_reset', {
      schoolId: row.user.schoolId,
      entity: 'user',
      entityId: row.user.id,
      details: { linkId: row.link.id, sessionsEnded: ended },
    })
    return true
  })
}
