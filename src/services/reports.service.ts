import { schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import { can } from '../domain/access/permissions.js'
import type { Actor } from '../domain/access/scope.js'
import { reportWindow, type DateRange } from '../domain/reports/cohort-counts.js'
import { governorsReportData, type GovernorsReportData } from '../domain/reports/governors.js'
import { suppressionThreshold } from '../domain/reports/suppression.js'
import { wordsVisibleToReaders, type WrittenReportStatus } from '../domain/reports/written-report.js'
import type { Executor } from '../data/db.js'
import { findWrittenReport } from '../data/repositories/governors-report-text.repository.js'
import { setRowScope } from '../data/row-scope.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { reportInputs } from './governors-report/inputs.js'
import { requireSchool } from './schools.service.js'

/** The earliest school year a report may be asked for. */
export const FIRST_REPORT_YEAR = 2000

/** The designated teacher's words and where the report is in its life (POL-27). */
export type WrittenReport = {
  status: WrittenReportStatus
  /** Null when not written, or when the reader may not see it yet (a governor, before it is shared). */
  narrative: string | null
  priorities: string | null
  /** 0 until first saved: the version a form sends back (a stale one is a 409). */
  version: number
  sharedAt: Date | null
  archivedAt: Date | null
}

export type GovernorsReport = {
  school: { urn: string; name: string }
  /** The school year in progress (PD-19's default), for choosing another. */
  currentSchoolYear: number
  /** Measures over fewer pupils than this are withheld (PD-11: 3 unless the school is stricter). */
  threshold: number
  /** The days the report covers: the school year (CAL-6), up to today in the current one. */
  window: DateRange
  /** False when the school has not set its term dates for the year: PEPs are then due by PD-18's terms. */
  calendarSet: boolean
  report: GovernorsReportData
  written: WrittenReport
  /** Whether the reader may edit, share and archive the report (report:write). */
  canWrite: boolean
}

/** A school year the report can be about: 2000 to the current one (PD-19: the current one by default). */
export function checkReportYear(schoolYear: number | undefined, todayIso: IsoDate): number {
  const currentSchoolYear = schoolYearOf(todayIso)
  const year = schoolYear ?? currentSchoolYear
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > currentSchoolYear)
    throw new RuleBrokenError([
      {
        path: 'schoolYear',
        message: `Choose a school year from ${FIRST_REPORT_YEAR} to ${currentSchoolYear}, written as the year it starts, like ${currentSchoolYear}`,
      },
    ])
  return year
}

/** The stored words for the year as `actor` may see them (a draft is the DT's until shared). */
export async function writtenReportFor(
  tx: Executor,
  actor: Actor,
  schoolId: string,
  schoolYear: number,
): Promise<WrittenReport> {
  const row = await findWrittenReport(tx, schoolId, schoolYear)
  if (!row)
    return {
      status: 'draft',
      narrative: null,
      priorities: null,
      version: 0,
      sharedAt: null,
      archivedAt: null,
    }
  const visible = can(actor.role, 'report:write') || wordsVisibleToReaders(row.status)
  return {
    status: row.status,
    narrative: visible ? row.narrative : null,
    priorities: visible ? row.priorities : null,
    version: row.version,
    sharedAt: row.sharedAt,
    archivedAt: row.archivedAt,
  }
}

/**
 * The governors' report for one school and school year (DOMAIN.md PD-11, POL-26, POL-27, GOV-4): counts
 * and aggregate measures only, from live data, with the DT's words as the reader may see them. The school
 * must be in the actor's school scope (a governor's own school), else NotFound; the school year defaults
 * to the current one (PD-19).
 */
export async function governorsReport(
  ctx: ServiceContext,
  actor: Actor,
  schoolUrn: string,
  schoolYear?: number,
): Promise<GovernorsReport> {
  authorise(actor, 'report:read')
  const todayIso = today(ctx)
  const year = checkReportYear(schoolYear, todayIso)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, schoolUrn)
    // The report counts every pupil of the school, and a governor's own scope holds no pupil's rows
    // (aggregates only): row-level security is widened to this school, which the actor may report on,
    // for this transaction. What leaves it is numbers only (PD-11).
    await setRowScope(tx, { scope: { kind: 'school', schoolId: school.id }, today: todayIso })
    const window = reportWindow(year, todayIso)!
    const threshold = suppressionThreshold(school.settings.suppressionThreshold)
    const inputs = await reportInputs(tx, school.id, year, window, { threshold, today: todayIso })
    const report = governorsReportData(inputs.pupils, year, {
      until: todayIso,
      threshold,
      school: inputs.school,
    })
    const written = await writtenReportFor(tx, actor, school.id, year)
    // No pupil: the report is about the school, and names none.
    await audit(tx, actor, 'report.viewed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: { report: 'governors', schoolYear: year },
    })
    return {
      school: { urn: school.urn, name: school.name },
      currentSchoolYear: schoolYearOf(todayIso),
      threshold,
      window,
      calendarSet: inputs.calendarSet,
      report,
      written,
      canWrite: can(actor.role, 'report:write'),
    }
  })
}
