/** The JSON shapes of the PP+ API (shared/API.md conventions: amounts in pence, dates YYYY-MM-DD). */
import { SPEND_CATEGORIES } from '../../domain/funding/categories.js'
import { FUNDING_SOURCES } from '../../domain/funding/sources.js'
import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import type { AccountView } from '../../services/funding-ledger.service.js'
import type { RateView } from '../../services/funding-rates.service.js'
import { MAX_AMOUNT_PENCE } from '../../services/funding-rows.js'
import { idParam, isoDate, z } from './openapi.js'

export const TAG = 'Pupil premium plus'

const pence = (description: string) =>
  z
    .number()
    .int()
    .openapi({ description: `${description}, in pence`, example: 263000 })
const amountPence = () =>
  z
    .number()
    .int()
    .max(MAX_AMOUNT_PENCE)
    .openapi({ description: 'In whole pence, more than 0', example: 45000 })
const Source = z.enum(FUNDING_SOURCES).openapi({
  description:
    '`pp_plus_cla`: PP+ for a looked-after child, held by the Virtual School; `pp_plus_pla`: PP+ for a previously ' +
    'looked-after child, held by the school; `pupil_premium`: the school’s pupil premium for a child with a social ' +
    'worker (DOMAIN.md PP-5, PP-6, PD-9)',
})
const Category = z.enum(SPEND_CATEGORIES)
const financialYear = () =>
  z
    .number()
    .int()
    .openapi({ description: 'The year the financial year starts in: 2026 is 2026-27', example: 2026 })
const overrideReason = () =>
  z.string().max(TEXT_LIMITS.reason).optional().openapi({
    description:
      'Only to go beyond the money allocated or released, after a 422 saying so: why it is allowed. It is audited.',
  })

export const FinancialYearQuery = z.object({
  financialYear: z
    .string()
    .regex(/^\d{4}$/, { error: 'Enter the year the financial year starts in, like 2026' })
    .transform(Number)
    .optional()
    .openapi({
      description: 'The year the financial year starts in; the current one by default',
      example: '2026',
    }),
})

export const RateSchema = z
  .object({
    financialYear: financialYear(),
    label: z.string().openapi({ example: '2026-27' }),
    set: z.boolean(),
    pence: z.number().int().nullable().openapi({ description: 'The rate per pupil, or null when not set' }),
    source: z.string().nullable(),
    text: z.string().openapi({ description: '"£2,630", or "rate not set"', example: 'rate not set' }),
  })
  .openapi('PpPlusRate', {
    description: 'The PP+ rate for a financial year (DOMAIN.md PD-9): never guessed when not set.',
  })

export const toRate = (r: RateView) => ({
  financialYear: r.financialYear,
  label: r.label,
  set: r.rate.kind === 'set',
  pence: r.rate.kind === 'set' ? r.rate.pence : null,
  source: r.rate.kind === 'set' ? r.rate.source : null,
  text: r.text,
})

const MoneySchema = {
  allocatedPence: pence('Allocated'),
  releasedPence: pence('Held by the school: released by the Virtual School, or allocated to the school'),
  spentPence: pence('Spent'),
  availablePence: pence('Held by the school and not yet spent; below 0 only after an overridden overspend'),
}

const AccountSchema = z
  .object({
    source: Source,
    label: z.string(),
    holder: z.enum(['virtual_school', 'school']),
    ...MoneySchema,
    unreleasedPence: pence('Still held by the Virtual School'),
    byTarget: z.array(
      z.object({
        targetId: z.string(),
        pepId: z.string().nullable(),
        description: z.string(),
        requestedPence: pence('Asked for in the PEP'),
        releasedPence: pence('Released against it'),
        spentPence: pence('Spent against it'),
      }),
    ),
    byCategory: z.array(z.object({ category: Category, label: z.string(), spentPence: pence('Spent') })),
    allocations: z.array(
      z.object({
        id: z.string(),
        date: isoDate(),
        amountPence: pence('Allocated'),
        note: z.string().nullable(),
      }),
    ),
    releases: z.array(
      z.object({
        id: z.string(),
        releasedOn: isoDate(),
        amountPence: pence('Released'),
        targetId: z.string(),
        overrideReason: z.string().nullable(),
      }),
    ),
    spends: z.array(
      z.object({
        id: z.string(),
        spentOn: isoDate(),
        amountPence: pence('Spent'),
        description: z.string(),
        category: Category,
        targetId: z.string(),
        impact: z.string().nullable(),
        overrideReason: z.string().nullable(),
        version: z.number().int(),
      }),
    ),
  })
  .openapi('FundingAccount', { description: 'One source of money for the pupil and year.' })

export const PupilFundingSchema = z
  .object({
    pupilId: z.string(),
    financialYear: financialYear(),
    label: z.string().openapi({ example: '2026-27' }),
    rate: RateSchema,
    totals: z.object(MoneySchema),
    accounts: z.array(AccountSchema),
  })
  .openapi('PupilFunding', {
    description:
      'A pupil’s PP+ and pupil premium for one financial year, by source: allocated, released, spent and available, ' +
      'by PEP target and by category, with the rows (DOMAIN.md PD-9, POL-25).',
  })

