import type { Actor } from '../domain/access/scope.js'
import { attendanceCode, type AttendanceTreatment } from '../domain/attendance/codes.js'
import type { AttendanceMark } from '../domain/attendance/marks.js'
import {
  mondayOf,
  schoolYearPeriod,
  termPeriod,
  weeksBetween,
  type AttendancePeriod,
} from '../domain/attendance/periods.js'
import { summariseMarks, type AttendanceSummary } from '../domain/attendance/statistics.js'
import { addDays, minIso, type IsoDate } from '../domain/calendar/dates.js'
import { isSchoolDay, type SchoolCalendar, type Term } from '../domain/calendar/school-calendar.js'
import { statusOn } from '../domain/cohort/status.js'
import {
  marksOfPupil,
  partTimeTimetablesOf,
  supportPlansOf,
} from '../data/repositories/attendance-plans.repository.js'
import { supersededMarksOf } from '../data/repositories/attendance-views.repository.js'
import { placementChangesOf } from '../data/repositories/placements.repository.js'
import { currentEpisodesOf } from '../data/repositories/pupils.repository.js'
import { attendanceSupportOf } from './attendance-plans.service.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendar } from './schools.service.js'

// Issue 5 item 6: what the pupil's attendance page shows, read in one transaction with one audit event:
// the statutory figures by term and by week (ATT-7, ATT-8), the register itself, the full-attendance
// recognition (POL-17), and the support plans, part-time timetables (ATT-16) and placement-move adjustments.

export type RegisterCell = {
  code: string
  meaning: string
  treatment: AttendanceTreatment | null
  /** Marks a later one replaced (ATT-4), oldest first; only when history was asked for. */
  earlier: Array<{ code: string; meaning: string; supersededAt: Date }>
}

export type RegisterDay = { date: IsoDate; am: RegisterCell | null; pm: RegisterCell | null }

export type TermFigures = AttendancePeriod & { key: string; started: boolean; summary: AttendanceSummary }

export type WeekFigures = AttendancePeriod & { summary: AttendanceSummary }

const termKey = (t: Term) => `${t.name}-${t.start.slice(0, 4)}`

function termsOfYear(calendar: SchoolCalendar, year: AttendancePeriod): Term[] {
  return calendar.terms
    .filter((t) => t.start >= year.from && t.start <= year.to)
    .sort((a, b) => (a.start < b.start ? -1 : 1))
}

const within = (marks: readonly AttendanceMark[], from: IsoDate, to: IsoDate) =>
  marks.filter((m) => m.date >= from && m.date <= to)

/** The school year's weeks up to `until` that have marks (holidays, and weeks before the first import, have none). */
function weekFigures(
  marks: readonly AttendanceMark[],
  year: AttendancePeriod,
  until: IsoDate,
): WeekFigures[] {
  const byMonday = new Map<IsoDate, AttendanceMark[]>()
  for (const m of marks) {
    const monday = mondayOf(m.date)
    byMonday.set(monday, [...(byMonday.get(monday) ?? []), m])
  }
  return weeksBetween(year.from, until).flatMap((w) => {
    const inWeek = within(byMonday.get(mondayOf(w.from)) ?? [], w.from, w.to)
    return inWeek.length === 0 ? [] : [{ ...w, summary: summariseMarks(inWeek) }]
  })
}

function cellOf(code: string): RegisterCell {
  const entry = attendanceCode(code)
  return {
    code,
    meaning: entry?.meaning ?? 'Not a national attendance code',
    treatment: entry?.treatment ?? null,
    earlier: [],
  }
}

/** The register for a period: each school day up to `until`, and any other day with a mark. */
function registerOf(
  calendar: SchoolCalendar,
  marks: readonly AttendanceMark[],
  period: { from: IsoDate; to: IsoDate },
  earlier: Awaited<ReturnType<typeof supersededMarksOf>>,
): RegisterDay[] {
  const days = new Map<IsoDate, RegisterDay>()
  const dayOf = (date: IsoDate) => {
    let day = days.get(date)
    if (!day) days.set(date, (day = { date, am: null, pm: null }))
    return day
  }
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) if (isSchoolDay(calendar, d)) dayOf(d)
  for (const m of within(marks, period.from, period.to)) {
    dayOf(m.date)[m.session === 'AM' ? 'am' : 'pm'] = cellOf(m.code)
  }
  for (const e of earlier) {
    if (e.date < period.from || e.date > period.to) continue
    const day = dayOf(e.date)
    const key = e.session === 'AM' ? 'am' : 'pm'
    // A superseded mark always has a current one after it (ATT-4: nothing is deleted).
    const cell = (day[key] ??= cellOf(''))
    cell.earlier.push({ code: e.code, meaning: cellOf(e.code).meaning, supersededAt: e.supersededAt })
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1))
}

