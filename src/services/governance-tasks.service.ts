/**
 * The daily sweep of governance tasks (DOMAIN.md POL-1, POL-3, POL-4). The register's own changes refresh a
 * school's tasks, but training falls due with the calendar too: without this, a new school year's training
 * tasks would wait for the first edit to the register.
 */
import type { Actor } from '../domain/access/scope.js'
import { listSchools } from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { authorOf, refreshGovernanceTasks } from './governance-compliance.js'
import { SYSTEM_ACTOR } from './users.service.js'

/**
 * Refreshes every school's governance tasks for the current school year (the actor's school alone for a school's
 * staff): creates what has fallen due, closes what is in place. Run daily by the governance-tasks job as Harbour
 * itself. Tasks are keyed, so running it twice, or on two instances at once, creates each task once.
 */
export async function syncGovernanceTasks(
  ctx: ServiceContext,
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ schools: number; created: number; closed: number }> {
  authorise(actor, 'governance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const schools = await listSchools(tx, actor.schoolId ? [actor.schoolId] : null)
    let created = 0
    let closed = 0
    for (const school of schools) {
      const done = await refreshGovernanceTasks(tx, school, todayIso, authorOf(actor))
      created += done.created
      closed += done.closed
    }
    if (created || closed)
      await audit(tx, actor, 'governance_tasks.refreshed', {
        details: { schools: schools.length, created, closed },
      })
    return { schools: schools.length, created, closed }
  })
}
