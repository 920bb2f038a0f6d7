import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common.js'
import { pupils } from './pupils.js'
import { schools } from './schools.js'
import { users } from './users.js'

export type PepKind = 'pep' | 'pla_support_plan'
export type PepPhase = 'early_years' | 'school_age' | 'post_16'
export type PepStatus = 'draft' | 'submitted' | 'returned' | 'approved'
export type TargetOutcome = 'met' | 'partly_met' | 'not_met'

// Per Virtual School (keyed by the responsible LA's code, which may be missing from local_authority: PD-14):
// PEP cadence and change-review clock (PD-1), short breaks (PD-4) and the quality rubric.
export const virtualSchoolSettings = pgTable('virtual_school_setting', {
  laCode: text('la_code').primaryKey(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  version: version(),
  updatedAt: updatedAt(),
})

// One row per PEP meeting (or PLA support plan). An approved PEP is never edited: the next meeting is a new row
// that names the one it follows, and carries its targets forward for review.
export const peps = pgTable(
  'pep',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind').$type<PepKind>().notNull().default('pep'),
    phase: text('phase').$type<PepPhase>().notNull().default('school_age'),
    meetingDate: date('meeting_date', { mode: 'string' }).notNull(),
    nextMeetingDate: date('next_meeting_date', { mode: 'string' }),
    status: text('status').$type<PepStatus>().notNull().default('draft'),
    // The LA that looked after the child on the meeting date: its Virtual School approves (PEP-12).
    responsibleLaCode: text('responsible_la_code'),
    // PLA support plan: Virtual School approval only with the parents' consent (issue 4 item 4, PD-12).
    parentsConsentToVs: boolean('parents_consent_to_vs').notNull().default(false),
    followsPepId: uuid('follows_pep_id'),
    // The sections of the form (PEP-10, PEP-11, PEP-12): child's voice, attendees, attainment, SEN, wellbeing, …
    content: jsonb('content').$type<Record<string, unknown>>().notNull().default({}),
    // Pre-filled from Harbour's own records at the meeting date and frozen with the PEP.
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull().default({}),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => users.id),
    qualityRating: text('quality_rating'),
    qualityNotes: text('quality_notes'),
    returnFeedback: text('return_feedback'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('pep_pupil_meeting').on(t.pupilId, t.meetingDate),
    index('pep_school_status').on(t.schoolId, t.status),
    index('pep_la_status').on(t.responsibleLaCode, t.status),
  ],
)

// SMART targets (PEP-12): what, success criteria, who, by when, and the PP+ asked for.
export const pepTargets = pgTable(
  'pep_target',
  {
    id: id(),
    pepId: uuid('pep_id')
      .notNull()
      .references(() => peps.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    position: integer('position').notNull().default(0),
    area: text('area'),
    description: text('description').notNull(),
    successCriteria: text('success_criteria').notNull(),
    owner: text('owner').notNull(),
    dueBy: date('due_by', { mode: 'string' }).notNull(),
    ppPlusRequestedPence: integer('pp_plus_requested_pence').notNull().default(0),
    carriedFromTargetId: uuid('carried_from_target_id'),
    createdAt: createdAt(),
  },
  (t) => [index('pep_target_pep').on(t.pepId, t.position), index('pep_target_pupil').on(t.pupilId)],
)

// The review, at a later PEP, of a target set at an earlier one (met / partly / not met, with evidence).
export const pepTargetReviews = pgTable(
  'pep_target_review',
  {
    id: id(),
    pepId: uuid('pep_id')
      .notNull()
      .references(() => peps.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => pepTargets.id),
    outcome: text('outcome').$type<TargetOutcome>().notNull(),
    evidence: text('evidence').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('pep_target_review_once').on(t.pepId, t.targetId)],
)

// The workflow's history, shown on the PEP (each step is also an audit event).
export const pepEvents = pgTable(
  'pep_event',
  {
    id: id(),
    pepId: uuid('pep_id')
      .notNull()
      .references(() => peps.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    action: text('action').$type<'created' | 'submitted' | 'returned' | 'approved'>().notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    feedback: text('feedback'),
    rating: text('rating'),
    at: createdAt(),
  },
  (t) => [index('pep_event_pep').on(t.pepId, t.at)],
)

// An earlier statutory review date recorded by the social worker or IRO (PD-1: it governs).
export const pepReviewDates = pgTable(
  'pep_review_date',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    dueBy: date('due_by', { mode: 'string' }).notNull(),
    requestedBy: text('requested_by').$type<'social_worker' | 'iro'>().notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('pep_review_date_pupil')
      .on(t.pupilId)
      .where(sql`cancelled_at is null`),
  ],
)
