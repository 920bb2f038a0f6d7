import { asc, eq } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { placementChanges } from '../schema/index.js'

export type PlacementChangeRow = typeof placementChanges.$inferSelect
export type NewPlacementChangeRow = typeof placementChanges.$inferInsert

export async function insertPlacementChange(
  tx: Executor,
  values: NewPlacementChangeRow,
): Promise<PlacementChangeRow> {
  const [row] = await tx.insert(placementChanges).values(values).returning()
  return row!
}

/** Every change of placement or school recorded for a pupil, oldest first. */
export async function placementChangesOf(tx: Executor, pupilId: string): Promise<PlacementChangeRow[]> {
  return tx
    .select()
    .from(placementChanges)
    .where(eq(placementChanges.pupilId, pupilId))
    .orderBy(asc(placementChanges.changedOn), asc(placementChanges.recordedAt), asc(placementChanges.id))
}
