import { and, asc, eq, inArray, lte } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { outbox } from '../schema/index.js'

export type OutboxRow = typeof outbox.$inferSelect

/** Lock id for the outbox sender, so only one app instance sends at a time (audit uses 72_026_001). */
export const OUTBOX_SENDER_LOCK = 72_026_002

export async function insertEmail(
  tx: Executor,
  values: {
    schoolId: string | null
    pupilId: string | null
    toAddress: string
    subject: string
    body: string
    nextAttemptAt?: Date | undefined
  },
): Promise<OutboxRow> {
  const [row] = await tx.insert(outbox).values(values).returning()
  return row!
}

/**
 * Claims up to `batch` pending emails that are due at `now`, by moving their next attempt to
 * `leaseUntil`. `FOR UPDATE SKIP LOCKED` means two senders never claim the same row; the lease means
 * a sender that dies mid-send leaves its emails to be retried once the lease runs out.
 */
export async function claimDueEmails(
  db: Executor,
  now: Date,
  leaseUntil: Date,
  batch: number,
): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(batch)
    .for('update', { skipLocked: true })
  const rows = await db
    .update(outbox)
    .set({ nextAttemptAt: leaseUntil })
    .where(and(inArray(outbox.id, due), eq(outbox.status, 'pending')))
    .returning()
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
}

export async function markEmailSent(db: Executor, id: string, sentAt: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
}

export async function markEmailAttemptFailed(
  db: Executor,
  id: string,
  failure: { attempts: number; lastError: string; nextAttemptAt: Date; giveUp: boolean },
): Promise<void> {
  await db
    .update(outbox)
    .set({
      attempts: failure.attempts,
      lastError: failure.lastError,
      nextAttemptAt: failure.nextAttemptAt,
      status: failure.giveUp ? 'failed' : 'pending',
    })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
}

export async function findEmail(db: Executor, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id))
  return row
}
