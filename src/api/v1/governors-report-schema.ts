/**
 * The OpenAPI description of `GET /schools/{urn}/reports/governors` (shared/API.md "Reports"): the counts
 * and the report's sections (DOMAIN.md PD-11, GOV-4), each a number, a fixed label or `{ withheld }`.
 */
import { COUNT_KEYS, COUNT_LABELS, type CountKey } from '../../domain/reports/cohort-counts.js'
import { z } from './openapi.js'

const WithheldSchema = z
  .object({ withheld: z.string().openapi({ example: 'fewer than 3 pupils' }) })
  .openapi('Withheld', {
    description:
      'A measure over fewer pupils than the school’s suppression threshold, withheld (DOMAIN.md PD-11)',
  })

const MeasureSchema = z.union([z.number(), WithheldSchema]).openapi('Measure', {
  description: 'A number, or `{ withheld }` when it would be about fewer pupils than the threshold',
})

/** A measure over a group that may have no pupils at all: then null (nothing to withhold). */
const MaybeMeasure = MeasureSchema.nullable()
const status = z.enum(['reported', 'no_data_yet']).openapi({
  description: '`no_data_yet` while Harbour holds no records of this kind for the school',
})
const count = (description: string) => z.number().int().openapi({ description, example: 3 })
const byCountKey = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, value])) as Record<CountKey, T>)

export const CountsSchema = z
  .object(
    Object.fromEntries(COUNT_KEYS.map((k) => [k, count(COUNT_LABELS[k])])) as Record<CountKey, z.ZodNumber>,
  )
  .openapi('CohortCounts', {
    description:
      'Pupils on roll at any time in the school year, and how many of them were in each cohort on at least one ' +
      'of those days (DOMAIN.md PD-11). Always shown, however small (POL-26).',
  })

const labelled = { id: z.string(), label: z.string() }
const cohortKey = z.enum(['cla', 'pla', 'cswCurrent', 'cswEver6', 'kinship'])

const CohortsByYearGroup = z
  .object({
    id: z.literal('cohorts_by_year_group'),
    title: z.string(),
    rows: z.array(z.object({ ...labelled }).extend(byCountKey(MeasureSchema).shape)),
  })
  .openapi('GovernorsReportCohortsByYearGroup', {
    description:
      'A breakdown. A measure with any cell of 1 to threshold − 1 pupils is withheld in every row (PD-11).',
  })

const Governance = z
  .object({
    id: z.literal('governance'),
    title: z.string(),
    roles: z.object({
      status,
      singleHolderRoles: count('Roles held by one person at a time (POL-1)'),
      rolesFilledAllYear: count('Of those, held on every day of the school year'),
      roleGaps: count('Gaps in those roles during the year'),
      designatedTeacherAppointed: z.boolean(),
      designatedTeacherQtsOk: z.boolean().openapi({ description: 'DT-1: qualified teacher status' }),
    }),
    training: z.object({
      status,
      designatedTeacherTrainingDays: z.number(),
      designatedTeacherTrainingDaysRequired: z.number(),
      designatedTeacherTrainingOk: z.boolean().openapi({ description: 'POL-3' }),
      wholeStaffAtipDone: z.boolean().openapi({ description: 'POL-4' }),
      staffTrained: count('Staff who attended any training in the year'),
      staffTrainedAtip: count('Staff who attended attachment-aware and trauma-informed training'),
      dslRefresherOk: z.boolean(),
      trainingMissing: count('Training requirements not met'),
    }),
    policy: z.object({
      status,
      ratified: z.boolean(),
      nextReview: z.object({ year: z.number().int(), month: z.number().int() }).nullable(),
      reviewOverdue: z.boolean().openapi({ description: 'POL-28' }),
    }),
  })
  .openapi('GovernorsReportGovernance', {
    description: 'Designated roles, training and the policy: no one named',
  })

const PepCompliance = z
  .object({
    id: z.literal('pep_compliance'),
    title: z.string(),
    pupils: count('Children looked after on roll with a PEP due in the year'),
    due: MaybeMeasure,
    onTime: MaybeMeasure,
    late: MaybeMeasure,
    missing: MaybeMeasure,
    onTimePercent: MaybeMeasure,
    ratings: z.object({
      pupils: count('Pupils with a PEP rated in the year'),
      rows: z.array(z.object({ ...labelled, peps: MaybeMeasure })),
    }),
  })
  .openapi('GovernorsReportPepCompliance', { description: 'PEPs due in the year by the PD-1/PD-18 schedule' })

