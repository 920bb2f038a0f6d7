import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { pupils, statusEpisodes } from '../schema/index.js'

// Aggregate reports read only what they count: never a pupil's name, UPN or date of birth
// (DOMAIN.md PD-11), so those cannot reach a report by accident.

export type ReportPupilRow = {
  id: string
  yearGroup: number | null
  enrolledOn: string | null
  leftOn: string | null
  /** Where the pupil went on leaving: the report keeps only the fixed categories (domain/cohort/leaving.ts). */
  leavingDestination: string | null
}

/** Pupils of the school on roll on at least one day of [from, to]; `leftOn` is the last day on roll. */
export async function pupilsOnRollBetween(
  tx: Executor,
  schoolId: string,
  from: string,
  to: string,
): Promise<ReportPupilRow[]> {
  return tx
    .select({
      id: pupils.id,
      yearGroup: pupils.yearGroup,
      enrolledOn: pupils.enrolledOn,
      leftOn: pupils.leftOn,
      leavingDestination: pupils.leavingDestination,
    })
    .from(pupils)
    .where(
      and(
        eq(pupils.schoolId, schoolId),
        or(isNull(pupils.enrolledOn), lte(pupils.enrolledOn, to)),
        or(isNull(pupils.leftOn), gte(pupils.leftOn, from)),
      ),
    )
    .orderBy(asc(pupils.id))
}

export type ReportEpisodeRow = {
  pupilId: string
  type: 'CLA' | 'PLA' | 'CIN' | 'CP' | 'KINSHIP'
  startDate: string
  endDate: string | null
}

/** The current episodes (not superseded, not withdrawn) of the school's pupils that started by `to`. */
export async function currentEpisodesOfSchool(
  tx: Executor,
  schoolId: string,
  to: string,
): Promise<ReportEpisodeRow[]> {
  return tx
    .select({
      pupilId: statusEpisodes.pupilId,
      type: statusEpisodes.type,
      startDate: statusEpisodes.startDate,
      endDate: statusEpisodes.endDate,
    })
    .from(statusEpisodes)
    .innerJoin(pupils, eq(pupils.id, statusEpisodes.pupilId))
    .where(
      and(
        eq(pupils.schoolId, schoolId),
        isNull(statusEpisodes.supersededById),
        isNull(statusEpisodes.withdrawn),
        lte(statusEpisodes.startDate, to),
      ),
    )
}
