import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common.js'
import { pupils } from './pupils.js'
import { schools } from './schools.js'
import { tasks } from './work.js'
import { users } from './users.js'

export type ExclusionCategory = 'SUSP' | 'LNCH' | 'PERM'
export type DatedContact = { date: string; with: string; advice?: string }

// DOMAIN.md PD-8 (the reason code table is versioned data in domain/exclusions: a record keeps the code and
// the table's version), PD-7 (the Virtual School and parent gates, or an override reason), PD-17.
export const suspensions = pgTable(
  'suspension',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    category: text('category').$type<ExclusionCategory>().notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    // Days in halves (EX-2: a lunchtime is half a day); null for a permanent exclusion.
    halfDays: integer('half_days'),
    lunchtime: boolean('lunchtime').notNull().default(false),
    // The school year the start date falls in (the year it starts).
    schoolYear: integer('school_year').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    reasonTableVersion: text('reason_table_version').notNull(),
    details: text('details'),
    vsConsultation: jsonb('vs_consultation').$type<DatedContact>(),
    parentConversation: jsonb('parent_conversation').$type<DatedContact>(),
    overrideReason: text('override_reason'),
    // EX-5: day-6 provision { where, hours, from }.
    day6Provision: jsonb('day6_provision').$type<Record<string, unknown>>(),
    atRiskId: uuid('at_risk_id'),
    status: text('status').$type<'active' | 'cancelled'>().notNull().default('active'),
    cancelledOn: date('cancelled_on', { mode: 'string' }),
    cancellationReason: text('cancellation_reason'),
    // EX-10, EX-11: the governing board's meeting and decision.
    boardMeetingOn: date('board_meeting_on', { mode: 'string' }),
    boardDecision: text('board_decision').$type<'upheld' | 'reinstated' | 'would_have_reinstated'>(),
    boardDecisionNotes: text('board_decision_notes'),
    boardDecisionNotifiedOn: date('board_decision_notified_on', { mode: 'string' }),
    // EX-12: for a permanent exclusion that the board upheld.
    independentReviewDeadline: date('independent_review_deadline', { mode: 'string' }),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('suspension_pupil_year').on(t.pupilId, t.schoolYear),
    index('suspension_school_year').on(t.schoolId, t.schoolYear),
  ],
)

// The obligations of PD-17 (shared/API.md kinds), each also a task for the school.
export const suspensionObligations = pgTable(
  'suspension_obligation',
  {
    id: id(),
    suspensionId: uuid('suspension_id')
      .notNull()
      .references(() => suspensions.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    kind: text('kind').notNull(),
    dueBy: date('due_by', { mode: 'string' }).notNull(),
    taskId: uuid('task_id').references(() => tasks.id),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by').references(() => users.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('suspension_obligation_suspension').on(t.suspensionId)],
)

// The letters and notifications drafted for a suspension (EX-9, EX-19), each sent through the outbox.
export const suspensionNotices = pgTable(
  'suspension_notice',
  {
    id: id(),
    suspensionId: uuid('suspension_id')
      .notNull()
      .references(() => suspensions.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    recipient: text('recipient').notNull(),
    purpose: text('purpose')
      .$type<'suspension' | 'cancellation' | 'day6_provision' | 'board_decision'>()
      .notNull(),
    toAddress: text('to_address'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    outboxId: uuid('outbox_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('suspension_notice_suspension').on(t.suspensionId)],
)

// Issue 6 item 2: a pupil at risk of suspension, with the consultation (CLA) or the conversation with parents
// (PLA), the alternatives tried (POL-20) and the reasonable adjustments for SEND (POL-23).
export const suspensionRisks = pgTable(
  'suspension_risk',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    concern: text('concern').notNull(),
    vsConsultation: jsonb('vs_consultation').$type<DatedContact>(),
    parentConversation: jsonb('parent_conversation').$type<DatedContact>(),
    alternativesTried: jsonb('alternatives_tried').$type<string[]>().notNull().default([]),
    otherAlternatives: text('other_alternatives'),
    sendAdjustments: text('send_adjustments'),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    closedOn: date('closed_on', { mode: 'string' }),
    closedNote: text('closed_note'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('suspension_risk_pupil').on(t.pupilId)],
)

// POL-22: a trauma-informed risk assessment after repeated suspensions.
export const behaviourRiskAssessments = pgTable(
  'behaviour_risk_assessment',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    suspensionId: uuid('suspension_id').references(() => suspensions.id),
    completedOn: date('completed_on', { mode: 'string' }).notNull(),
    // The template's sections: what happens before, triggers, what helps, what the child says, …
    content: jsonb('content').$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb('actions').$type<Array<Record<string, unknown>>>().notNull().default([]),
    sharedWith: jsonb('shared_with').$type<string[]>().notNull().default([]),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('behaviour_risk_assessment_pupil').on(t.pupilId)],
)

// EX-15: off-site direction to improve behaviour, with its notice and reviews.
export const offSiteDirections = pgTable(
  'off_site_direction',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    provider: text('provider').notNull(),
    address: text('address').notNull(),
    contact: text('contact').notNull(),
    daysAndTimes: text('days_and_times').notNull(),
    reasons: text('reasons').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    noticeToParentOn: date('notice_to_parent_on', { mode: 'string' }),
    noticeToLaOn: date('notice_to_la_on', { mode: 'string' }),
    reviewIntervalWeeks: integer('review_interval_weeks'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    reviews: jsonb('reviews').$type<Array<Record<string, unknown>>>().notNull().default([]),
    status: text('status').$type<'planned' | 'active' | 'ended'>().notNull().default('planned'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('off_site_direction_pupil').on(t.pupilId)],
)

// EX-14: a managed move is voluntary and permanent, agreed by the parents, both schools and the admission
// authority. No trial periods.
export const managedMoves = pgTable(
  'managed_move',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    receivingSchool: text('receiving_school').notNull(),
    reason: text('reason').notNull(),
    interventionsTried: text('interventions_tried'),
    parentsAgreedOn: date('parents_agreed_on', { mode: 'string' }),
    receivingSchoolAgreedOn: date('receiving_school_agreed_on', { mode: 'string' }),
    admissionAuthorityAgreedOn: date('admission_authority_agreed_on', { mode: 'string' }),
    informationSharedOn: date('information_shared_on', { mode: 'string' }),
    moveDate: date('move_date', { mode: 'string' }),
    status: text('status')
      .$type<'proposed' | 'agreed' | 'completed' | 'withdrawn'>()
      .notNull()
      .default('proposed'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('managed_move_pupil').on(t.pupilId)],
)
