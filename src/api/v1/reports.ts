import { COUNT_KEYS, COUNT_LABELS } from '../../domain/reports/cohort-counts.js'
import { governorsReport } from '../../services/reports.service.js'
import { defineRoute, type Api } from './define.js'
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

const count = (key: (typeof COUNT_KEYS)[number]) =>
  z.number().int().openapi({ description: COUNT_LABELS[key], example: 3 })

const CountsSchema = z
  .object({
    roll: count('roll'),
    cla: count('cla'),
    pla: count('pla'),
    cswCurrent: count('cswCurrent'),
    cswEver6: count('cswEver6'),
    kinship: count('kinship'),
  })
  .openapi('CohortCounts', {
    description:
      'Pupils on roll at any time in the school year, and how many of them were in each cohort on at least one ' +
      'of those days (DOMAIN.md PD-11). Always shown, however small (POL-26).',
  })

const SectionSchema = z
  .object({
    id: z.literal('cohorts_by_year_group'),
    title: z.string(),
    rows: z.array(
      z.object({
        id: z.string().openapi({ example: 'years_3_to_6' }),
        label: z.string().openapi({ example: 'Years 3 to 6' }),
        roll: MeasureSchema,
        cla: MeasureSchema,
        pla: MeasureSchema,
        cswCurrent: MeasureSchema,
        cswEver6: MeasureSchema,
        kinship: MeasureSchema,
      }),
    ),
  })
  .openapi('GovernorsReportSection', {
    description:
      'A breakdown. A measure with any cell of 1 to threshold − 1 pupils is withheld in every row (PD-11).',
  })

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

export function reportRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/schools/{urn}/reports/governors',
    tag: 'Reports',
    summary: 'The governors’ report: counts and aggregate measures, never a name',
    description:
      'Counts and aggregate measures for the governors’ report (DOMAIN.md PD-11). It never holds a name, UPN, ' +
      'date of birth or free text about a pupil. Governors may read it for their own school.',
    params: z.object({
      urn: z.string().openapi({ param: { name: 'urn', in: 'path' }, example: '100000' }),
    }),
    query: z.object({
      schoolYear: z
        .string()
        .regex(/^\d{4}$/, { error: 'Enter the year the school year starts in, like 2026' })
        .transform(Number)
        .optional()
        .openapi({
          description: 'The year the school year starts in; the current one by default',
          example: '2026',
        }),
    }),
    response: GovernorsReportSchema,
    responseDescription: 'The report',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, query }) => {
      const { report } = await governorsReport(ctx, actor, params.urn, query.schoolYear)
      return {
        schoolYear: report.schoolYear,
        counts: report.counts,
        sections: report.sections,
        suppressed: report.suppressed,
      }
    },
  })
}
