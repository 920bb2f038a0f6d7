import { and, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { statusEpisodes } from '../schema/index.js'
import type { EpisodeRow } from './pupils.repository.js'

export type NewEpisodeRow = typeof statusEpisodes.$inferInsert

export async function insertEpisode(tx: Executor, values: NewEpisodeRow): Promise<EpisodeRow> {
  const [row] = await tx.insert(statusEpisodes).values(values).returning()
  return row!
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function findCurrentEpisode(tx: Executor, pupilId: string, episodeId: string) {
  // An id from a URL that is not a UUID names no episode (PostgreSQL would reject the comparison).
  if (!UUID.test(episodeId)) return undefined
  const [row] = await tx
    .select()
    .from(statusEpisodes)
    .where(
      and(
        eq(statusEpisodes.id, episodeId),
        eq(statusEpisodes.pupilId, pupilId),
        isNull(statusEpisodes.supersededById),
      ),
    )
  return row
}

/** Marks `oldId` superseded by `newId`; false when someone superseded it first. */
export async function markSuperseded(tx: Executor, oldId: string, newId: string): Promise<boolean> {
  const rows = await tx
    .update(statusEpisodes)
    .set({ supersededById: newId })
    .where(and(eq(statusEpisodes.id, oldId), isNull(statusEpisodes.supersededById)))
    .returning({ id: statusEpisodes.id })
  return rows.length === 1
}
