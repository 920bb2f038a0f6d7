/**
 * Everything the governors' report counts, read in one transaction: the pupils on roll in the school year
 * with their episodes, and per pupil only numbers and codes (sessions by treatment, suspensions, how their
 * PEPs turned out, ratings, target reviews, where a leaver went); for the school, PP+ totals, the
 * governance registers' counts and the policy's review date. Nothing here reads a name into the report.
 */
import { ATTENDANCE_CODES } from '../../domain/attendance/codes.js'
import type { IsoDate } from '../../domain/calendar/dates.js'
import type { DateRange } from '../../domain/reports/cohort-counts.js'
import { cohortsInYear } from '../../domain/reports/cohort-membership.js'
import type { GovernorsReportPupil, SchoolFacts } from '../../domain/reports/governors.js'
import type { Executor } from '../../data/db.js'
import * as factsRepo from '../../data/repositories/governors-report.repository.js'
import * as governanceRepo from '../../data/repositories/governance-facts.repository.js'
import * as reportsRepo from '../../data/repositories/reports.repository.js'
import { fundingSummaryForGovernors } from '../funding-ledger.service.js'
import { governanceSummary } from '../governance.service.js'
import { pepOutcomesOf } from './pep-outcomes.js'

const CODE_TREATMENTS = ATTENDANCE_CODES.map((c) => ({ code: c.code, treatment: c.treatment }))

const byPupil = <T extends { pupilId: string }>(rows: readonly T[]) => Map.groupBy(rows, (r) => r.pupilId)

export type ReportInputs = {
  pupils: GovernorsReportPupil[]
  school: SchoolFacts
  /** Whether the school set its term dates for the year (CAL-2); if not, PD-18's default terms are used. */
  calendarSet: boolean
}

export async function reportInputs(
  tx: Executor,
  schoolId: string,
  schoolYear: number,
  window: DateRange,
  options: { threshold: number; today: IsoDate },
): Promise<ReportInputs> {
  const pupils = await reportsRepo.pupilsOnRollBetween(tx, schoolId, window.from, window.to)
  const episodeRows = await reportsRepo.currentEpisodesOfSchool(tx, schoolId, window.to)
  const episodes = byPupil(episodeRows)
  const lookedAfter = pupils
    .map((p) => ({
      id: p.id,
      onRollFrom: p.enrolledOn,
      onRollTo: p.leftOn,
      episodes: episodes.get(p.id) ?? [],
    }))
    .filter((p) => cohortsInYear(p, window)?.cla)
  const sessions = await factsRepo.sessionsByPupil(tx, schoolId, window, CODE_TREATMENTS)
  const suspensions = await factsRepo.suspensionsByPupil(tx, schoolId, schoolYear, window.to)
  const ratings = await factsRepo.pepRatingsIn(tx, schoolId, window)
  const reviews = await factsRepo.targetReviewsIn(tx, schoolId, window)
  const pepOutcomes = await pepOutcomesOf(tx, lookedAfter, window, options.today)
  const sessionsOf = new Map(sessions.map(({ pupilId, ...counts }) => [pupilId, counts]))
  const suspensionsOf = new Map(suspensions.map(({ pupilId, ...facts }) => [pupilId, facts]))
  const ratingsOf = byPupil(ratings)
  const reviewsOf = byPupil(reviews)
  return {
    pupils: pupils.map((p) => ({
      yearGroup: p.yearGroup,
      onRollFrom: p.enrolledOn,
      onRollTo: p.leftOn,
      episodes: episodes.get(p.id) ?? [],
      attendance: sessionsOf.get(p.id),
      suspensions: suspensionsOf.get(p.id),
      leavingDestination: p.leavingDestination,
      pepOutcomes: pepOutcomes.get(p.id),
      pepRatings: ratingsOf.get(p.id)?.map((r) => r.rating),
      targetReviews: reviewsOf.get(p.id)?.map((r) => r.outcome),
    })),
    school: await schoolFacts(tx, schoolId, schoolYear, window, options),
    calendarSet: await factsRepo.hasTermsFor(tx, schoolId, schoolYear),
  }
}

async function schoolFacts(
  tx: Executor,
  schoolId: string,
  schoolYear: number,
  window: DateRange,
  { threshold, today }: { threshold: number; today: IsoDate },
): Promise<SchoolFacts> {
  const suspensionsRecorded = await factsRepo.schoolHasSuspensions(tx, schoolId)
  const funding = await fundingSummaryForGovernors(
    tx,
    schoolId,
    { kind: 'school_year', year: schoolYear },
    threshold,
  )
  const impact = await factsRepo.spendImpactIn(tx, schoolId, window)
  const summary = await governanceSummary(tx, schoolId, schoolYear, today)
  const recorded = await governanceRepo.governanceRecorded(tx, schoolId)
  const policy = await governanceRepo.latestPolicyOf(tx, schoolId)
  return {
    suspensionsRecorded,
    funding,
    impact,
    governance: {
      summary,
      appointmentsRecorded: recorded.appointments,
      trainingRecorded: recorded.training,
      policy: policy ? { ratified: policy.status === 'ratified', nextReviewOn: policy.nextReviewOn } : null,
    },
  }
}
