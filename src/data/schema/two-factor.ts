import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './common.js'
import { users } from './users.js'

// Issue 3, item 1: single-use recovery codes for two-factor sign-in, stored only as hashes.
export const recoveryCodes = pgTable(
  'recovery_code',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  // Also serves "the codes of this user": user_id leads.
  (t) => [uniqueIndex('recovery_code_user_hash').on(t.userId, t.codeHash)],
)
