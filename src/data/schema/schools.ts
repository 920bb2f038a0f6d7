import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common.js'

// DOMAIN.md POL-32: Virtual School contacts per LA, edited by an administrator.
export const localAuthorities = pgTable('local_authority', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  virtualSchoolName: text('virtual_school_name'),
  virtualSchoolEmail: text('virtual_school_email'),
  virtualSchoolPhone: text('virtual_school_phone'),
  virtualSchoolWebsite: text('virtual_school_website'),
  version: version(),
  updatedAt: updatedAt(),
})

export const schools = pgTable('school', {
  id: id(),
  urn: text('urn').notNull().unique(),
  laestab: text('laestab').notNull().unique(),
  name: text('name').notNull(),
  laCode: text('la_code').notNull(),
  phase: text('phase'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  // CAL-2: every change to terms or closures makes a new calendar version.
  calendarVersion: integer('calendar_version').notNull().default(0),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const schoolTerms = pgTable(
  'school_term',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    schoolYear: integer('school_year').notNull(),
    name: text('name').$type<'autumn' | 'spring' | 'summer'>().notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('school_term_unique').on(t.schoolId, t.schoolYear, t.name),
    index('school_term_school').on(t.schoolId, t.startDate),
  ],
)

export const schoolClosures = pgTable(
  'school_closure',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    date: date('date', { mode: 'string' }).notNull(),
    reason: text('reason'),
  },
  (t) => [uniqueIndex('school_closure_unique').on(t.schoolId, t.date)],
)

// DOMAIN.md CAL-1: England and Wales bank holidays, a dated table loaded by an administrator.
export const bankHolidays = pgTable('bank_holiday', {
  date: date('date', { mode: 'string' }).primaryKey(),
  title: text('title').notNull(),
  division: text('division').notNull().default('england-and-wales'),
})

// Dated code tables (DESIGN.md "Data conventions"), seeded by migration.
export const claLegalStatuses = pgTable('cla_legal_status', {
  code: text('code').primaryKey(),
  description: text('description').notNull(),
  shortBreak: boolean('short_break').notNull().default(false),
  validFrom: date('valid_from', { mode: 'string' })
    .notNull()
    .default(sql`'2000-01-01'`),
  validTo: date('valid_to', { mode: 'string' }),
})
