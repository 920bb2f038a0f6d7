import { sql } from 'drizzle-orm'
import type { Actor } from '../domain/access/scope.js'
import { addDays, type IsoDate } from '../domain/calendar/dates.js'
import { isSchoolDay, type SchoolCalendar } from '../domain/calendar/school-calendar.js'
import type { Executor } from '../data/db.js'
import { attendanceImports } from '../data/schema/index.js'
import { raiseAttendanceAlerts, type AttendanceAlertCounts } from '../services/attendance-alerts.js'
import type { ServiceContext } from '../services/context.js'
import { today as todayOf } from '../services/context.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'

export type TestMark = { pupilId: string; date: IsoDate; session: 'AM' | 'PM'; code: string }

/**
 * Writes marks straight into the register, as if before alerts existed: no import, task or email. They go
 * through the view `attendance_mark`, whose trigger puts each in its week (migration 0012).
 */
export async function insertMarks(
  db: Executor,
  marks: ReadonlyArray<TestMark & { importId?: string | null }>,
): Promise<void> {
  if (marks.length === 0) return
  const column = (values: Array<string | null>, type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`
  await db.execute(sql`
    insert into attendance_mark (pupil_id, date, session, code, import_id)
    select * from unnest(${column(
      marks.map((m) => m.pupilId),
      'uuid',
    )}, ${column(
      marks.map((m) => m.date),
      'date',
    )},
                         ${column(
                           marks.map((m) => m.session),
                           'text',
                         )}, ${column(
                           marks.map((m) => m.code),
                           'text',
                         )},
                         ${column(
                           marks.map((m) => m.importId ?? null),
                           'uuid',
                         )})`)
}

/**
 * A small stand-in for the attendance import's merge (issue 5 item 2), so alert tests need no CSV: in one
 * transaction it records an import, leaves `attendance_changed` as the import does (every mark added or
 * changed, with its old code), keeps superseded marks in history, writes the marks, then raises the alerts.
 */
export async function recordMarks(
  ctx: ServiceContext,
  schoolId: string,
  given: readonly TestMark[],
  options: { actor?: Actor; today?: IsoDate } = {},
): Promise<AttendanceAlertCounts> {
  const actor = options.actor ?? SYSTEM_ACTOR
  // As in a file, a later row for the same session wins.
  const marks = [...new Map(given.map((m) => [`${m.pupilId} ${m.date} ${m.session}`, m])).values()]
  return ctx.db.transaction(async (tx) => {
    const [imported] = await tx
      .insert(attendanceImports)
      .values({ schoolId, source: 'api', imported: marks.length })
      .returning({ id: attendanceImports.id })
    const importId = imported!.id
    await tx.execute(sql`create temp table attendance_changed (pupil_id uuid, date date, session text,
      old_code text, new_code text) on commit drop`)
    const column = (f: (m: TestMark) => string, type: string) =>
      sql`${sql.param(marks.map(f))}::${sql.raw(type)}[]`
    await tx.execute(sql`
      insert into attendance_changed (pupil_id, date, session, old_code, new_code)
      select v.pupil_id, v.date, v.session, m.code, v.code
        from unnest(${column((m) => m.pupilId, 'uuid')}, ${column((m) => m.date, 'date')},
                    ${column((m) => m.session, 'text')}, ${column((m) => m.code, 'text')})
             as v(pupil_id, date, session, code)
        left join attendance_mark m on m.pupil_id = v.pupil_id and m.date = v.date and m.session = v.session
       where m.code is distinct from v.code`)
    await tx.execute(sql`
      insert into attendance_mark_history (pupil_id, date, session, code, import_id, recorded_by, recorded_at,
                                           superseded_by_import_id)
      select m.pupil_id, m.date, m.session, m.code, m.import_id, m.recorded_by, m.recorded_at, ${importId}::uuid
        from attendance_mark m
        join attendance_changed c on c.pupil_id = m.pupil_id and c.date = m.date and c.session = m.session`)
    await tx.execute(sql`
      insert into attendance_mark (pupil_id, date, session, code, import_id)
      select pupil_id, date, session, new_code, ${importId}::uuid from attendance_changed`)
    return raiseAttendanceAlerts(tx, {
      schoolId,
      importId,
      today: options.today ?? todayOf(ctx),
      actor,
    })
  })
}

/** Marks with `code` for both sessions of every school day from `from` to `to`. */
export function marksOnSchoolDays(
  calendar: SchoolCalendar,
  pupilId: string,
  from: IsoDate,
  to: IsoDate,
  code = '/',
): TestMark[] {
  const marks: TestMark[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!isSchoolDay(calendar, d)) continue
    marks.push({ pupilId, date: d, session: 'AM', code }, { pupilId, date: d, session: 'PM', code })
  }
  return marks
}

/** A school year 2026 to 2027 with a half-term week in each term, as a school enters it. */
export const CALENDAR_2026_27 = {
  terms: [
    { name: 'autumn' as const, start: '2026-09-01', end: '2026-12-18' },
    { name: 'spring' as const, start: '2027-01-04', end: '2027-03-26' },
    { name: 'summer' as const, start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: [
    '2026-10-26',
    '2026-10-27',
    '2026-10-28',
    '2026-10-29',
    '2026-10-30',
    '2027-02-15',
    '2027-02-16',
    '2027-02-17',
    '2027-02-18',
    '2027-02-19',
    '2027-05-31',
    '2027-06-01',
    '2027-06-02',
    '2027-06-03',
    '2027-06-04',
  ],
}
