import type { Db } from '../data/db.js'
import { todayInLondon } from '../domain/calendar/dates.js'
import { can, type Action } from '../domain/access/permissions.js'
import type { Actor } from '../domain/access/scope.js'
import { ForbiddenError } from './errors.js'

/** What every service needs: the database and a clock (so tests can fix "today"). */
export type ServiceContext = {
  db: Db
  now: () => Date
}

export function today(ctx: ServiceContext): string {
  return todayInLondon(ctx.now())
}

/** Layer 1 of access control: the first line of every service function. */
export function authorise(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new ForbiddenError(action)
}
