import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { schools } from '../schema/index.js'

/**
 * Replaces some keys of a school's settings, leaving the others as they are, if the school is still at
 * `version` (DESIGN.md: a stale version is a 409); undefined when it is not.
 */
export async function mergeSchoolSettingsIfVersion(
  tx: Executor,
  schoolId: string,
  version: number,
  changes: Record<string, unknown>,
) {
  const [row] = await tx
    .update(schools)
    .set({
      settings: sql`${schools.settings} || ${JSON.stringify(changes)}::jsonb`,
      version: sql`${schools.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(schools.id, schoolId), eq(schools.version, version)))
    .returning()
  return row
}
