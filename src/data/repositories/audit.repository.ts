import { createHash } from 'node:crypto'
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { auditEvents, schools } from '../schema/index.js'

export type AuditInput = {
  actorUserId: string | null
  actorLabel?: string | null
  action: string
  schoolId?: string | null
  pupilId?: string | null
  entity?: string | null
  entityId?: string | null
  requestId?: string | null
  details?: Record<string, unknown> | null
}

export const GENESIS_HASH = '0'.repeat(64)
// One lock id for the whole chain: events are appended one at a time, in order.
const AUDIT_CHAIN_LOCK = 72_026_001

export function auditHash(prevHash: string, e: AuditInput & { at: string }): string {
  const canonical = stableStringify([
    prevHash,
    e.at,
    e.actorUserId ?? null,
    e.actorLabel ?? null,
    e.action,
    e.schoolId ?? null,
    e.pupilId ?? null,
    e.entity ?? null,
    e.entityId ?? null,
    e.requestId ?? null,
    e.details ?? null,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

// jsonb does not keep key order, so the hash is taken over keys in sorted order.
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** Appends one event to the chain. Call inside the transaction that does the work. */
export async function appendAudit(tx: Executor, e: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
  const prevHash = last?.hash ?? GENESIS_HASH
  const at = new Date()
  // Hash exactly what jsonb will give back to verifyAuditChain: a Date as its ISO string, no undefined.
  const details = e.details ? (JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>) : null
  const hash = auditHash(prevHash, { ...e, details, at: at.toISOString() })
  await tx.insert(auditEvents).values({
    at,
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel ?? null,
    action: e.action,
    schoolId: e.schoolId ?? null,
    pupilId: e.pupilId ?? null,
    entity: e.entity ?? null,
    entityId: e.entityId ?? null,
    requestId: e.requestId ?? null,
    details,
    prevHash,
    hash,
  })
}

export async function auditForPupil(db: Executor, pupilId: string, limit = 200) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.pupilId, pupilId))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
}

/** One page of a pupil's events, newest first, with how many there are in all: the access history. */
export async function auditPageForPupil(db: Executor, pupilId: string, limit: number, offset: number) {
  const rows = await db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      entity: auditEvents.entity,
    })
    .from(auditEvents)
    .where(eq(auditEvents.pupilId, pupilId))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
    .offset(offset)
  const [total] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.pupilId, pupilId))
  return { rows, total: total?.n ?? 0 }
}

export type AuditExportFilter = {
  /** The first and last day (inclusive), as days in Europe/London. */
  from: string
  to: string
  /** Only events about these schools; null for every event. */
  schoolIds: string[] | null
}

function exportWhere(f: AuditExportFilter, afterSeq: number): SQL {
  // A day in Europe/London starts at its local midnight, whatever the offset (GMT or BST) that day.
  return and(
    gt(auditEvents.seq, afterSeq),
    sql`${auditEvents.at} >= (${f.from}::date::timestamp at time zone 'Europe/London')`,
    sql`${auditEvents.at} < ((${f.to}::date + 1)::timestamp at time zone 'Europe/London')`,
    f.schoolIds === null
      ? undefined
      : f.schoolIds.length
        ? inArray(auditEvents.schoolId, f.schoolIds)
        : sql`false`,
  )!
}

/** One batch of the events in a date range, in order, after `afterSeq` (keyset paging, for streaming). */
export async function auditBatchForExport(
  db: Executor,
  f: AuditExportFilter,
  afterSeq: number,
  limit: number,
) {
  return db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      actorUserId: auditEvents.actorUserId,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      schoolUrn: schools.urn,
      pupilId: auditEvents.pupilId,
      entity: auditEvents.entity,
      entityId: auditEvents.entityId,
      requestId: auditEvents.requestId,
      hash: auditEvents.hash,
    })
    .from(auditEvents)
    .leftJoin(schools, eq(schools.id, auditEvents.schoolId))
    .where(exportWhere(f, afterSeq))
    .orderBy(asc(auditEvents.seq))
    .limit(limit)
}

/** Walks the chain in order; returns the first event whose hash does not match, or null. */
export async function verifyAuditChain(db: Executor): Promise<{ seq: number; reason: string } | null> {
  const batch = 5000
  let prevHash = GENESIS_HASH
  let after = 0
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batch)
    for (const r of rows) {
      if (r.prevHash !== prevHash) return { seq: r.seq, reason: 'previous hash does not match' }
      const expected = auditHash(prevHash, { ...r, at: r.at.toISOString() })
      if (expected !== r.hash) return { seq: r.seq, reason: 'hash does not match the event' }
      prevHash = r.hash
      after = r.seq
    }
    if (rows.length < batch) return null
  }
}
