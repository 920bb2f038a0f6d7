import type { ServiceContext } from '../services/context.js'
import { syncPepDueTasks } from '../services/pep-schedule.service.js'
import type { JobLog } from './outbox.js'
import { startPeriodicJob } from './periodic.js'

export const PEP_TASKS_INTERVAL_MS = 6 * 60 * 60 * 1000

/**
 * Turns PEP due dates into the DT's tasks (issue 4 item 1): shortly after start, then every six hours. Tasks are
 * keyed by pupil and due date, so several instances running it at once create each task once.
 */
export function startPepDueTasks(
  ctx: ServiceContext,
  log: JobLog,
  options: { intervalMs?: number; firstRunMs?: number } = {},
): { stop(): void } {
  return startPeriodicJob(
    {
      name: 'pep-due-tasks',
      failed: 'PEP due tasks failed',
      intervalMs: options.intervalMs ?? PEP_TASKS_INTERVAL_MS,
      firstRunMs: options.firstRunMs ?? 60_000,
      run: async () => {
        const { created } = await syncPepDueTasks(ctx)
        if (created > 0) log.info({ job: 'pep-due-tasks', created }, 'PEP due tasks created')
      },
    },
    log,
  )
}
