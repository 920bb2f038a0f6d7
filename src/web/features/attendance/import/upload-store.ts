/**
 * Where an uploaded register waits between its check and its import (issue 5 item 2, the web upload): a file in
 * the system's temporary folder, named by a random token that only the uploader's session holds. The preview
 * reads it once (a dry run) and the confirmation reads it again, so the browser never sends it twice and it is
 * never held in memory. It is deleted once imported, when a check fails, when another file replaces it, and at
 * the latest an hour after upload (every upload and confirmation sweeps older files away).
 *
 * The file is on the disk of the app instance that received it: with several instances behind a load
 * balancer, the balancer must send a session back to the same instance (or the folder must be shared).
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** How long an uploaded file waits for its confirmation. */
export const UPLOAD_TTL_MS = 60 * 60 * 1000

export type KeptUpload = {
  token: string
  schoolUrn: string
  fileName: string
  /** When it was kept, by the wall clock (as the file system's times are), for the hour it may wait. */
  keptAt: number
}

const TOKEN = /^[0-9a-f]{64}$/

export function uploadFolder(): string {
  return process.env.HARBOUR_UPLOAD_DIR ?? path.join(os.tmpdir(), 'harbour-attendance-uploads')
}

function fileOf(token: string): string {
  if (!TOKEN.test(token)) throw new RangeError('Not an upload token')
  return path.join(uploadFolder(), `${token}.csv`)
}

/** Writes the stream to a new file readable by this process's user only; returns its token and size. */
export async function keepUpload(input: Readable): Promise<{ token: string; bytes: number }> {
  await mkdir(uploadFolder(), { recursive: true, mode: 0o700 })
  const token = randomBytes(32).toString('hex')
  const file = fileOf(token)
  try {
    await pipeline(input, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  } catch (error) {
    await rm(file, { force: true })
    throw error
  }
  return { token, bytes: (await stat(file)).size }
}

/** The kept file, streamed; null when it is gone (imported, swept away) or older than an hour. */
export async function openUpload(kept: KeptUpload): Promise<Readable | null> {
  if (Date.now() - kept.keptAt > UPLOAD_TTL_MS) return null
  try {
    await stat(fileOf(kept.token))
  } catch {
    return null
  }
  return createReadStream(fileOf(kept.token))
}

export async function discardUpload(token: string): Promise<void> {
  if (TOKEN.test(token)) await rm(fileOf(token), { force: true })
}

/** Deletes every kept file older than an hour, whoever uploaded it. */
export async function sweepUploads(): Promise<void> {
  const now = Date.now()
  let names: string[]
  try {
    names = await readdir(uploadFolder())
  } catch {
    return
  }
  for (const name of names) {
    const file = path.join(uploadFolder(), name)
    const info = await stat(file).catch(() => null)
    if (info && now - info.mtimeMs > UPLOAD_TTL_MS) await rm(file, { force: true })
  }
}
