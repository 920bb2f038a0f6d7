import type { Db } from '../data/db.js'
import { todayInLondon } from '../domain/calendar/dates.js'
import { can, type Action } from '../domain/access/permissions.js'
import type { Actor } from '../domain/access/scope.js'
import { DEFAULT_SECURITY, type SecurityPolicy } from '../domain/access/security-policy.js'
import { ForbiddenError } from './errors.js'

/** What every service needs: the database and a clock (so tests can fix "today"). */
export type ServiceContext = {
  db: Db
  now: () => Date
  /** Lockout and session lifetimes; the defaults when not given (tests, the CLI). */
  security?: SecurityPolicy
}

export function securityPolicy(ctx: ServiceContext): SecurityPolicy {
  return ctx.security ?? DEFAULT_SECURITY
}

export function today(ctx: ServiceContext): string {
  return todayInLondon(ctx.now())
}

/** Layer 1 of access control: the first line of every service function. */
export function authorise(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new ForbiddenError(action)
}
