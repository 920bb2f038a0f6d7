import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

/**
 * The embedded database is one process's: a second process opening the same folder (a CLI command
 * while `harbour start` serves it) could corrupt it. A lock file with the owner's pid keeps it to one;
 * a lock left by a process that is no longer running is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'harbour.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(file, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(file, 'utf8').trim())
      if (owner && owner !== process.pid && isRunning(owner))
        throw new Error(
          `Another Harbour process (pid ${owner}) is using the database in ${dir}. ` +
            'Stop it first, or use the web pages or the API while it runs.',
        )
      rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock the database folder ${dir}`)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
