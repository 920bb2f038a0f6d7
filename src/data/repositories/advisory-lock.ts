import { sql } from 'drizzle-orm'
import pg from 'pg'
import type { Db } from '../db.js'

export type LockedResult<T> = { acquired: true; value: T } | { acquired: false }

/**
 * Runs `work` while holding the session-level advisory lock `key`, or skips it when another
 * session holds the lock (DESIGN.md "jobs/": with several app instances, a job runs once).
 *
 * On a server the lock is taken on one connection checked out of the pool for the whole run, since
 * a session lock belongs to the connection that took it. Embedded PGlite has a single session
 * (one process owns the database), so there the lock only nests.
 */
export async function withAdvisoryLock<T>(
  db: Db,
  key: number,
  work: () => Promise<T>,
): Promise<LockedResult<T>> {
  const client = (db as unknown as { $client?: unknown }).$client
  if (client instanceof pg.Pool) {
    const conn = await client.connect()
    let broken = false
    try {
      const { rows } = await conn.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key])
      if (!rows[0]?.ok) return { acquired: false }
      try {
        return { acquired: true, value: await work() }
      } finally {
        // A connection that cannot unlock is destroyed, which ends its session and frees the lock.
        await conn.query('select pg_advisory_unlock($1)', [key]).catch(() => (broken = true))
      }
    } finally {
      conn.release(broken)
    }
  }
  const taken: unknown = await db.execute(sql`select pg_try_advisory_lock(${key}) as ok`)
  // Both drivers return `{ rows }` from execute.
  if (!(taken as { rows: Array<{ ok: boolean }> }).rows[0]?.ok) return { acquired: false }
  try {
    return { acquired: true, value: await work() }
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${key})`)
  }
}
