import { and, asc, eq, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import type { DataScope } from '../../domain/access/scope.js'
import type { Executor } from '../db.js'
import { pupils, schools, statusEpisodes } from '../schema/index.js'
import { pupilScopeWhere } from './pupil-scope.js'

export type PupilRow = typeof pupils.$inferSelect
export type NewPupilRow = typeof pupils.$inferInsert
export type EpisodeRow = typeof statusEpisodes.$inferSelect

export async function insertPupil(tx: Executor, values: NewPupilRow): Promise<PupilRow> {
  const [row] = await tx.insert(pupils).values(values).returning()
  return row!
}

export async function findPupilInScope(
  tx: Executor,
  scope: DataScope,
  today: string,
  id: string,
): Promise<(PupilRow & { schoolName: string; schoolUrn: string }) | undefined> {
  const [row] = await tx
    .select({ pupil: pupils, schoolName: schools.name, schoolUrn: schools.urn })
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .where(and(eq(pupils.id, id), pupilScopeWhere(scope, today)))
  return row ? { ...row.pupil, schoolName: row.schoolName, schoolUrn: row.schoolUrn } : undefined
}

/**
 * The school of a pupil, whatever the caller's scope: only to tell a refusal (the record exists, out of
 * scope) from an unknown id when auditing. Never shown to the caller.
 */
export async function schoolOfPupil(tx: Executor, id: string): Promise<string | undefined> {
  // Through a function that row-level security does not filter (row-level-security.sql): the pupil is,
  // by definition here, outside the transaction's scope.
  const result: unknown = await tx.execute(sql`select harbour_school_of_pupil(${id}::uuid) as "schoolId"`)
  // Both drivers return `{ rows }` from execute.
  return (result as { rows: Array<{ schoolId: string | null }> }).rows[0]?.schoolId ?? undefined
}

export async function upnIsOnRoll(tx: Executor, schoolId: string, upn: string, exceptPupilId?: string) {
  const rows = await tx
    .select({ id: pupils.id })
    .from(pupils)
    .where(
      and(
        eq(pupils.schoolId, schoolId),
        eq(pupils.upn, upn),
        isNull(pupils.leftOn),
        exceptPupilId ? ne(pupils.id, exceptPupilId) : undefined,
      ),
    )
    .limit(1)
  return rows.length > 0
}

/** Optimistic update: returns the new row, or undefined when `version` is stale. */
export async function updatePupil(
  tx: Executor,
  id: string,
  version: number,
  values: Partial<NewPupilRow>,
): Promise<PupilRow | undefined> {
  const [row] = await tx
    .update(pupils)
    .set({ ...values, version: sql`${pupils.version} + 1`, updatedAt: new Date() })
    .where(and(eq(pupils.id, id), eq(pupils.version, version)))
    .returning()
  return row
}

export type PupilListFilter = {
  schoolId?: string | undefined
  yearGroup?: number | undefined
  search?: string | undefined
  /** Only pupils with at least one current status episode (the register). */
  withEpisodesOnly?: boolean
}

export async function listPupilsInScope(
  tx: Executor,
  scope: DataScope,
  today: string,
  filter: PupilListFilter,
): Promise<Array<PupilRow & { schoolName: string; schoolUrn: string }>> {
  const conditions: Array<SQL | undefined> = [pupilScopeWhere(scope, today)]
  if (filter.schoolId) conditions.push(eq(pupils.schoolId, filter.schoolId))
  if (filter.yearGroup !== undefined) conditions.push(eq(pupils.yearGroup, filter.yearGroup))
  if (filter.search) {
    const term = filter.search.trim()
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(
      or(
        ilike(pupils.familyName, like),
        ilike(pupils.givenName, like),
        ilike(pupils.preferredName, like),
        ilike(sql`${pupils.givenName} || ' ' || ${pupils.familyName}`, like),
        eq(pupils.upn, term.toUpperCase()),
      ),
    )
  }
  if (filter.withEpisodesOnly) {
    conditions.push(
      sql`exists (select 1 from status_episode e where e.pupil_id = ${pupils.id}
            and e.superseded_by_id is null and e.withdrawn_reason is null)`,
    )
  }
  const rows = await tx
    .select({ pupil: pupils, schoolName: schools.name, schoolUrn: schools.urn })
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .where(and(...conditions))
    .orderBy(asc(pupils.familyName), asc(pupils.givenName), asc(pupils.id))
  return rows.map((r) => ({ ...r.pupil, schoolName: r.schoolName, schoolUrn: r.schoolUrn }))
}

/** Current episodes (not superseded, not withdrawn) of the given pupils. */
export async function currentEpisodesOf(tx: Executor, pupilIds: string[]): Promise<EpisodeRow[]> {
  if (pupilIds.length === 0) return []
  return tx
    .select()
    .from(statusEpisodes)
    .where(
      and(
        inArray(statusEpisodes.pupilId, pupilIds),
        isNull(statusEpisodes.supersededById),
        isNull(statusEpisodes.withdrawn),
      ),
    )
    .orderBy(asc(statusEpisodes.startDate))
}

/** Every episode row of a pupil, superseded ones included: the full history. */
export async function episodeHistoryOf(tx: Executor, pupilId: string): Promise<EpisodeRow[]> {
  return tx
    .select()
    .from(statusEpisodes)
    .where(eq(statusEpisodes.pupilId, pupilId))
    .orderBy(asc(statusEpisodes.startDate), asc(statusEpisodes.recordedAt))
}