export const toAccount = (a: AccountView) => ({
  source: a.source,
  label: a.label,
  holder: a.holder,
  allocatedPence: a.allocated,
  releasedPence: a.released,
  spentPence: a.spent,
  availablePence: a.available,
  unreleasedPence: a.unreleased,
  byTarget: a.byTarget.map((t) => ({
    targetId: t.targetId,
    pepId: t.pepId,
    description: t.description,
    requestedPence: t.requested,
    releasedPence: t.released,
    spentPence: t.spent,
  })),
  byCategory: a.byCategory.map((c) => ({ category: c.category, label: c.label, spentPence: c.spent })),
  allocations: a.allocations,
  releases: a.releases.map((r) => ({
    id: r.id,
    releasedOn: r.releasedOn,
    amountPence: r.amountPence,
    targetId: r.targetId,
    overrideReason: r.overrideReason,
  })),
  spends: a.spends.map((s) => ({
    id: s.id,
    spentOn: s.spentOn,
    amountPence: s.amountPence,
    description: s.description,
    category: s.category,
    targetId: s.targetId,
    impact: s.impact,
    overrideReason: s.overrideReason,
    version: s.version,
  })),
})

export const NewAllocationSchema = z
  .object({
    financialYear: financialYear(),
    source: Source.optional().openapi({
      description: 'By default the money this pupil can get that the caller’s side holds',
    }),
    amountPence: amountPence(),
    note: z.string().max(TEXT_LIMITS.note).nullish(),
  })
  .openapi('NewFundingAllocation', {
    description:
      'An allocation for the pupil and year: CLA PP+ by the Virtual School that looks after the child (the school is ' +
      '403); PLA PP+ and pupil premium by the school (DOMAIN.md PP-5, PD-9).',
  })

export const AllocationSchema = z
  .object({
    id: z.string(),
    financialYear: financialYear(),
    source: Source,
    amountPence: pence('Allocated'),
    laCode: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('FundingAllocation')

export const NewReleaseSchema = z
  .object({
    targetId: z.string().uuid().openapi({ description: 'A target of an approved PEP of the pupil' }),
    pepId: z.string().uuid().optional().openapi({ description: 'By default the PEP the target belongs to' }),
    releasedOn: isoDate().optional().openapi({ description: 'By default today' }),
    financialYear: financialYear().optional().openapi({ description: 'By default the year of `releasedOn`' }),
    amountPence: amountPence(),
    overrideReason: overrideReason(),
  })
  .openapi('NewFundingRelease', {
    description:
      'The Virtual School releases CLA PP+ to the school against a target of an approved PEP, within the allocation ' +
      'unless `overrideReason` says why not (DOMAIN.md PEP-12, POL-25).',
  })

export const ReleaseSchema = z
  .object({
    id: z.string(),
    financialYear: financialYear(),
    pepId: z.string(),
    targetId: z.string(),
    releasedOn: isoDate(),
    amountPence: pence('Released'),
    overrideReason: z.string().nullable(),
  })
  .openapi('FundingRelease')

export const NewSpendSchema = z
  .object({
    targetId: z.string().uuid().openapi({
      description: 'A target of an approved PEP (CLA PP+) or of the support plan (PLA PP+, pupil premium)',
    }),
    spentOn: isoDate(),
    amountPence: amountPence(),
    description: z
      .string()
      .max(TEXT_LIMITS.shortText)
      .openapi({ description: 'What the money was spent on' }),
    category: Category,
    impact: z.string().max(TEXT_LIMITS.note).nullish(),
    source: Source.optional().openapi({ description: 'By default from the target’s plan' }),
    financialYear: financialYear().optional().openapi({ description: 'By default the year of `spentOn`' }),
    overrideReason: overrideReason(),
  })
  .openapi('NewFundingSpend', {
    description:
      'A spend item against a target, within the money the school holds unless `overrideReason` says why not (PD-9).',
  })

export const SpendSchema = z
  .object({
    id: z.string(),
    financialYear: financialYear(),
    source: Source,
    targetId: z.string(),
    spentOn: isoDate(),
    amountPence: pence('Spent'),
    description: z.string(),
    category: Category,
    impact: z.string().nullable(),
    overrideReason: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('FundingSpend')

// The category was checked against SPEND_CATEGORIES when the row was saved.
export const toSpend = (s: Omit<z.output<typeof SpendSchema>, 'category'> & { category: string }) => ({
  id: s.id,
  financialYear: s.financialYear,
  source: s.source,
  targetId: s.targetId,
  spentOn: s.spentOn,
  amountPence: s.amountPence,
  description: s.description,
  category: s.category as z.output<typeof Category>,
  impact: s.impact,
  overrideReason: s.overrideReason,
  version: s.version,
})

export const ImpactSchema = z
  .object({ impact: z.string().max(TEXT_LIMITS.note).nullable(), version: z.number().int() })
  .openapi('FundingSpendImpact', {
    description: 'The impact of a spend item; `version` as read (stale is 409).',
  })

export const SchoolFundingSchema = z
  .object({
    urn: z.string(),
    financialYear: financialYear(),
    label: z.string(),
    rate: RateSchema,
    totals: z.object({ pupils: z.number().int(), ...MoneySchema, unreleasedPence: pence('Unreleased') }),
    bySource: z.array(
      z.object({ source: Source, label: z.string(), pupils: z.number().int(), ...MoneySchema }),
    ),
    byCategory: z.array(
      z.object({
        category: Category,
        label: z.string(),
        pupils: z.number().int(),
        spentPence: pence('Spent'),
      }),
    ),
  })
  .openapi('SchoolFunding', {
    description: 'A school’s PP+ and pupil premium totals for a financial year. It names no pupil.',
  })

export const money = (m: { allocated: number; released: number; spent: number; available: number }) => ({
  allocatedPence: m.allocated,
  releasedPence: m.released,
  spentPence: m.spent,
  availablePence: m.available,
})

export const PupilParams = z.object({ id: idParam('id', 'The pupil’s id') })
export const YearParams = z.object({
  financialYear: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number)
    .openapi({ param: { name: 'financialYear', in: 'path' }, example: '2026' }),
})
