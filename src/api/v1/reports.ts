import { governorsReport } from '../../services/reports.service.js'
import { defineRoute, type Api } from './define.js'
import { GovernorsReportSchema } from './governors-report-schema.js'
import { z } from './openapi.js'

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
