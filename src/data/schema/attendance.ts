import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { createdAt, id, updatedAt, version } from './common.js'
import { pupils } from './pupils.js'
import { schools } from './schools.js'
import { users } from './users.js'

export type AttendanceSession = 'AM' | 'PM'
export type AttendanceImportSource = 'api' | 'cli' | 'web'

// One row per successful import (a failed one keeps nothing: issue 5 item 2), for the history of a mark.
export const attendanceImports = pgTable(
  'attendance_import',
  {
    id: id(),
    // The compact reference `attendance_week.imports` holds for each mark.
    number: integer('number').generatedAlwaysAsIdentity(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    source: text('source').$type<AttendanceImportSource>().notNull(),
    fileName: text('file_name'),
    sha256: text('sha256'),
    // PD-16: data rows accepted, repeats included.
    imported: integer('imported').notNull(),
    added: integer('added').notNull().default(0),
    superseded: integer('superseded').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('attendance_import_school').on(t.schoolId, t.createdAt),
    uniqueIndex('attendance_import_number').on(t.number),
  ],
)

/**
 * The register as stored: one row per pupil and week (Monday), so that a whole school's year and a half (a
 * million marks) is about 100,000 rows and an import runs at the engine's speed (issue 5 item 2).
 * `codes` holds the week's 14 sessions, two characters each (a code, padded with a space), Monday AM first;
 * two spaces is a session with no mark. `imports[i]` is the `attendance_import.number` that recorded the
 * mark of session i (null for one recorded otherwise). No foreign key to `pupil`: the import checks every
 * UPN against the school's roll, and erasure deletes a pupil's weeks (pupil-erasure.repository.ts).
 * Read it through the view `attendance_mark`, one row per mark.
 */
export const attendanceWeeks = pgTable(
  'attendance_week',
  {
    pupilId: uuid('pupil_id').notNull(),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    codes: text('codes').notNull(),
    imports: integer('imports').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.pupilId, t.weekStart] })],
)

/**
 * One row per current mark, from `attendance_week` (the view, with an INSTEAD OF INSERT trigger, is made in
 * migration 0012). `recordedBy` and `recordedAt` are the import's that recorded the mark.
 */
export const attendanceMarks = pgView('attendance_mark', {
  pupilId: uuid('pupil_id').notNull(),
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  session: text('session').$type<AttendanceSession>().notNull(),
  code: text('code').notNull(),
  importId: uuid('import_id'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }),
}).existing()

// DOMAIN.md ATT-4, PD-6: registers are never deleted; a mark that a later one replaced is kept here.
export const attendanceMarkHistory = pgTable(
  'attendance_mark_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    date: date('date', { mode: 'string' }).notNull(),
    session: text('session').$type<AttendanceSession>().notNull(),
    code: text('code').notNull(),
    importId: uuid('import_id'),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    supersededAt: timestamp('superseded_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    supersededByImportId: uuid('superseded_by_import_id'),
    reason: text('reason'),
  },
  (t) => [index('attendance_mark_history_pupil').on(t.pupilId, t.date)],
)

// Issue 5 item 4: an attendance support plan. Its review date is also a task.
export const attendanceSupportPlans = pgTable(
  'attendance_support_plan',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    concern: text('concern').notNull(),
    // [{ action, who, by }]
    actions: jsonb('actions').$type<Array<Record<string, unknown>>>().notNull().default([]),
    peopleInvolved: jsonb('people_involved').$type<string[]>().notNull().default([]),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    outcome: text('outcome'),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    closedOn: date('closed_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('attendance_support_plan_pupil').on(t.pupilId)],
)

// DOMAIN.md ATT-16: a part-time timetable (code C2) is exceptional and time-limited, agreed with the parents and,
// for a child looked after, with the Virtual School and the social worker.
export const partTimeTimetables = pgTable(
  'part_time_timetable',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    reason: text('reason').notNull(),
    arrangement: text('arrangement').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    agreedWithParentsOn: date('agreed_with_parents_on', { mode: 'string' }),
    agreedWithVirtualSchoolOn: date('agreed_with_virtual_school_on', { mode: 'string' }),
    virtualSchoolContact: text('virtual_school_contact'),
    agreedWithSocialWorkerOn: date('agreed_with_social_worker_on', { mode: 'string' }),
    status: text('status').$type<'active' | 'ended'>().notNull().default('active'),
    endedOn: date('ended_on', { mode: 'string' }),
    outcome: text('outcome'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('part_time_timetable_pupil').on(t.pupilId)],
)

// DOMAIN.md POL-17: absences due to a care placement move do not count against the school's recognition of
// full attendance. The statutory figures are unchanged.
export const attendanceAdjustments = pgTable(
  'attendance_adjustment',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    reason: text('reason').$type<'placement_move'>().notNull().default('placement_move'),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    note: text('note'),
    placementChangeId: uuid('placement_change_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('attendance_adjustment_pupil').on(t.pupilId, t.fromDate)],
)