/**
 * Everything the pupil's attendance page shows. `term` picks the term whose register is listed (its key,
 * like `autumn-2026`); by default the term of today, or the last one that has started. `history` adds the
 * marks later ones replaced. One audit event records the read.
 */
export async function pupilAttendancePage(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  options: { term?: string | undefined; history?: boolean | undefined } = {},
) {
  authorise(actor, 'attendance:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:read')
    const { calendar } = await loadCalendar(tx, pupil.schoolId)
    const year = schoolYearPeriod(calendar, todayIso)
    const until = minIso(year.to, todayIso)
    const marks = await marksOfPupil(tx, pupil.id, year.from, year.to)

    const terms: TermFigures[] = termsOfYear(calendar, year).map((t) => ({
      ...termPeriod(t),
      key: termKey(t),
      started: t.start <= todayIso,
      summary: summariseMarks(within(marks, t.start, t.end)),
    }))
    const started = terms.filter((t) => t.started)
    const chosen =
      started.find((t) => t.key === options.term) ??
      started.find((t) => t.from <= todayIso && todayIso <= t.to) ??
      started.at(-1) ??
      null
    const registerPeriod = chosen
      ? { from: chosen.from, to: minIso(chosen.to, todayIso), label: chosen.label }
      : { from: year.from, to: until, label: year.label }
    const earlier = options.history ? await supersededMarksOf(tx, pupil.id, registerPeriod) : []

    const support = await attendanceSupportOf(tx, pupil, todayIso)
    const episodes = await currentEpisodesOf(tx, [pupil.id])
    const placementChanges = await placementChangesOf(tx, pupil.id)
    await audit(tx, actor, 'attendance.viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
      details: { page: 'pupil', from: year.from, to: until, history: Boolean(options.history) },
    })
    return {
      pupil: {
        id: pupil.id,
        givenName: pupil.givenName,
        familyName: pupil.familyName,
        schoolName: pupil.schoolName,
      },
      today: todayIso,
      lookedAfter: statusOn(episodes, todayIso).cla,
      placementChanges: placementChanges.map((c) => ({ id: c.id, changedOn: c.changedOn, kind: c.kind })),
      hasCalendar: calendar.terms.length > 0,
      year: { ...year, to: until, summary: summariseMarks(within(marks, year.from, until)) },
      terms,
      weeks: weekFigures(marks, year, until),
      register: {
        ...registerPeriod,
        key: chosen?.key ?? null,
        choices: started.map((t) => ({ key: t.key, label: t.label })),
        history: Boolean(options.history),
        days: registerOf(calendar, marks, registerPeriod, earlier),
      },
      ...support,
    }
  })
}

export type PupilAttendancePage = Awaited<ReturnType<typeof pupilAttendancePage>>

/**
 * What the forms for support plans, part-time timetables and placement-move adjustments need (issue 5 items
 * 4 and 5): the pupil, their plans and timetables, whether they are looked after today, their recorded
 * placement changes. An audited read of the pupil's record, for those who manage attendance.
 */
export async function attendanceFormContext(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'attendance:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'attendance:manage')
    const supportPlans = await supportPlansOf(tx, pupil.id)
    const partTimeTimetables = await partTimeTimetablesOf(tx, pupil.id)
    const episodes = await currentEpisodesOf(tx, [pupil.id])
    const placementChanges = await placementChangesOf(tx, pupil.id)
    await audit(tx, actor, 'attendance.support_viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
    })
    return {
      pupil: { id: pupil.id, givenName: pupil.givenName, familyName: pupil.familyName },
      today: todayIso,
      lookedAfter: statusOn(episodes, todayIso).cla,
      supportPlans,
      partTimeTimetables,
      placementChanges: placementChanges.map((c) => ({ id: c.id, changedOn: c.changedOn, kind: c.kind })),
    }
  })
}

export type AttendanceFormContext = Awaited<ReturnType<typeof attendanceFormContext>>
