import { sql } from 'drizzle-orm'
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id } from './common.js'
import { users } from './users.js'

// DESIGN.md "Access control", layer 3: an explicit grant to read a section (child protection details)
// to someone whose role does not. Never deleted: revoking sets revoked_at, so who could see what, and
// when, stays answerable.
export const sectionGrants = pgTable(
  'section_grant',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    section: text('section').notNull(),
    // No foreign key: the command line grants as Harbour itself, which is not a user.
    grantedBy: uuid('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedBy: uuid('revoked_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    // At most one live grant per user and section.
    uniqueIndex('section_grant_live')
      .on(t.userId, t.section)
      .where(sql`revoked_at is null`),
    index('section_grant_user').on(t.userId),
  ],
)
