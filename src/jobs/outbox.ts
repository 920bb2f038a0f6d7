import type { FastifyBaseLogger } from 'fastify'
import { withAdvisoryLock } from '../data/repositories/advisory-lock.js'
import { OUTBOX_SENDER_LOCK } from '../data/repositories/outbox.repository.js'
import type { ServiceContext } from '../services/context.js'
import { sendPendingEmails, type MailTransport, type SendSummary } from '../services/outbox.service.js'

export const OUTBOX_INTERVAL_MS = 30_000

export type JobLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>

export type OutboxSenderOptions = { batch?: number; from?: string; intervalMs?: number }

/**
 * One run of the sender, while holding the outbox advisory lock so that only one app instance
 * sends at a time. Null when another instance holds the lock. Logs ids and counts, never an
 * email's address, subject or body (DESIGN.md "logging").
 */
export async function sendOutboxOnce(
  ctx: ServiceContext,
  transport: MailTransport,
  log: JobLog,
  options: OutboxSenderOptions = {},
): Promise<SendSummary | null> {
  const run = await withAdvisoryLock(ctx.db, OUTBOX_SENDER_LOCK, () =>
    sendPendingEmails(ctx, transport, { batch: options.batch, from: options.from }),
  )
  if (!run.acquired) return null
  const { claimed, sent, failures } = run.value
  for (const f of failures)
    log.warn({ job: 'outbox', ...f }, f.gaveUp ? 'email not sent; giving up' : 'email not sent; will retry')
  if (claimed > 0) log.info({ job: 'outbox', claimed, sent, failed: failures.length }, 'outbox run')
  return run.value
}

/** Runs the sender every `intervalMs` (default 30 s) until `stop()`; never keeps the process alive. */
export function startOutboxSender(
  ctx: ServiceContext,
  transport: MailTransport,
  log: JobLog,
  options: OutboxSenderOptions = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null
  const run = async () => {
    try {
      await sendOutboxOnce(ctx, transport, log, options)
    } catch (err) {
      log.error(
        { job: 'outbox', err: err instanceof Error ? { name: err.name, message: err.message } : String(err) },
        'outbox run failed',
      )
    } finally {
      running = null
    }
  }
  const tick = () => {
    if (running) return // the last run is still sending
    running = run()
  }
  const timer = setInterval(tick, options.intervalMs ?? OUTBOX_INTERVAL_MS)
  timer.unref()
  // Resolves once a run in progress has finished, so nothing is claimed after stop() has settled.
  return {
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}
