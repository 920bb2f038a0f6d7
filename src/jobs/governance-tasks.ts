import type { ServiceContext } from '../services/context.js'
import { syncGovernanceTasks } from '../services/governance-tasks.service.js'
import type { JobLog } from './outbox.js'
import { startPeriodicJob } from './periodic.js'

export const GOVERNANCE_TASKS_INTERVAL_MS = 24 * 60 * 60 * 1000

/**
 * `governance-tasks`: every school's role-gap and training tasks (POL-1, POL-3, POL-4) shortly after start, then
 * daily, so that what falls due with the date (a new school year's training, a DSL's refresher) becomes a task
 * without anyone editing the register. As Harbour itself (SYSTEM_ACTOR): the tasks record no author.
 */
export function startGovernanceTasks(
  ctx: ServiceContext,
  log: JobLog,
  options: { intervalMs?: number; firstRunMs?: number } = {},
): { stop(): void } {
  return startPeriodicJob(
    {
      name: 'governance-tasks',
      failed: 'governance tasks failed',
      intervalMs: options.intervalMs ?? GOVERNANCE_TASKS_INTERVAL_MS,
      firstRunMs: options.firstRunMs ?? 90_000,
      run: async () => {
        const { created, closed } = await syncGovernanceTasks(ctx)
        if (created || closed)
          log.info({ job: 'governance-tasks', created, closed }, 'governance tasks refreshed')
      },
    },
    log,
  )
}
