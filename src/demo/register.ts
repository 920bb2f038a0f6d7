/**
 * A demo school's attendance register, streamed: every pupil's marks for both sessions of each school day
 * they were on roll from `from` to `to` (DOMAIN.md ATT-1, PD-16: never a mark on a day the school is closed),
 * with `E`, `B` or `K` on the days of their suspensions. Used by the demo load and, as CSV lines, by the
 * attendance import benchmark. One pupil's marks are held at a time, whatever the period.
 */
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../domain/calendar/bank-holidays.js'
import { addDays, type IsoDate } from '../domain/calendar/dates.js'
import { schoolDaysIn, type SchoolCalendar } from '../domain/calendar/school-calendar.js'
import { bankHolidaysFrom } from '../domain/calendar/working-days.js'
import { pupilRegister, type DemoMark } from './attendance.js'
import type { DemoData } from './build.js'
import { exclusionDayCodes } from './suspensions.js'

const BANK_HOLIDAYS = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)

/** The school's demo calendar as the services load it: its terms and closures, and the bank holidays. */
export function demoSchoolCalendar(
  data: Pick<DemoData, 'terms' | 'closures'>,
  schoolId: string,
): SchoolCalendar {
  return {
    terms: data.terms
      .filter((t) => t.schoolId === schoolId)
      .map((t) => ({ name: t.name, start: t.startDate, end: t.endDate })),
    closures: new Set(data.closures.filter((c) => c.schoolId === schoolId).map((c) => c.date)),
    bankHolidays: BANK_HOLIDAYS,
  }
}

/** The marks of one demo school from `from` to `to`, both included, pupil by pupil. */
export function* demoRegister(
  data: Pick<DemoData, 'terms' | 'closures' | 'pupils' | 'attendance' | 'suspensions' | 'today'>,
  schoolId: string,
  from: IsoDate,
  to: IsoDate,
): Generator<DemoMark> {
  const calendar = demoSchoolCalendar(data, schoolId)
  const days = schoolDaysIn(calendar, from, to)
  if (days.length === 0) return
  const leftOn = new Map(data.pupils.filter((p) => p.schoolId === schoolId).map((p) => [p.id, p.leftOn]))
  const fixed = exclusionDayCodes(
    calendar,
    data.suspensions.filter((s) => s.schoolId === schoolId),
    leftOn,
  )
  const recentDays = schoolDaysIn(calendar, addDays(data.today, -14), addDays(data.today, -1))
  for (const profile of data.attendance) {
    if (profile.schoolId !== schoolId) continue
    const own = days.filter(
      (d) => d >= profile.enrolledOn && (profile.leftOn === null || d <= profile.leftOn),
    )
    if (own.length === 0) continue
    const codes = pupilRegister({
      profile,
      days: own,
      fixed: fixed.get(profile.pupilId),
      today: data.today,
      recentDays,
    })
    for (let s = 0; s < codes.length; s++) {
      yield {
        pupilId: profile.pupilId,
        upn: profile.upn,
        date: own[s >> 1]!,
        session: s % 2 === 0 ? 'AM' : 'PM',
        code: codes[s]!,
      }
    }
  }
}

/** The register as the lines of an import file (shared/API.md "Attendance import"), header first. */
export function* registerCsv(marks: Iterable<DemoMark>): Generator<string> {
  yield 'upn,date,session,code\n'
  for (const m of marks) yield `${m.upn},${m.date},${m.session},${m.code}\n`
}
