/**
 * Education from the sixth day (DOMAIN.md EX-5, EX-6, EX-7, PD-17). From the sixth consecutive school day
 * of exclusion, "regardless of whether the pupil has been excluded for a single fixed period or more than one
 * fixed period", the governing board (suspension) or the local authority (permanent exclusion) arranges
 * full-time education. Day 1 is the first school day of exclusion.
 */
import { addDays, type IsoDate } from '../calendar/dates.js'
import { addSchoolDays, type SchoolCalendar } from '../calendar/school-calendar.js'
import { countsTowardsLimit, suspensionSchoolDays, type RecordedSuspension } from './days.js'
import { nthSchoolDayFrom, type DueDate } from './due-dates.js'
import type { ExclusionCategory } from './reason-codes.js'

/**
 * EX-6 (SI 2007/1870 reg 5): `year_11_exams_over` — a Year 11 pupil who has taken or missed all their public
 * exams, so no provision is required; `plan_specifies_fewer_hours` — provision is still arranged, for the
 * hours the pupil's plan sets.
 */
export type Day6Exception = 'year_11_exams_over' | 'plan_specifies_fewer_hours'

export const DAY_6 = 6

/** Who arranges the provision (EX-5). */
export type Day6Arranger = 'school' | 'local_authority'

export function day6Arranger(category: ExclusionCategory): Day6Arranger {
  return category === 'PERM' ? 'local_authority' : 'school'
}

/**
 * School days on which the pupil is out of school all or part of the day. A lunchtime suspension is not a
 * day of exclusion for this count (the pupil is in lessons); a permanent exclusion on record has no known
 * end, so it adds no days here.
 */
function daysOutOfSchool(cal: SchoolCalendar, suspensions: ReadonlyArray<RecordedSuspension>): Set<IsoDate> {
  const out = new Set<IsoDate>()
  for (const s of suspensions) {
    if (!countsTowardsLimit(s) || s.category === 'LNCH') continue
    for (const d of suspensionSchoolDays(cal, s).days) out.add(d.date)
  }
  return out
}

/** How many school days straight before `start` the pupil was already excluded (back-to-back suspensions). */
export function consecutiveDaysBefore(
  cal: SchoolCalendar,
  start: IsoDate,
  others: ReadonlyArray<RecordedSuspension>,
): number {
  const out = daysOutOfSchool(cal, others)
  let count = 0
  let d = addSchoolDays(cal, start, -1)
  while (d !== null && out.has(d)) {
    count += 1
    d = addSchoolDays(cal, d, -1)
  }
  return count
}

export type Day6Provision = DueDate & {
  /** The day in the run of exclusion this date is (6, or more when provision already began earlier). */
  dayOfExclusion: number
  arranger: Day6Arranger
}

/**
 * The date from which day-6 provision is needed for this exclusion, or null when none is (a lunchtime,
 * a suspension that ends before the sixth consecutive day, or the Year 11 exception). When back-to-back
 * suspensions reached day 6 before this one started, provision is needed from its first day.
 */
export function day6ProvisionFor(
  cal: SchoolCalendar,
  proposed: Pick<RecordedSuspension, 'category' | 'startDate' | 'days'>,
  others: ReadonlyArray<RecordedSuspension>,
  exception?: Day6Exception,
): Day6Provision | null {
  if (proposed.category === 'LNCH' || exception === 'year_11_exams_over') return null
  const before = consecutiveDaysBefore(cal, proposed.startDate, others)
  if (proposed.category === 'SUSP') {
    const ownDays = Math.ceil(proposed.days)
    if (before + ownDays < DAY_6) return null
  }
  const dayWithin = Math.max(DAY_6 - before, 1)
  return {
    ...nthSchoolDayFrom(cal, proposed.startDate, dayWithin),
    dayOfExclusion: before + dayWithin,
    arranger: day6Arranger(proposed.category),
  }
}

/**
 * EX-7: when the provision's details are not known on the first day, a further notice must reach the parent
 * not less than 48 hours before it starts (the parent may waive this). Provision starts with the school day,
 * so the notice must go by the same time two calendar days earlier.
 */
export function furtherDay6NoticeBy(provisionStarts: IsoDate): IsoDate {
  return addDays(provisionStarts, -2)
}
