import type { FastifyBaseLogger } from 'fastify'
import nodemailer from 'nodemailer'
import type { Config } from '../config.js'
import type { ServiceContext } from '../services/context.js'
import { startGovernanceTasks } from './governance-tasks.js'
import { startOutboxSender } from './outbox.js'
import { startPepDueTasks } from './pep-due-tasks.js'
import { startSessionPurge } from './session-purge.js'

export type Jobs = { stop(): Promise<void> }

export type JobOptions = { outboxIntervalMs?: number; sessionPurgeIntervalMs?: number }

/** In-process scheduled work (DESIGN.md jobs/): the outbox sender, the session purge and due-date sweeps. */
export function startJobs(
  ctx: ServiceContext,
  config: Config,
  log: FastifyBaseLogger,
  options: JobOptions = {},
): Jobs {
  const stops: Array<() => Promise<void>> = []
  const purge = startSessionPurge(ctx, log, { intervalMs: options.sessionPurgeIntervalMs })
  stops.push(async () => purge.stop())
  const pepTasks = startPepDueTasks(ctx, log)
  stops.push(async () => pepTasks.stop())
  const governanceTasks = startGovernanceTasks(ctx, log)
  stops.push(async () => governanceTasks.stop())
  if (config.SMTP_URL) {
    // Short timeouts, so an unreachable server fails the attempt rather than holding the run.
    const transport = nodemailer.createTransport(
      { url: config.SMTP_URL, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
      { from: config.MAIL_FROM },
    )
    const sender = startOutboxSender(ctx, transport, log, {
      from: config.MAIL_FROM,
      intervalMs: options.outboxIntervalMs,
    })
    stops.push(() => {
      return sender.stop().finally(() => transport.close())
    })
    log.info({ job: 'outbox' }, 'sending queued email through SMTP') // never the URL: it may hold a password
  } else {
    log.info({ job: 'outbox' }, 'SMTP_URL is not set: email waits in the outbox')
  }
  return {
    async stop() {
      await Promise.all(stops.splice(0).map((stop) => stop()))
    },
  }
}
