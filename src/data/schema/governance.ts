import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common.js'
import { schools } from './schools.js'
import { users } from './users.js'

export type DesignatedRole =
  | 'designated_teacher'
  | 'designated_governor'
  | 'dsl'
  | 'deputy_dsl'
  | 'csw_lead'
  | 'senco'
  | 'mental_health_lead'

// Issue 7 item 1 (POL-1, POL-2, DT-1..DT-3): who holds each designated role, from when to when. A person may
// have no Harbour account (a governor, say), so the name is stored; the user id links one when there is.
export const designatedRoleAppointments = pgTable(
  'designated_role_appointment',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    role: text('role').$type<DesignatedRole>().notNull(),
    personName: text('person_name').notNull(),
    email: text('email'),
    userId: uuid('user_id').references(() => users.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    // DT-1..DT-3: the designated teacher's qualifications and standing.
    hasQts: boolean('has_qts'),
    inductionCompleted: boolean('induction_completed'),
    onLeadershipTeam: boolean('on_leadership_team'),
    timeAllocated: text('time_allocated'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('designated_role_school').on(t.schoolId, t.role, t.startDate)],
)

export type TrainingKind = 'atip' | 'designated_teacher' | 'dsl' | 'csw_lead' | 'other'

// Issue 7 item 2 (POL-3..POL-5): courses, their sessions and who attended.
export const trainingCourses = pgTable(
  'training_course',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    title: text('title').notNull(),
    kind: text('kind').$type<TrainingKind>().notNull(),
    provider: text('provider'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('training_course_school').on(t.schoolId)],
)

export const trainingSessions = pgTable(
  'training_session',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    // Hours or days, as the course was given; rules compare in days (issue 7: DT at least 2 days a year).
    duration: numeric('duration', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    durationUnit: text('duration_unit').$type<'hours' | 'days'>().notNull(),
    wholeStaff: boolean('whole_staff').notNull().default(false),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('training_session_school').on(t.schoolId, t.heldOn)],
)

export const trainingAttendances = pgTable(
  'training_attendance',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personName: text('person_name').notNull(),
    userId: uuid('user_id').references(() => users.id),
    appointmentId: uuid('appointment_id').references(() => designatedRoleAppointments.id),
    createdAt: createdAt(),
  },
  (t) => [index('training_attendance_session').on(t.sessionId)],
)

// Issue 7 item 3 (POL-28): the school's policy, one row per version; a ratified version is never edited.
export const schoolPolicies = pgTable(
  'school_policy',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    policyVersion: integer('policy_version').notNull(),
    sections: jsonb('sections').$type<Record<string, string>>().notNull().default({}),
    status: text('status').$type<'draft' | 'ratified' | 'superseded'>().notNull().default('draft'),
    ratifiedOn: date('ratified_on', { mode: 'string' }),
    ratifiedBy: text('ratified_by'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('school_policy_version').on(t.schoolId, t.policyVersion)],
)

// POL-5: staff confirm they have read and understood the ratified policy.
export const policyAcknowledgements = pgTable(
  'policy_acknowledgement',
  {
    id: id(),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => schoolPolicies.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('policy_acknowledgement_unique').on(t.policyId, t.userId)],
)

// Issue 7 item 4: the report to governors for a school year; the numbers are computed live, only the DT's
// narrative and priorities are stored (never about a named child: PD-11).
export const governorsReports = pgTable(
  'governors_report',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    schoolYear: integer('school_year').notNull(),
    status: text('status').$type<'draft' | 'shared' | 'archived'>().notNull().default('draft'),
    narrative: text('narrative'),
    priorities: text('priorities'),
    sharedAt: timestamp('shared_at', { withTimezone: true }),
    sharedBy: uuid('shared_by').references(() => users.id),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('governors_report_year').on(t.schoolId, t.schoolYear)],
)
