import type { SendMailOptions } from 'nodemailer'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/outbox.repository.js'
import type { ServiceContext } from './context.js'
import { RuleBrokenError, type FieldError } from './errors.js'

/** What the outbox needs of a nodemailer transport (tests may pass their own). */
export type MailTransport = { sendMail(message: SendMailOptions): Promise<unknown> }

export type OutboxEmail = {
  schoolId?: string | null | undefined
  pupilId?: string | null | undefined
  to: string
  subject: string
  /** Plain text. Never logged. */
  body: string
  /** Not before this instant; by default, as soon as the sender next runs. Pass `ctx.now()` to use the service clock. */
  notBefore?: Date | undefined
}

/** After this many failed attempts an email is marked `failed` and no longer retried. */
export const MAX_SEND_ATTEMPTS = 8
/** How long a claimed email is reserved for the sender that claimed it; longer than any SMTP timeout. */
export const CLAIM_LEASE_MS = 15 * 60_000

const minutes = (n: number) => n * 60_000

/** Back-off after the `attempts`th failure: 2, 4, 8 … minutes. */
export function retryDelayMs(attempts: number): number {
  return minutes(2 ** attempts)
}

/**
 * Queues an email inside the caller's transaction (DESIGN.md "mail": nothing is lost if SMTP is
 * down), so the email exists exactly when the work that caused it was committed.
 */
export async function enqueueEmail(tx: Executor, email: OutboxEmail): Promise<{ id: string }> {
  const errors: FieldError[] = []
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.to.trim()))
    errors.push({
      path: 'to',
      message: 'Enter an email address in the correct format, like name@example.org',
    })
  if (!email.subject.trim()) errors.push({ path: 'subject', message: 'An email needs a subject' })
  if (errors.length) throw new RuleBrokenError(errors)
  const row = await repo.insertEmail(tx, {
    schoolId: email.schoolId ?? null,
    pupilId: email.pupilId ?? null,
    toAddress: email.to.trim(),
    subject: email.subject.trim(),
    body: email.body,
    nextAttemptAt: email.notBefore,
  })
  return { id: row.id }
}

/** One email that was not sent, described without its content, fit for a log line. */
export type SendFailure = {
  outboxId: string
  attempts: number
  gaveUp: boolean
  code: string | null
  responseCode: number | null
}

export type SendSummary = { claimed: number; sent: number; failures: SendFailure[] }

type MailError = { message?: unknown; code?: unknown; responseCode?: unknown }

/**
 * Sends the emails that are due, at most `batch` of them. Each is claimed first, so several app
 * instances never send the same email twice. A failure is retried with exponential back-off
 * (now + 2^attempts minutes) until MAX_SEND_ATTEMPTS, then the email is marked `failed`.
 */
export async function sendPendingEmails(
  ctx: ServiceContext,
  transport: MailTransport,
  options: { batch?: number; from?: string } = {},
): Promise<SendSummary> {
  const now = ctx.now()
  // Each step in a transaction of its own: only a transaction carries the row scope (Harbour's own,
  // for the job), without which row-level security hides the emails about a pupil.
  const claimed = await ctx.db.transaction((tx) =>
    repo.claimDueEmails(tx, now, new Date(now.getTime() + CLAIM_LEASE_MS), options.batch ?? 20),
  )
  const summary: SendSummary = { claimed: claimed.length, sent: 0, failures: [] }
  for (const email of claimed) {
    try {
      await transport.sendMail({
        ...(options.from ? { from: options.from } : {}),
        to: email.toAddress,
        subject: email.subject,
        text: email.body,
      })
      await ctx.db.transaction((tx) => repo.markEmailSent(tx, email.id, ctx.now()))
      summary.sent++
    } catch (err) {
      const e = (err ?? {}) as MailError
      const attempts = email.attempts + 1
      const gaveUp = attempts >= MAX_SEND_ATTEMPTS
      await ctx.db.transaction((tx) =>
        repo.markEmailAttemptFailed(tx, email.id, {
          attempts,
          lastError: (typeof e.message === 'string' ? e.message : String(err)).slice(0, 1000),
          nextAttemptAt: new Date(ctx.now().getTime() + retryDelayMs(attempts)),
          giveUp: gaveUp,
        }),
      )
      summary.failures.push({
        outboxId: email.id,
        attempts,
        gaveUp,
        code: typeof e.code === 'string' ? e.code : null,
        responseCode: typeof e.responseCode === 'number' ? e.responseCode : null,
      })
    }
  }
  return summary
}
