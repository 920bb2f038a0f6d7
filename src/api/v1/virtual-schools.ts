import { CHANGE_REVIEW_CLOCKS, PEP_CADENCES } from '../../domain/pep/settings.js'
import {
  getVirtualSchoolSettings,
  saveVirtualSchoolSettings,
  type VirtualSchoolSettings,
} from '../../services/virtual-school-settings.service.js'
import { defineRoute, type Api } from './define.js'
import { z } from './openapi.js'

const PepScheduleSettingsSchema = z
  .object({
    cadence: z.enum(PEP_CADENCES).openapi({
      description:
        '`termly`: a PEP in each of the autumn, spring and summer terms; `twice_yearly`: autumn, then spring or summer; `custom`: by the end of each month in `customDueMonths` (DOMAIN.md PD-1, PEP-6)',
    }),
    customDueMonths: z
      .array(z.number().int())
      .max(12)
      .openapi({ description: 'Months 1 to 12, for `custom` only; ignored otherwise', example: [10, 2, 6] }),
    changeReviewDays: z.number().int().openapi({
      description:
        'Days after a change of school or placement by which the PEP is reviewed, 1 to 100 (PEP-7)',
      example: 20,
    }),
    changeReviewClock: z.enum(CHANGE_REVIEW_CLOCKS).openapi({ description: 'School days or working days' }),
    includeShortBreaks: z
      .boolean()
      .openapi({ description: 'Whether children on short breaks only (V3, V4) need PEPs (PD-4)' }),
    minimumAge: z
      .union([z.literal(2), z.literal(3)])
      .openapi({ description: 'PEPs start at 2 or 3 (PEP-9)' }),
  })
  .openapi('PepScheduleSettings')

const RubricLevelSchema = z
  .object({
    value: z.string().openapi({ description: 'A short slug kept with each rated PEP', example: 'good' }),
    label: z.string().openapi({ example: 'Good' }),
    criteria: z.string().openapi({ description: 'What a PEP at this rating looks like' }),
    approvable: z.boolean().openapi({ description: 'Whether a PEP with this rating can be approved' }),
  })
  .openapi('RubricLevel')

const claDayOneProvisionDescription =
  'Whether the Virtual School expects education to be arranged from the first day of a suspension of a child it looks after, not only from the sixth: a local expectation (DOMAIN.md PD-7, EX-8). When true, recording such a suspension gives the warning `cla_day_one_provision`'

const VirtualSchoolSettingsSchema = z
  .object({
    laCode: z.string().openapi({ example: '919' }),
    laName: z.string().nullable(),
    schedule: PepScheduleSettingsSchema,
    rubric: z.array(RubricLevelSchema),
    claDayOneProvision: z
      .boolean()
      .openapi({ description: `${claDayOneProvisionDescription}. False by default` }),
    version: z.number().int().openapi({
      description: '0 while the defaults apply. Send it back with a change; a stale one is a 409',
    }),
  })
  .openapi('VirtualSchoolSettings', {
    description:
      'A Virtual School’s PEP schedule settings, quality rubric and day-one expectation for suspensions (the defaults where none are set)',
  })

const VirtualSchoolSettingsInputSchema = z
  .object({
    schedule: PepScheduleSettingsSchema,
    rubric: z.array(RubricLevelSchema).max(20).openapi({
      description: 'Best first; 1 to 5 levels with unique values, at least one approvable',
    }),
    claDayOneProvision: z
      .boolean()
      .optional()
      .openapi({ description: `${claDayOneProvisionDescription}. Left out, it stays as it is` }),
    version: z.number().int().min(0).openapi({ description: 'The `version` read; a stale one is a 409' }),
  })
  .openapi('VirtualSchoolSettingsInput')

const LaCodeParams = z.object({
  laCode: z
    .string()
    .openapi({ param: { name: 'laCode', in: 'path' }, description: '3 digits', example: '919' }),
})

const toSettings = (s: VirtualSchoolSettings): z.output<typeof VirtualSchoolSettingsSchema> => ({
  laCode: s.laCode,
  laName: s.laName,
  schedule: s.schedule as z.output<typeof PepScheduleSettingsSchema>,
  rubric: s.rubric,
  claDayOneProvision: s.claDayOneProvision,
  version: s.version,
})

/** A Virtual School's own PEP settings (issue 4 items 1 and 3): read by its head and advisers, set by its head. */
export function virtualSchoolRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/virtual-schools/{laCode}/settings',
    tag: 'Virtual Schools',
    summary: 'A Virtual School’s PEP schedule settings and quality rubric',
    description: 'The Virtual School head and advisers of that local authority only; any other LA is 404.',
    params: LaCodeParams,
    response: VirtualSchoolSettingsSchema,
    responseDescription: 'The settings, the defaults where the Virtual School has set none',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) =>
      toSettings(await getVirtualSchoolSettings(ctx, actor, params.laCode)),
  })

  defineRoute(api, {
    method: 'put',
    path: '/virtual-schools/{laCode}/settings',
    tag: 'Virtual Schools',
    summary: 'Change a Virtual School’s PEP schedule settings and quality rubric',
    description:
      'The Virtual School head of that local authority only. Every PEP due date of its children follows the new schedule at once; approvals are rated with the new rubric. A stale `version` is refused with 409.',
    params: LaCodeParams,
    body: VirtualSchoolSettingsInputSchema,
    response: VirtualSchoolSettingsSchema,
    responseDescription: 'The settings after the change',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) => {
      const { version, ...input } = body
      await saveVirtualSchoolSettings(ctx, actor, params.laCode, input, version)
      return toSettings(await getVirtualSchoolSettings(ctx, actor, params.laCode))
    },
  })
}
