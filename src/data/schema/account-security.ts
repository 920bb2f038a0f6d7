import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './common.js'
import { users } from './users.js'

// Issue 3, item 2: an administrator's single-use link to set a new password. Only the SHA-256 hash of
// the link's secret is stored, so the table does not hold a working link.
export const passwordResets = pgTable(
  'password_reset',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    // The administrator who made the link (no foreign key: the CLI acts as the system user).
    createdBy: uuid('created_by').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('password_reset_user').on(t.userId)],
)

// Failed sign-ins for email addresses that have no account, counted like an account's own
// (app_user.failed_sign_ins), so that the lockout message does not tell which addresses exist.
// Keyed by the SHA-256 of the normalised address: the table is no list of addresses people tried.
export const signInThrottles = pgTable('sign_in_throttle', {
  emailHash: text('email_hash').primaryKey(),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})
