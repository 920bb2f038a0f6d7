import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { appendAudit, verifyAuditChain } from '../data/repositories/audit.repository.js'

/** Writes an audit event for `actor` inside the caller's transaction. */
export async function audit(
  tx: Executor,
  actor: Actor | null,
  action: string,
  about: {
    schoolId?: string | null
    pupilId?: string | null
    entity?: string
    entityId?: string
    details?: Record<string, unknown>
  } = {},
): Promise<void> {
  await appendAudit(tx, {
    actorUserId: actor?.userId ?? null,
    actorLabel: actor ? `${actor.name} (${actor.role})` : 'system',
    action,
    requestId: actor?.requestId ?? null,
    schoolId: about.schoolId ?? null,
    pupilId: about.pupilId ?? null,
    entity: about.entity ?? null,
    entityId: about.entityId ?? null,
    details: about.details ?? null,
  })
}

/** `harbour audit verify`: walks the hash chain; null when intact, else the first bad event. */
export async function verifyAudit(ctx: { db: Executor }): Promise<{ seq: number; reason: string } | null> {
  return verifyAuditChain(ctx.db)
}
