import { schools } from './schools.js'
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common.js'

export const users = pgTable('app_user', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  schoolId: uuid('school_id').references(() => schools.id),
  laCode: text('la_code'),
  passwordHash: text('password_hash'),
  active: boolean('active').notNull().default(true),
  // Slots for the security issue: TOTP secret, last used time-step, failed sign-ins.
  totpSecret: text('totp_secret'),
  totpLastStep: integer('totp_last_step'),
  // Set when the first code was confirmed: two-factor sign-in is on from then.
  twoFactorEnabledAt: timestamp('two_factor_enabled_at', { withTimezone: true }),
  // Wrong second-step codes in a row, and the time until which codes are refused after too many.
  twoFactorFailures: integer('two_factor_failures').notNull().default(0),
  twoFactorLockedUntil: timestamp('two_factor_locked_until', { withTimezone: true }),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const sessions = pgTable(
  'session',
  {
    id: text('id').primaryKey(), // sha-256 of the cookie's session id
    userId: uuid('user_id').references(() => users.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('session_user').on(t.userId)],
)

export const apiTokens = pgTable('api_token', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  label: text('label'),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})

// Installation-wide settings and secrets (the session signing key, the demo flag).
export const appSettings = pgTable('app_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
