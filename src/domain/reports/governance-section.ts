/**
 * The report's first section beside the numbers on roll (POL-27, GOV-3, GOV-4 (8), (9)): the designated
 * roles and the gaps in them (POL-1, DT-1, DT-2), training against POL-3 and POL-4, and the policy's
 * review date (POL-28). About staff and the school, never a pupil, in counts and yes/no: no one is named.
 * Each part says "no data yet" until the school has recorded anything of that kind in Harbour.
 */
import type { IsoDate } from '../calendar/dates.js'
import type { GovernanceSummary } from '../governance/compliance.js'
import type { SectionStatus } from './attendance-comparison.js'

export const GOVERNANCE_TITLE = 'Designated roles, training and the school’s policy'

export type GovernanceFacts = {
  /** Counts and yes/no for the year, from the roles and training registers. */
  summary: GovernanceSummary
  appointmentsRecorded: boolean
  trainingRecorded: boolean
  /** The latest ratified policy, else the latest draft; null when none has been started in Harbour. */
  policy: { ratified: boolean; nextReviewOn: IsoDate | null } | null
}

export type GovernanceSection = {
  id: 'governance'
  title: typeof GOVERNANCE_TITLE
  roles: { status: SectionStatus } & Pick<
    GovernanceSummary,
    | 'singleHolderRoles'
    | 'rolesFilledAllYear'
    | 'roleGaps'
    | 'designatedTeacherAppointed'
    | 'designatedTeacherQtsOk'
  >
  training: { status: SectionStatus } & Pick<
    GovernanceSummary,
    | 'designatedTeacherTrainingDays'
    | 'designatedTeacherTrainingDaysRequired'
    | 'designatedTeacherTrainingOk'
    | 'wholeStaffAtipDone'
    | 'staffTrained'
    | 'staffTrainedAtip'
    | 'dslRefresherOk'
    | 'trainingMissing'
  >
  policy: {
    status: SectionStatus
    ratified: boolean
    /** The month of the next review, as numbers (no date string: the report holds no text). */
    nextReview: { year: number; month: number } | null
    reviewOverdue: boolean
  }
}

/** `on`: the report's last day, against which the policy's review date is overdue or not. */
export function governanceSection(facts: GovernanceFacts, on: IsoDate): GovernanceSection {
  const s = facts.summary
  const review = facts.policy?.nextReviewOn ?? null
  return {
    id: 'governance',
    title: GOVERNANCE_TITLE,
    roles: {
      status: facts.appointmentsRecorded ? 'reported' : 'no_data_yet',
      singleHolderRoles: s.singleHolderRoles,
      rolesFilledAllYear: s.rolesFilledAllYear,
      roleGaps: s.roleGaps,
      designatedTeacherAppointed: s.designatedTeacherAppointed,
      designatedTeacherQtsOk: s.designatedTeacherQtsOk,
    },
    training: {
      status: facts.trainingRecorded ? 'reported' : 'no_data_yet',
      designatedTeacherTrainingDays: s.designatedTeacherTrainingDays,
      designatedTeacherTrainingDaysRequired: s.designatedTeacherTrainingDaysRequired,
      designatedTeacherTrainingOk: s.designatedTeacherTrainingOk,
      wholeStaffAtipDone: s.wholeStaffAtipDone,
      staffTrained: s.staffTrained,
      staffTrainedAtip: s.staffTrainedAtip,
      dslRefresherOk: s.dslRefresherOk,
      trainingMissing: s.trainingMissing,
    },
    policy: {
      status: facts.policy ? 'reported' : 'no_data_yet',
      ratified: facts.policy?.ratified ?? false,
      nextReview: review ? { year: Number(review.slice(0, 4)), month: Number(review.slice(5, 7)) } : null,
      reviewOverdue: review !== null && review < on,
    },
  }
}
