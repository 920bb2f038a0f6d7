import { schools } from './schools.js'
import { pupils } from './pupils.js'
import { users } from './users.js'
import {
  bigserial,
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
import { sql } from 'drizzle-orm'
import { createdAt, id } from './common.js'

// One table of dated tasks that every rule writes into.
export const tasks = pgTable(
  'task',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    pupilId: uuid('pupil_id').references(() => pupils.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    assigneeRole: text('assignee_role'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    // Idempotency key so a rule that runs twice creates one task.
    sourceKey: text('source_key'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by'),
    doneNote: text('done_note'),
  },
  (t) => [
    uniqueIndex('task_source_key').on(t.sourceKey),
    index('task_open_user')
      .on(t.assigneeUserId, t.dueOn)
      .where(sql`done_at is null`),
    index('task_open_school')
      .on(t.schoolId, t.dueOn)
      .where(sql`done_at is null`),
    index('task_pupil').on(t.pupilId),
  ],
)

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    schoolId: uuid('school_id'),
    pupilId: uuid('pupil_id'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
)

// Append-only, hash-chained (DESIGN.md "Access control and audit").
export const auditEvents = pgTable(
  'audit_event',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    schoolId: uuid('school_id'),
    pupilId: uuid('pupil_id'),
    entity: text('entity'),
    entityId: text('entity_id'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_pupil').on(t.pupilId, t.at), index('audit_at').on(t.at)],
)
