import type { ServiceContext } from '../services/context.js'
import { purgeExpiredSessions } from '../services/sessions.service.js'
import type { JobLog } from './outbox.js'
import { startPeriodicJob } from './periodic.js'

export const SESSION_PURGE_INTERVAL_MS = 60 * 60 * 1000

/**
 * Deletes expired sessions every `intervalMs` (default hourly) until `stop()`; never keeps the process
 * alive. Several app instances may each run it: deleting what is already gone does no harm, so no lock.
 */
export function startSessionPurge(
  ctx: ServiceContext,
  log: JobLog,
  options: { intervalMs?: number } = {},
): { stop(): void } {
  return startPeriodicJob(
    {
      name: 'session-purge',
      failed: 'session purge failed',
      intervalMs: options.intervalMs ?? SESSION_PURGE_INTERVAL_MS,
      run: async () => {
        const purged = await purgeExpiredSessions(ctx)
        if (purged > 0) log.info({ job: 'session-purge', purged }, 'expired sessions deleted')
      },
    },
    log,
  )
}
