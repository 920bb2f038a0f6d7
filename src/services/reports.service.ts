import { schoolYearOf } from '../domain/calendar/dates.js'
import { reportWindow } from '../domain/reports/cohort-counts.js'
import { governorsReportData, type GovernorsReportData } from '../domain/reports/governors.js'
import { suppressionThreshold } from '../domain/reports/suppression.js'
import type { Actor } from '../domain/access/scope.js'
import * as reportsRepo from '../data/repositories/reports.repository.js'
import { setRowScope } from '../data/row-scope.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { requireSchool } from './schools.service.js'

/** The earliest school year a report may be asked for. */
export const FIRST_REPORT_YEAR = 2000

export type GovernorsReport = {
  school: { urn: string; name: string }
  /** The school year in progress (PD-19's default), for choosing another. */
  currentSchoolYear: number
  /** Measures over fewer pupils than this are withheld (PD-11: 3 unless the school is stricter). */
  threshold: number
  report: GovernorsReportData
}

/**
 * The governors' report for one school and school year (DOMAIN.md PD-11, POL-26): counts and
 * aggregate measures only. The school must be in the actor's school scope (a governor's own
 * school), else NotFound; the school year defaults to the current one (PD-19).
 */
export async function governorsReport(
  ctx: ServiceContext,
  actor: Actor,
  schoolUrn: string,
  schoolYear?: number,
): Promise<GovernorsReport> {
  authorise(actor, 'report:read')
  const todayIso = today(ctx)
  const currentSchoolYear = schoolYearOf(todayIso)
  const year = schoolYear ?? currentSchoolYear
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > currentSchoolYear)
    throw new RuleBrokenError([
      {
        path: 'schoolYear',
        message: `Choose a school year from ${FIRST_REPORT_YEAR} to ${currentSchoolYear}, written as the year it starts, like ${currentSchoolYear}`,
      },
    ])
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, schoolUrn)
    // The report counts every pupil of the school, and a governor's own scope holds no pupil's rows
    // (aggregates only): row-level security is widened to this school, which the actor may report on,
    // for this transaction. What leaves it is numbers only (PD-11).
    await setRowScope(tx, { scope: { kind: 'school', schoolId: school.id }, today: todayIso })
    const window = reportWindow(year, todayIso)!
    const pupils = await reportsRepo.pupilsOnRollBetween(tx, school.id, window.from, window.to)
    const episodes = Map.groupBy(
      await reportsRepo.currentEpisodesOfSchool(tx, school.id, window.to),
      (e) => e.pupilId,
    )
    const threshold = suppressionThreshold(school.settings.suppressionThreshold)
    const report = governorsReportData(
      pupils.map((p) => ({
        yearGroup: p.yearGroup,
        onRollFrom: p.enrolledOn,
        onRollTo: p.leftOn,
        episodes: episodes.get(p.id) ?? [],
      })),
      year,
      { until: todayIso, threshold },
    )
    // No pupil: the report is about the school, and names none.
    await audit(tx, actor, 'report.viewed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: { report: 'governors', schoolYear: year },
    })
    return { school: { urn: school.urn, name: school.name }, currentSchoolYear, threshold, report }
  })
}
