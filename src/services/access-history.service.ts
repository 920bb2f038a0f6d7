import { describeActor, describeAuditAction } from '../domain/audit/events.js'
import type { Actor } from '../domain/access/scope.js'
import { auditPageForPupil } from '../data/repositories/audit.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { NotFoundError } from './errors.js'
import { requirePupil, toPupilView } from './pupils.service.js'

export const ACCESS_HISTORY_PAGE_SIZE = 50

/**
 * Who viewed or changed a pupil's record, when, and what they did, newest first, one page at a time
 * (DESIGN.md "Access control and audit"). For those who may read the audit (`audit:read`), and only
 * about pupils in their scope. Reading it is itself audited.
 */
export async function getAccessHistory(ctx: ServiceContext, actor: Actor, pupilId: string, page = 1) {
  authorise(actor, 'audit:read')
  if (!Number.isInteger(page) || page < 1) throw new NotFoundError('page')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'audit:read')
    const size = ACCESS_HISTORY_PAGE_SIZE
    const { rows, total } = await auditPageForPupil(tx, pupilId, size, (page - 1) * size)
    const pages = Math.max(1, Math.ceil(total / size))
    if (page > pages) throw new NotFoundError('page')
    await audit(tx, actor, 'pupil.access_history_viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
      details: { page },
    })
    return {
      pupil: toPupilView(pupil),
      events: rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        who: describeActor(r.actorLabel),
        what: describeAuditAction(r.action),
      })),
      page,
      pages,
      total,
    }
  })
}
