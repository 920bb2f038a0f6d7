import { and, eq, sql } from 'drizzle-orm'
import { lockedMinutesLeft } from '../domain/access/lockout.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { users } from '../data/schema/index.js'
import { findSchoolById } from '../data/repositories/schools.repository.js'
import { countSessionsOfUser, deleteSessionsOfUser } from '../data/repositories/sessions.repository.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { isUuid } from './ids.js'
import { resolvePlacement, type PlacementInput } from './user-placement.js'
import type { UserRow } from './users.service.js'

// Issue 3 item 2: what an administrator does to an account besides creating it. Each change that
// alters what someone may do, or whether they may do anything, ends their sessions on every device.

/** A user the administrator may manage: any, or (for an administrator of one school) that school's. */
export async function managedUser(tx: Executor, actor: Actor, userId: string): Promise<UserRow> {
  authorise(actor, 'user:manage')
  const [user] = isUuid(userId) ? await tx.select().from(users).where(eq(users.id, userId)) : []
  if (!user || (actor.schoolId !== null && user.schoolId !== actor.schoolId)) throw new NotFoundError('user')
  return user
}

/** The admin page of one user: the account, where they work, live sessions, and any lock. */
export async function userForAdmin(ctx: ServiceContext, actor: Actor, userId: string) {
  const user = await managedUser(ctx.db, actor, userId)
  const school = user.schoolId ? await findSchoolById(ctx.db, user.schoolId) : undefined
  return {
    user,
    school,
    sessions: await countSessionsOfUser(ctx.db, user.id, ctx.now()),
    lockedMinutesLeft: lockedMinutesLeft(user, ctx.now()),
    isSelf: user.id === actor.userId,
  }
}

function refuseSelf(actor: Actor, user: UserRow, what: string): void {
  if (user.id === actor.userId)
    throw new RuleBrokenError(
      [{ path: 'user', message: `You cannot ${what} yourself: ask another administrator` }],
      `You cannot ${what} yourself: ask another administrator`,
    )
}

/**
 * A new role (and with it, where the person works). Their sessions are ended, so the new permissions
 * apply from a fresh sign-in and no session carries over from before the change.
 */
export async function changeUserRole(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  input: PlacementInput & { version: number },
): Promise<UserRow> {
  return ctx.db.transaction(async (tx) => {
    const user = await managedUser(tx, actor, userId)
    refuseSelf(actor, user, 'change the role of')
    const { errors, placement } = await resolvePlacement(tx, actor, input)
    if (!placement) throw new RuleBrokenError(errors)
    const [updated] = await tx
      .update(users)
      .set({ ...placement, version: sql`${users.version} + 1`, updatedAt: ctx.now() })
      .where(and(eq(users.id, user.id), eq(users.version, input.version)))
      .returning()
    if (!updated) throw new ConflictError()
    const ended = await deleteSessionsOfUser(tx, user.id)
    await audit(tx, actor, 'user.role_changed', {
      schoolId: placement.schoolId ?? user.schoolId,
      entity: 'user',
      entityId: user.id,
      details: {
        from: { role: user.role, schoolId: user.schoolId, laCode: user.laCode },
        to: placement,
        sessionsEnded: ended,
      },
    })
    return updated
  })
}

/** Signs a user out on every device (a lost laptop, a shared computer left signed in). */
export async function signUserOutEverywhere(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const user = await managedUser(tx, actor, userId)
    const ended = await deleteSessionsOfUser(tx, user.id)
    await audit(tx, actor, 'user.signed_out_everywhere', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
      details: { sessions: ended },
    })
    return ended
  })
}

/**
 * Deactivates (or reactivates) an account. A deactivated user cannot sign in, and their API tokens are
 * refused (users.service.ts `userForToken`); their sessions end now. Their records and history stay.
 */
export async function setUserActive(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  active: boolean,
): Promise<UserRow> {
  return ctx.db.transaction(async (tx) => {
    const user = await managedUser(tx, actor, userId)
    refuseSelf(actor, user, 'deactivate')
    const [updated] = await tx
      .update(users)
      .set({ active, version: sql`${users.version} + 1`, updatedAt: ctx.now() })
      .where(eq(users.id, user.id))
      .returning()
    const ended = active ? 0 : await deleteSessionsOfUser(tx, user.id)
    await audit(tx, actor, active ? 'user.reactivated' : 'user.deactivated', {
      schoolId: user.schoolId,
      entity: 'user',
      entityId: user.id,
      details: active ? {} : { sessionsEnded: ended },
    })
    return updated!
  })
}
