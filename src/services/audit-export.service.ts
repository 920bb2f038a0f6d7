import type { IsoDate } from '../domain/calendar/dates.js'
import { splitActorLabel } from '../domain/audit/events.js'
import { checkAuditRange, csvLine, londonTimestamp } from '../domain/audit/export.js'
import { schoolScopeOf, type Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { auditBatchForExport, type AuditExportFilter } from '../data/repositories/audit.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'

export const AUDIT_EXPORT_COLUMNS = [
  'seq',
  'time (Europe/London)',
  'actor',
  'actor id',
  'role',
  'action',
  'school URN',
  'pupil id',
  'entity',
  'entity id',
  'request id',
  'hash',
] as const

const BATCH = 1000

/**
 * The audit log of a date range as CSV lines, header first, read in batches as they are sent. Only what
 * identifies an event, never a pupil's name or any free text: the details are left out, since the hash
 * in each row is what `harbour audit verify` checks against the database. An admin of one school gets
 * that school's events; an admin of every school gets them all. The export itself is audited first.
 */
export async function exportAudit(
  ctx: ServiceContext,
  actor: Actor,
  range: { from: string; to: string },
): Promise<AsyncIterable<string>> {
  authorise(actor, 'audit:export')
  const errors = checkAuditRange(range.from, range.to, today(ctx))
  if (errors.length) throw new RuleBrokenError(errors)
  const filter: AuditExportFilter = { from: range.from, to: range.to, schoolIds: schoolScopeOf(actor) }
  await ctx.db.transaction((tx) =>
    audit(tx, actor, 'audit.exported', {
      schoolId: actor.schoolId,
      details: { from: range.from, to: range.to },
    }),
  )
  return csvLines(ctx.db, filter)
}

async function* csvLines(db: Executor, filter: AuditExportFilter): AsyncGenerator<string> {
  yield csvLine(AUDIT_EXPORT_COLUMNS)
  let after = 0
  for (;;) {
    const rows = await auditBatchForExport(db, filter, after, BATCH)
    for (const r of rows) {
      const { name, role } = splitActorLabel(r.actorLabel)
      yield csvLine([
        r.seq,
        londonTimestamp(r.at),
        name,
        r.actorUserId,
        role,
        r.action,
        r.schoolUrn,
        r.pupilId,
        r.entity,
        r.entityId,
        r.requestId,
        r.hash,
      ])
    }
    if (rows.length < BATCH) return
    after = rows[rows.length - 1]!.seq
  }
}

/** The file name of an export: `harbour-audit-2026-01-01-to-2026-01-31.csv`. */
export function auditExportFileName(from: IsoDate, to: IsoDate): string {
  return `harbour-audit-${from}-to-${to}.csv`
}
