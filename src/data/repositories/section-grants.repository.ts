import { and, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { sectionGrants } from '../schema/index.js'

export type SectionGrantRow = typeof sectionGrants.$inferSelect

/** The user's live (not revoked) grant to the section, if any. */
export async function liveGrant(
  tx: Executor,
  userId: string,
  section: string,
): Promise<SectionGrantRow | undefined> {
  const [row] = await tx
    .select()
    .from(sectionGrants)
    .where(
      and(
        eq(sectionGrants.userId, userId),
        eq(sectionGrants.section, section),
        isNull(sectionGrants.revokedAt),
      ),
    )
  return row
}

export async function insertGrant(
  tx: Executor,
  values: { userId: string; section: string; grantedBy: string },
): Promise<SectionGrantRow> {
  const [row] = await tx.insert(sectionGrants).values(values).returning()
  return row!
}

/** Revokes the live grant; undefined when there was none. */
export async function revokeGrant(
  tx: Executor,
  userId: string,
  section: string,
  revokedBy: string,
): Promise<SectionGrantRow | undefined> {
  const [row] = await tx
    .update(sectionGrants)
    .set({ revokedAt: new Date(), revokedBy })
    .where(
      and(
        eq(sectionGrants.userId, userId),
        eq(sectionGrants.section, section),
        isNull(sectionGrants.revokedAt),
      ),
    )
    .returning()
  return row
}
