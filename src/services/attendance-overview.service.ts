import type { Actor } from '../domain/access/scope.js'
import { ATTENDANCE_CODES } from '../domain/attendance/codes.js'
import { FALLING_MIN_SESSIONS, FALLING_POINTS, isFalling } from '../domain/attendance/falling.js'
import {
  halfTermsOfSchoolYear,
  schoolYearPeriod,
  type AttendancePeriod,
} from '../domain/attendance/periods.js'
import { percentToOneDecimal, summaryFromCounts } from '../domain/attendance/statistics.js'
import { addDays, minIso, type IsoDate } from '../domain/calendar/dates.js'
import type { SchoolCalendar } from '../domain/calendar/school-calendar.js'
import { cohortsOf, DEFAULT_EVER6_YEARS, statusOn } from '../domain/cohort/status.js'
import { COUNT_LABELS } from '../domain/reports/cohort-counts.js'
import {
  COHORT_COLUMNS,
  cohortAggregates,
  pupilsPersistentlyAbsentOrFalling,
  type CohortAggregateRow,
  type CohortColumn,
} from '../data/repositories/attendance-views.repository.js'
import { currentEpisodesOf } from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { loadCalendar, requireSchool } from './schools.service.js'

// Issue 5 item 6: the school's attendance page. Each cohort against all other pupils on roll, over the school
// year so far and half-term by half-term, counted in SQL (attendance-views.repository.ts); and the pupils who
// are persistently absent (ATT-8) or falling. A staff page with names, so nothing is withheld (PD-11 is for
// governors); its one audit event holds counts only.

const CODE_TABLE = ATTENDANCE_CODES.map((c) => ({ code: c.code, treatment: c.treatment }))

export type CohortMeasures = {
  /** Pupils with at least one possible session in the period. */
  pupils: number
  attendancePercent: number | null
  persistentAbsencePercent: number | null
  severeAbsencePercent: number | null
}

export type CohortComparison = {
  cohort: CohortColumn
  label: string
  group: CohortMeasures
  others: CohortMeasures
}

const NO_ROW = { pupils: 0, present: 0, possible: 0, persistent: 0, severe: 0 }
type Sums = typeof NO_ROW

function measuresOf(row: Sums): CohortMeasures {
  return {
    pupils: row.pupils,
    attendancePercent: row.possible === 0 ? null : percentToOneDecimal(row.present, row.possible),
    persistentAbsencePercent: row.pupils === 0 ? null : percentToOneDecimal(row.persistent, row.pupils),
    severeAbsencePercent: row.pupils === 0 ? null : percentToOneDecimal(row.severe, row.pupils),
  }
}

function sumOf(a: Sums, b: Sums): Sums {
  return {
    pupils: a.pupils + b.pupils,
    present: a.present + b.present,
    possible: a.possible + b.possible,
    persistent: a.persistent + b.persistent,
    severe: a.severe + b.severe,
  }
}

function comparisonsOf(rows: CohortAggregateRow[], key: string) {
  const find = (cohort: CohortColumn, inCohort: boolean): Sums =>
    rows.find((r) => r.key === key && r.cohort === cohort && r.inCohort === inCohort) ?? NO_ROW
  const cohorts: CohortComparison[] = COHORT_COLUMNS.map((cohort) => ({
    cohort,
    label: COUNT_LABELS[cohort],
    group: measuresOf(find(cohort, true)),
    others: measuresOf(find(cohort, false)),
  }))
  // Every pupil is on one side of each cohort: the two sides of any one make the whole school.
  const all = measuresOf(sumOf(find('cla', true), find('cla', false)))
  return { cohorts, all }
}

/** The half-terms of the school year containing `d` that have started by `d`, the last cut at `d`. */
function halfTermsSoFar(calendar: SchoolCalendar, d: IsoDate): AttendancePeriod[] {
  return halfTermsOfSchoolYear(calendar, d)
    .filter((h) => h.from <= d)
    .map((h) => ({ ...h, to: minIso(h.to, d) }))
}

