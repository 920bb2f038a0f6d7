import { schools } from './schools.js'
import { users } from './users.js'
import { sql } from 'drizzle-orm'
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common.js'

export const pupils = pgTable(
  'pupil',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    upn: text('upn').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    preferredName: text('preferred_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    yearGroup: integer('year_group'),
    senProvision: text('sen_provision').$type<'N' | 'K' | 'E'>().notNull().default('N'),
    enrolledOn: date('enrolled_on', { mode: 'string' }),
    leftOn: date('left_on', { mode: 'string' }),
    // Where the pupil went on leaving (GOV: destinations of leavers in the report to governors).
    leavingDestination: text('leaving_destination'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // DOMAIN.md PD-14: a UPN already on roll at the same school is refused.
    uniqueIndex('pupil_upn_on_roll')
      .on(t.schoolId, t.upn)
      .where(sql`left_on is null`),
    index('pupil_school_name').on(t.schoolId, t.familyName, t.givenName),
  ],
)

// Status history (DOMAIN.md DEF-13): never overwritten. A correction is a new row that
// supersedes the old one; a withdrawal is a correction with withdrawn = true.
export const statusEpisodes = pgTable(
  'status_episode',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    type: text('type').$type<'CLA' | 'PLA' | 'CIN' | 'CP' | 'KINSHIP'>().notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    legalStatus: text('legal_status'),
    responsibleLaCode: text('responsible_la_code'),
    route: text('route'),
    arrangement: text('arrangement'),
    cinCategory: text('cin_category'),
    cpCategory: text('cp_category'),
    evidence: jsonb('evidence').$type<{ document?: string; seenOn?: string; seenBy?: string } | null>(),
    note: text('note'),
    supersedesId: uuid('supersedes_id'),
    supersededById: uuid('superseded_by_id'),
    withdrawn: text('withdrawn_reason'),
    correctionReason: text('correction_reason'),
    recordedBy: uuid('recorded_by'),
    recordedAt: createdAt(),
  },
  (t) => [
    index('status_episode_pupil')
      .on(t.pupilId)
      .where(sql`superseded_by_id is null`),
    index('status_episode_school_type')
      .on(t.schoolId, t.type)
      .where(sql`superseded_by_id is null`),
    index('status_episode_la')
      .on(t.responsibleLaCode)
      .where(sql`superseded_by_id is null and type = 'CLA'`),
  ],
)

// Placement and school moves during a CLA episode (later: PEP-7 review after a change).
export const placementChanges = pgTable(
  'placement_change',
  {
    id: id(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => statusEpisodes.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    kind: text('kind').$type<'placement' | 'school'>().notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    recordedAt: createdAt(),
  },
  (t) => [index('placement_change_pupil').on(t.pupilId, t.changedOn)],
)

export const CONTACT_ROLES = [
  'social_worker',
  'team_manager',
  'iro',
  'vs_adviser',
  'carer',
  'parent_guardian',
] as const
export type ContactRole = (typeof CONTACT_ROLES)[number]

export const contacts = pgTable(
  'contact',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    role: text('role').$type<ContactRole>().notNull(),
    name: text('name').notNull(),
    organisation: text('organisation'),
    email: text('email'),
    phone: text('phone'),
    fromDate: date('from_date', { mode: 'string' }),
    toDate: date('to_date', { mode: 'string' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('contact_pupil').on(t.pupilId)],
)

export const STAFF_ROLES = ['key_adult', 'mentor', 'teacher'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const pupilStaff = pgTable(
  'pupil_staff',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<StaffRole>().notNull(),
    fromDate: date('from_date', { mode: 'string' }),
    toDate: date('to_date', { mode: 'string' }),
    createdAt: createdAt(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('pupil_staff_user')
      .on(t.userId)
      .where(sql`ended_at is null`),
    index('pupil_staff_pupil').on(t.pupilId),
  ],
)
