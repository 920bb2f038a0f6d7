import type { JobLog } from './outbox.js'

export type PeriodicJob = {
  /** The job's name in the log. */
  name: string
  /** What the log says when a run fails. */
  failed: string
  /** One run; a run still going when the next is due makes that one skip. */
  run(): Promise<void>
  intervalMs: number
  /** The first run, this long after start; without it, the first run waits a whole interval. */
  firstRunMs?: number | undefined
}

/** Runs a job every `intervalMs` until `stop()`, logging a failed run; never keeps the process alive. */
export function startPeriodicJob(job: PeriodicJob, log: JobLog): { stop(): void } {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await job.run()
    } catch (err) {
      log.error(
        { job: job.name, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) },
        job.failed,
      )
    } finally {
      running = false
    }
  }
  const first = job.firstRunMs === undefined ? null : setTimeout(() => void tick(), job.firstRunMs)
  const timer = setInterval(() => void tick(), job.intervalMs)
  first?.unref()
  timer.unref()
  return {
    stop: () => {
      if (first) clearTimeout(first)
      clearInterval(timer)
    },
  }
}
