import { and, asc, eq, isNotNull, lt, sql } from 'drizzle-orm'
import type { DataScope } from '../../domain/access/scope.js'
import type { EpisodeType } from '../../domain/cohort/codes.js'
import type { Executor } from '../db.js'
import { pupils, schools } from '../schema/index.js'
import { pupilScopeWhere } from './pupil-scope.js'

// The types of a pupil's current episodes (not withdrawn, not superseded), whatever their dates.
const episodeTypesOf = sql<EpisodeType[] | null>`(select array_agg(distinct e.type) from status_episode e
  where e.pupil_id = ${pupils.id} and e.superseded_by_id is null and e.withdrawn_reason is null)`

const leaverColumns = {
  id: pupils.id,
  upn: pupils.upn,
  givenName: pupils.givenName,
  familyName: pupils.familyName,
  dateOfBirth: pupils.dateOfBirth,
  leftOn: pupils.leftOn,
  schoolId: pupils.schoolId,
  schoolName: schools.name,
  schoolUrn: schools.urn,
  episodeTypes: episodeTypesOf,
}

export type Leaver = {
  id: string
  upn: string
  givenName: string
  familyName: string
  dateOfBirth: string
  leftOn: string | null
  schoolId: string
  schoolName: string
  schoolUrn: string
  episodeTypes: EpisodeType[]
}

// The driver gives `text[]` back as an array, or on some paths as its text form `{CLA,CIN}`.
function typesOf(value: EpisodeType[] | string | null): EpisodeType[] {
  if (value === null) return []
  if (Array.isArray(value)) return value
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean) as EpisodeType[]
}

/**
 * Pupils in scope whose last day on roll is before `today` (DOMAIN.md PD-13: a pupil on roll is never
 * due), with what the retention rule needs, by school and name.
 */
export async function leaversInScope(tx: Executor, scope: DataScope, today: string): Promise<Leaver[]> {
  const rows = await tx
    .select(leaverColumns)
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .where(and(pupilScopeWhere(scope, today), isNotNull(pupils.leftOn), lt(pupils.leftOn, today)))
    .orderBy(asc(schools.name), asc(pupils.familyName), asc(pupils.givenName), asc(pupils.id))
  return rows.map((r) => ({ ...r, episodeTypes: typesOf(r.episodeTypes) }))
}

/** One pupil's retention facts, whatever their scope: the caller has checked it. */
export async function retentionFactsOf(tx: Executor, pupilId: string): Promise<Leaver | undefined> {
  const [row] = await tx
    .select(leaverColumns)
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .where(eq(pupils.id, pupilId))
  return row ? { ...row, episodeTypes: typesOf(row.episodeTypes) } : undefined
}
