import { ATTENDANCE_CODES, type AttendanceTreatment } from '../domain/attendance/codes.js'
import { customPeriod, schoolYearPeriod } from '../domain/attendance/periods.js'
import {
  countsField,
  emptyCounts,
  summaryFromCounts,
  type AttendanceSummary,
} from '../domain/attendance/statistics.js'
import type { Actor } from '../domain/access/scope.js'
import type { IsoDate } from '../domain/calendar/dates.js'
import { sessionsByTreatment } from '../data/repositories/attendance-counts.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendar } from './schools.service.js'

const CODE_TABLE = ATTENDANCE_CODES.map((c) => ({ code: c.code, treatment: c.treatment }))

/**
 * `GET /pupils/{id}/attendance` (shared/API.md "Attendance"): the pupil's statistics from `from` to `to`
 * (DOMAIN.md ATT-7, ATT-8, PD-6), counted in SQL by treatment. Either day left out comes from the current
 * school year (PD-19), by the school's calendar where it has one (CAL-6).
 */
export async function pupilAttendance(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  range: { from?: IsoDate | undefined; to?: IsoDate | undefined } = {},
): Promise<AttendanceSummary> {
  authorise(actor, 'attendance:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:read')
    let { from, to } = range
    if (from === undefined || to === undefined) {
      const year = schoolYearPeriod((await loadCalendar(tx, pupil.schoolId)).calendar, todayIso)
      from ??= year.from
      to ??= year.to
    }
    const period = customPeriod(from, to)
    if (!period.ok) throw new RuleBrokenError(period.errors)
    const counts = emptyCounts()
    for (const row of await sessionsByTreatment(tx, pupil.id, period.period, CODE_TABLE))
      counts[countsField(row.treatment as AttendanceTreatment)] += row.sessions
    await audit(tx, actor, 'attendance.viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
      details: { from, to },
    })
    return summaryFromCounts(counts)
  })
}
