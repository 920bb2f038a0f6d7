import type { Actor } from '../domain/access/scope.js'
import type { Db } from '../data/db.js'
import { schoolOfPupil } from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { ForbiddenError, OutOfScopeError } from './errors.js'
import { isUuid } from './ids.js'

/** The request that was refused: its method and route pattern (`GET /pupils/:id`) and its parameters. */
export type RefusedRequest = { method: string; route: string | undefined; params: unknown }

type Refusal = { action: string; route: string; pupilId: string | null; schoolId: string | null }

// A pupil route names its pupil `:id` (pages and API alike): `/pupils/:id`, `/api/v1/pupils/:id/status`.
const PUPIL_ROUTE = /(^|\/)pupils\/:id(\/|$)/

/** What a refused request tried, or null when the error is no refusal (a 404 for an unknown id is not). */
export function refusalOf(error: unknown, request: RefusedRequest): Refusal | null {
  const route = `${request.method} ${request.route ?? '(no route)'}`
  if (error instanceof OutOfScopeError)
    return { action: error.action, route, pupilId: error.pupilId, schoolId: error.schoolId }
  if (!(error instanceof ForbiddenError)) return null
  const id = (request.params as Record<string, unknown> | undefined)?.id
  const pupilId =
    request.route && PUPIL_ROUTE.test(request.route) && typeof id === 'string' && isUuid(id) ? id : null
  return { action: error.action, route, pupilId, schoolId: null }
}

/**
 * Writes `access.denied` for a refused request (DESIGN.md "Access control and audit": every failed
 * permission check), in a transaction of its own: the work's transaction has rolled back by now. It
 * holds the permission tried, the route and the pupil's id, never a name. Returns whether it wrote one.
 */
export async function recordRefusal(
  ctx: { db: Db },
  actor: Actor | null,
  error: unknown,
  request: RefusedRequest,
): Promise<boolean> {
  const refusal = refusalOf(error, request)
  // Without a signed-in user a request is sent to sign in (401), never refused: nobody to record.
  if (!refusal || !actor) return false
  await ctx.db.transaction(async (tx) => {
    // A pupil id only when the pupil exists: an id someone made up is not a record anyone can be refused.
    const schoolId = refusal.pupilId ? (refusal.schoolId ?? (await schoolOfPupil(tx, refusal.pupilId))) : null
    const pupilId = schoolId ? refusal.pupilId : null
    await audit(tx, actor, 'access.denied', {
      schoolId: schoolId ?? actor.schoolId,
      pupilId,
      details: { action: refusal.action, route: refusal.route },
    })
  })
  return true
}
