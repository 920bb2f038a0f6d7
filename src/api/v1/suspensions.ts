import { OBLIGATION_KINDS } from '../../domain/exclusions/obligations.js'
import { recordSuspension, suspensionSummary } from '../../services/suspensions.service.js'
import { defineRoute, type Api } from './define.js'
import { idParam, isoDate, z } from './openapi.js'

const NewSuspensionSchema = z
  .object({
    startDate: isoDate().openapi({ description: 'The first day of the suspension: a school day' }),
    days: z.number().max(1000).optional().openapi({
      description:
        'School days, a multiple of 0.5; 0.5 only for a lunchtime. Needed unless `category` is `PERM`.',
      example: 3,
    }),
    lunchtime: z.boolean().optional().openapi({
      description: 'A lunchtime suspension: half a school day (DOMAIN.md EX-2); needs `days: 0.5`',
    }),
    reasons: z
      .array(z.string().max(10))
      .max(10)
      .openapi({
        description: 'One to three reason codes in use on the start date (DOMAIN.md EX-16, EX-17)',
        example: ['VA'],
      }),
    vsConsultation: z
      .object({ date: isoDate(), with: z.string().max(200), advice: z.string().max(2000).optional() })
      .optional()
      .openapi({
        description:
          'For a looked after child: when the Virtual School was consulted (on or before the start date), with whom, and its advice (DOMAIN.md PD-7)',
      }),
    parentConversation: z
      .object({ date: isoDate(), with: z.string().max(200).optional() })
      .optional()
      .openapi({
        description:
          'For a previously looked after child: the conversation with the parents or guardians first',
      }),
    overrideReason: z.string().max(1000).optional().openapi({
      description:
        'Why the school went ahead without that conversation; shown to the headteacher and in reports',
    }),
    category: z
      .enum(['SUSP', 'PERM'])
      .optional()
      .openapi({ description: 'A suspension (the default) or a permanent exclusion (DOMAIN.md EX-16)' }),
    details: z.string().max(2000).optional().openapi({ description: 'What happened, in a few sentences' }),
    publicExamMissed: isoDate().optional().openapi({
      description: 'The date of a public exam or national curriculum test the pupil would miss (EX-10)',
    }),
    day6Exception: z
      .enum(['year_11_exams_over', 'plan_specifies_fewer_hours'])
      .optional()
      .openapi({ description: 'An exception to education from the sixth day (DOMAIN.md EX-6)' }),
  })
  .openapi('NewSuspension', {
    description:
      'A suspension or permanent exclusion (DOMAIN.md EX-1 to EX-17, PD-7, PD-17). It is 422 when the school year’s total would pass 45 school days, ' +
      'when the start date is not a school day or the school has no calendar, when half a day is not a lunchtime, for an unknown reason code, ' +
      'when the pupil is not on roll on the start date, and for a looked after child without `vsConsultation` or `overrideReason` (a previously ' +
      'looked after child: without `parentConversation` or `overrideReason`).',
  })

const ObligationSchema = z
  .object({
    kind: z.enum(OBLIGATION_KINDS),
    dueBy: isoDate(),
  })
  .openapi('SuspensionObligation', {
    description: 'A duty the suspension creates, and the day it is due by (DOMAIN.md PD-17)',
  })

const RecordedSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    obligations: z.array(ObligationSchema),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })).openapi({
      description: 'Things the headteacher should know that did not stop the suspension being recorded',
    }),
  })
  .openapi('RecordedSuspension')

const SummarySchema = z
  .object({
    schoolYear: z
      .number()
      .int()
      .openapi({ description: 'The year the school year starts in', example: 2026 }),
    daysThisYear: z.number().openapi({ example: 3.5 }),
    daysByTerm: z.object({ autumn: z.number(), spring: z.number(), summer: z.number() }),
    remaining: z
      .number()
      .openapi({ description: 'What is left of the 45 school days (DOMAIN.md EX-1)', example: 41.5 }),
  })
  .openapi('SuspensionSummary', {
    description:
      'School days of suspension in the school year, counting a lunchtime as half a day (EX-2) and each day in its own term; cancelled suspensions and permanent exclusions are not counted.',
  })

const PupilParams = z.object({ id: idParam('id', 'The pupil’s id') })

export function suspensionRoutes(api: Api): void {
  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/suspensions',
    tag: 'Suspensions',
    summary: 'Record a suspension or permanent exclusion',
    description:
      'Creates the duties as tasks and drafts the letters to the parents, the governing board, the local authority, the social worker ' +
      'and the Virtual School Head (DOMAIN.md EX-9), emailing each that has an address. Headteacher only.',
    pupilAccess: 'suspension:record',
    params: PupilParams,
    body: NewSuspensionSchema,
    status: 201,
    response: RecordedSchema,
    responseDescription: 'The suspension’s id and its duties',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => {
      const recorded = await recordSuspension(ctx, actor, params.id, body)
      return { id: recorded.id, obligations: recorded.obligations, warnings: recorded.warnings }
    },
  })
  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/suspensions/summary',
    tag: 'Suspensions',
    summary: 'Days of suspension in a school year, per term, and what is left of the 45',
    params: PupilParams,
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
    response: SummarySchema,
    responseDescription: 'The summary',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, query }) => {
      const s = await suspensionSummary(ctx, actor, params.id, query.schoolYear)
      return {
        schoolYear: s.schoolYear,
        daysThisYear: s.daysThisYear,
        daysByTerm: s.daysByTerm,
        remaining: s.remaining,
      }
    },
  })
}