/** This half-term (the last started) and the one before it, which may be in the school year before. */
function halfTermsToCompare(calendar: SchoolCalendar, soFar: AttendancePeriod[], yearFrom: IsoDate) {
  const now = soFar.at(-1) ?? null
  const before = soFar.at(-2) ?? halfTermsOfSchoolYear(calendar, addDays(yearFrom, -1)).at(-1) ?? null
  return { now, before: now ? before : null }
}

/**
 * The school's attendance page for the school year so far (DOMAIN.md CAL-6, ATT-7, ATT-8): each cohort against
 * all other pupils, for the year and for each half-term; and the pupils persistently absent or falling.
 */
export async function schoolAttendanceOverview(ctx: ServiceContext, actor: Actor, schoolUrn: string) {
  authorise(actor, 'attendance:report')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, schoolUrn)
    const { calendar } = await loadCalendar(tx, school.id)
    const schoolYear = schoolYearPeriod(calendar, todayIso)
    const year = { ...schoolYear, to: minIso(schoolYear.to, todayIso) }
    const started = year.from <= year.to
    const halfTerms = started ? halfTermsSoFar(calendar, todayIso) : []
    const periods = [
      ...(started ? [{ key: 'year', from: year.from, to: year.to }] : []),
      ...halfTerms.map((h, i) => ({ key: `half-${i}`, from: h.from, to: h.to })),
    ]
    const rows = await cohortAggregates(tx, {
      schoolId: school.id,
      periods,
      codes: CODE_TABLE,
      ever6Years: DEFAULT_EVER6_YEARS,
    })
    const compare = halfTermsToCompare(calendar, halfTerms, schoolYear.from)
    const atRisk = started
      ? await pupilsPersistentlyAbsentOrFalling(tx, {
          schoolId: school.id,
          today: todayIso,
          year,
          thisHalfTerm: compare.now,
          lastHalfTerm: compare.before,
          codes: CODE_TABLE,
          fallingPoints: FALLING_POINTS,
          minSessions: FALLING_MIN_SESSIONS,
        })
      : []
    const episodes = await currentEpisodesOf(
      tx,
      atRisk.map((p) => p.pupilId),
    )
    const pupils = atRisk.map((p) => {
      const summary = summaryFromCounts(p.year)
      return {
        pupilId: p.pupilId,
        name: `${p.givenName} ${p.familyName}`,
        yearGroup: p.yearGroup,
        cohorts: cohortsOf(
          statusOn(
            episodes.filter((e) => e.pupilId === p.pupilId),
            todayIso,
          ),
        ),
        year: summary,
        thisHalfTerm: summaryFromCounts(p.thisHalfTerm),
        lastHalfTerm: summaryFromCounts(p.lastHalfTerm),
        persistentAbsence: summary.persistentAbsence,
        falling: isFalling(p.lastHalfTerm, p.thisHalfTerm),
      }
    })
    const yearFigures = comparisonsOf(rows, 'year')
    await audit(tx, actor, 'attendance.school_viewed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: {
        from: year.from,
        to: year.to,
        pupils: yearFigures.all.pupils,
        listed: pupils.length,
      },
    })
    return {
      school: { urn: school.urn, name: school.name },
      today: todayIso,
      hasCalendar: calendar.terms.length > 0,
      year: { ...year, started },
      ...yearFigures,
      halfTerms: halfTerms.map((h, i) => ({ ...h, ...comparisonsOf(rows, `half-${i}`) })),
      compared: { thisHalfTerm: compare.now, lastHalfTerm: compare.before },
      fallingPoints: FALLING_POINTS,
      fallingMinSessions: FALLING_MIN_SESSIONS,
      pupils,
    }
  })
}

export type { CohortColumn }

export type SchoolAttendanceOverview = Awaited<ReturnType<typeof schoolAttendanceOverview>>
