import { date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, version } from './common.js'
import { pepTargets, peps } from './peps.js'
import { pupils } from './pupils.js'
import { schools } from './schools.js'
import { users } from './users.js'

export type FundingSource = 'pp_plus_cla' | 'pp_plus_pla' | 'pupil_premium'

// DOMAIN.md PD-9: PP+ rate per financial year (the year it starts); a missing year is "rate not set".
export const ppPlusRates = pgTable('pp_plus_rate', {
  financialYear: integer('financial_year').primaryKey(),
  pence: integer('pence').notNull(),
  source: text('source').notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id),
  createdAt: createdAt(),
})

// Money set aside for one pupil for one financial year: held by the Virtual School for a CLA, by the school for a
// PLA, or the school's pupil premium used for a child with a social worker.
export const fundingAllocations = pgTable(
  'funding_allocation',
  {
    id: id(),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    source: text('source').$type<FundingSource>().notNull(),
    financialYear: integer('financial_year').notNull(),
    laCode: text('la_code'),
    amountPence: integer('amount_pence').notNull(),
    note: text('note'),
    overrideReason: text('override_reason'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [
    index('funding_allocation_pupil').on(t.pupilId, t.financialYear),
    index('funding_allocation_school').on(t.schoolId, t.financialYear),
  ],
)

// CLA PP+ released by the Virtual School to the school against an approved PEP's target (PD-9, POL-25).
export const fundingReleases = pgTable(
  'funding_release',
  {
    id: id(),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => fundingAllocations.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    pepId: uuid('pep_id')
      .notNull()
      .references(() => peps.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => pepTargets.id),
    releasedOn: date('released_on', { mode: 'string' }).notNull(),
    amountPence: integer('amount_pence').notNull(),
    overrideReason: text('override_reason'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('funding_release_pupil').on(t.pupilId),
    index('funding_release_allocation').on(t.allocationId),
  ],
)

// What the money was spent on, the target it serves and its impact (PD-9).
export const fundingSpends = pgTable(
  'funding_spend',
  {
    id: id(),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => fundingAllocations.id),
    pupilId: uuid('pupil_id')
      .notNull()
      .references(() => pupils.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => pepTargets.id),
    spentOn: date('spent_on', { mode: 'string' }).notNull(),
    amountPence: integer('amount_pence').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    impact: text('impact'),
    overrideReason: text('override_reason'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [
    index('funding_spend_pupil').on(t.pupilId, t.spentOn),
    index('funding_spend_school').on(t.schoolId, t.spentOn),
  ],
)
