import { createReadStream, createWriteStream } from 'node:fs'
import { access, rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type { Actor } from '../domain/access/scope.js'
import { BackupFileError, dumpDatabase, restoreDatabase } from '../data/backup.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { ForbiddenError } from './errors.js'

export type BackupSummary = { file: string; tables: number; rows: number }

// A backup holds every school's data: only an administrator of every school may make or restore one.
function authoriseWholeDatabase(actor: Actor, action: 'data:backup' | 'data:restore'): void {
  authorise(actor, action)
  if (actor.schoolId !== null) throw new ForbiddenError(action)
}

const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0)

/**
 * Writes a consistent backup of all data to `file`: gzip'd JSON lines (see data/backup.ts), read in one
 * repeatable-read transaction. The file appears only when complete.
 */
export async function backupToFile(ctx: ServiceContext, actor: Actor, file: string): Promise<BackupSummary> {
  authoriseWholeDatabase(actor, 'data:backup')
  const partial = `${file}.partial-${process.pid}`
  const gzip = createGzip()
  const written = pipeline(gzip, createWriteStream(partial, { flags: 'wx' }))
  let buffer = ''
  const drain = async () => {
    if (!gzip.write(buffer)) await once(gzip, 'drain')
    buffer = ''
  }
  try {
    const result = await dumpDatabase(
      ctx.db,
      async (line) => {
        buffer += `${line}\n`
        if (buffer.length >= 64 * 1024) await drain()
      },
      ctx.now(),
    )
    if (buffer) await drain()
    gzip.end()
    await written
    await rename(partial, file)
    // In a transaction of its own: the backup's was read-only, and its snapshot must not see this event.
    await ctx.db.transaction(async (tx) =>
      audit(tx, actor, 'data.backed_up', { details: { tables: result.tables, rows: total(result.rows) } }),
    )
    return { file, tables: result.tables, rows: total(result.rows) }
  } catch (error) {
    gzip.destroy()
    await written.catch(() => undefined)
    await rm(partial, { force: true })
    throw error
  }
}

/** The lines of a gzip'd text file, streamed. */
async function* gzippedLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip()
  gunzip.setEncoding('utf8')
  const source = createReadStream(file)
  source.on('error', (e) => gunzip.destroy(e))
  source.pipe(gunzip)
  let rest = ''
  try {
    for await (const chunk of gunzip) {
      rest += chunk as string
      const lines = rest.split('\n')
      rest = lines.pop() ?? ''
      yield* lines
    }
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'Z_DATA_ERROR') throw new BackupFileError(`${file} is not a Harbour backup (it is not gzip)`)
    if (code === 'Z_BUF_ERROR') throw new BackupFileError(`${file} is cut off: the backup is incomplete`)
    throw error
  } finally {
    source.destroy()
  }
  if (rest) yield rest
}

/**
 * Restores a backup made by `backupToFile` into this database, which must be new: migrated, with no
 * school, pupil, user or audit event. All or nothing, in one transaction.
 */
export async function restoreFromFile(
  ctx: ServiceContext,
  actor: Actor,
  file: string,
): Promise<BackupSummary> {
  authoriseWholeDatabase(actor, 'data:restore')
  try {
    await access(file)
  } catch {
    throw new BackupFileError(`There is no file ${file}`)
  }
  // The event is appended in the restore's transaction, after the restored chain's last event.
  const result = await restoreDatabase(ctx.db, gzippedLines(file), async (tx, restored) =>
    audit(tx, actor, 'data.restored', { details: { tables: restored.tables, rows: total(restored.rows) } }),
  )
  return { file, tables: result.tables, rows: total(result.rows) }
}