const compared = (side: z.ZodObject) =>
  z.array(z.object({ cohort: cohortKey, label: z.string(), group: side, others: side }))

const Attendance = z
  .object({
    id: z.literal('attendance'),
    title: z.string(),
    status,
    rows: compared(
      z.object({
        pupils: count('Pupils with a possible session in the year'),
        attendancePercent: MaybeMeasure,
        persistentAbsencePercent: MaybeMeasure,
        severeAbsencePercent: MaybeMeasure,
      }),
    ),
  })
  .openapi('GovernorsReportAttendance', {
    description: 'Each cohort against all other pupils (ATT-7, ATT-8)',
  })

const Suspensions = z
  .object({
    id: z.literal('suspensions'),
    title: z.string(),
    status,
    rows: compared(
      z.object({
        pupils: count('Pupils on roll in the group'),
        suspendedPupils: MaybeMeasure,
        suspendedPercent: MaybeMeasure,
        daysLost: MaybeMeasure,
        permanentlyExcludedPupils: MaybeMeasure,
      }),
    ),
  })
  .openapi('GovernorsReportSuspensions', { description: 'Each cohort against all other pupils' })

const Progress = z
  .object({
    id: z.literal('progress'),
    title: z.string(),
    attainment: z.literal('no_data_yet'),
    targets: z.object({
      status,
      pupils: count('Pupils with a PEP target reviewed in the year'),
      rows: z.array(z.object({ ...labelled, targets: MaybeMeasure })),
    }),
  })
  .openapi('GovernorsReportProgress', { description: 'Progress against PEP targets; attainment is not held' })

const money = ['allocated', 'released', 'spent', 'available', 'unreleased'] as const
const moneyMeasures = z.object(Object.fromEntries(money.map((k) => [k, MeasureSchema])))

const Funding = z
  .object({
    id: z.literal('funding'),
    title: z.string(),
    status,
    summary: z.object({
      period: z.object({ kind: z.enum(['financial_year', 'school_year']), year: z.number().int() }),
      totals: moneyMeasures.extend({ pupils: count('Pupils with any PP+ or pupil premium recorded') }),
      bySource: z.array(
        moneyMeasures.extend({ source: z.string(), label: z.string(), pupils: MeasureSchema }),
      ),
      byCategory: z.array(
        z.object({ category: z.string(), label: z.string(), pupils: MeasureSchema, spent: MeasureSchema }),
      ),
      withheld: z.array(z.enum(['by_source', 'by_category'])),
    }),
    impact: z.object({
      pupils: count('Pupils with spending in the year'),
      spendItems: MaybeMeasure,
      withImpact: MaybeMeasure,
    }),
  })
  .openapi('GovernorsReportFunding', { description: 'Money in pence (PD-9, GOV-4 (7))' })

const Destinations = z
  .object({
    id: z.literal('destinations'),
    title: z.string(),
    leavers: byCountKey(count('Leavers in the year')),
    rows: z.array(z.object({ ...labelled }).extend(byCountKey(MeasureSchema).shape)),
  })
  .openapi('GovernorsReportDestinations', { description: 'Where leavers went: a breakdown (PD-11)' })

export const SectionSchema = z
  .discriminatedUnion('id', [
    CohortsByYearGroup,
    Governance,
    PepCompliance,
    Attendance,
    Suspensions,
    Progress,
    Funding,
    Destinations,
  ])
  .openapi('GovernorsReportSection', { description: 'One part of the report, told apart by `id`' })

export const GovernorsReportSchema = z
  .object({
    schoolYear: z
      .number()
      .int()
      .openapi({ description: 'The year the school year starts in', example: 2026 }),
    counts: CountsSchema,
    sections: z.array(SectionSchema),
    suppressed: z
      .array(z.string())
      .openapi({ description: 'The measures withheld', example: ['Looked after (CLA) by year group'] }),
  })
  .openapi('GovernorsReport')
