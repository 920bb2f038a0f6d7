import { loadConfig } from '../config.js'
import { buildApp } from '../app.js'
import { NO_PUPIL_ROWS, runWithRowScope } from '../data/row-scope.js'
import { startJobs } from '../jobs/scheduler.js'
import { loadDemoIfEmpty } from '../services/demo.service.js'
import { openCliDatabase, type GlobalOptions } from './database.js'

export type StartOptions = GlobalOptions & { port?: string; host?: string; demo?: boolean }

export async function startCommand(options: StartOptions): Promise<void> {
  const config = loadConfig()
  const database = await openCliDatabase(options)
  const demo = options.demo ? await loadDemoIfEmpty(database.db) : null
  const app = await buildApp({
    database,
    logger: { level: config.LOG_LEVEL },
    sessionSecret: config.SESSION_SECRET,
    trustProxy: config.TRUST_PROXY,
    security: {
      lockout: { attempts: config.LOCKOUT_ATTEMPTS, minutes: config.LOCKOUT_MINUTES },
      session: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
    },
  })
  const jobs = startJobs(app.harbour.ctx, config, app.log)
  const port = options.port ? Number(options.port) : config.PORT
  const host = options.host ?? config.HOST
  // Each request runs in its actor's row scope (web/middleware/row-scope.ts). Requests inherit the scope
  // listen() was called in: were a request's own ever lost, it would see no pupil, not every pupil.
  const address = await runWithRowScope(
    () => NO_PUPIL_ROWS,
    () => app.listen({ port, host }),
  )
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await jobs.stop()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', (s) => void shutdown(s))
  process.once('SIGTERM', (s) => void shutdown(s))
  const url = address.replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost')
  process.stdout.write(`\nHarbour is running at ${url}\n`)
  if (demo) {
    process.stdout.write(`Demo sign-in: ${demo.signIn.email} with the password ${demo.signIn.password}\n`)
    process.stdout.write('Every child, person and school in the demo is made up.\n\n')
  }
}
