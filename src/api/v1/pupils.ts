import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import { LEAVING_DESTINATIONS, type LeavingDestination } from '../../domain/cohort/leaving.js'
import { recordLeaving } from '../../services/pupil-leaving.service.js'
import { COHORTS, type Cohort as CohortName } from '../../domain/cohort/status.js'
import {
  createPupil,
  getPupil,
  getStatus,
  listRegister,
  patchPupil,
  type PupilView,
} from '../../services/pupils.service.js'
import { defineRoute, type Api } from './define.js'
import { idParam, isoDate, z } from './openapi.js'

const SenProvision = z
  .enum(['N', 'K', 'E'])
  .openapi({ description: 'SEN provision: N none, K SEN support, E education, health and care plan' })

const YearGroup = z
  .number()
  .int()
  .min(-1)
  .max(14)
  .openapi({ description: 'National curriculum year: -1 nursery, 0 reception, 1 to 14', example: 7 })

export const PupilSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    upn: z.string().openapi({ example: 'P207000016049' }),
    givenName: z.string(),
    familyName: z.string(),
    preferredName: z.string().nullable(),
    dateOfBirth: isoDate(),
    yearGroup: YearGroup.nullable(),
    senProvision: SenProvision,
    enrolledOn: isoDate().nullable(),
    leftOn: isoDate().nullable(),
    schoolUrn: z.string(),
    schoolName: z.string(),
    version: z.number().int().openapi({ description: 'Send it back with a change; a stale one is a 409' }),
  })
  .openapi('Pupil')

const upnField = z.string().openapi({
  description:
    'Unique pupil number. Trimmed and upper-cased first; its format and check letter must be right, and it must not ' +
    'already be on roll at the school (DOMAIN.md PD-14).',
  example: 'P207000016049',
})

export const NewPupilSchema = z
  .object({
    upn: upnField,
    givenName: z.string().max(TEXT_LIMITS.name).openapi({ example: 'Alex' }),
    familyName: z.string().max(TEXT_LIMITS.name).openapi({ example: 'Example' }),
    preferredName: z.string().max(TEXT_LIMITS.name).nullish(),
    dateOfBirth: isoDate().openapi({ description: 'Not in the future', example: '2014-05-01' }),
    schoolUrn: z.string().openapi({ example: '100000' }),
    yearGroup: YearGroup.nullish(),
    senProvision: SenProvision.optional().openapi({ description: 'Defaults to N' }),
    enrolledOn: isoDate().nullish(),
  })
  .openapi('NewPupil')

export const PupilChangesSchema = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The `version` last read' }),
    upn: upnField.optional(),
    givenName: z.string().max(TEXT_LIMITS.name).optional(),
    familyName: z.string().max(TEXT_LIMITS.name).optional(),
    preferredName: z.string().max(TEXT_LIMITS.name).nullish(),
    dateOfBirth: isoDate().optional(),
    yearGroup: YearGroup.nullish(),
    senProvision: SenProvision.optional(),
    enrolledOn: isoDate().nullish(),
  })
  .openapi('PupilChanges', {
    description: 'The fields to change, with the `version` read; others keep their values',
  })

const LeavingSchema = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The `version` last read' }),
    leftOn: isoDate().openapi({ description: 'The last day on roll', example: '2026-07-22' }),
    destination: z
      .enum(Object.keys(LEAVING_DESTINATIONS) as [LeavingDestination, ...LeavingDestination[]])
      .openapi({ description: 'Where the pupil went' }),
  })
  .openapi('Leaving')

export const StatusSchema = z
  .object({
    on: isoDate(),
    cla: z.boolean().openapi({ description: 'Looked after on the date (an open CLA episode)' }),
    pla: z.boolean().openapi({ description: 'Previously looked after (a PLA episode)' }),
    cswCurrent: z.boolean().openapi({ description: 'An open CIN or CP episode (DOMAIN.md PD-3)' }),
    cswEver6: z
      .boolean()
      .openapi({ description: 'A CIN or CP episode in the 6 years up to the date (PD-3)' }),
    kinship: z.boolean().openapi({ description: 'An open KINSHIP episode' }),
    shortBreaksOnly: z.boolean().openapi({
      description: 'Looked after, and every CLA episode open on the date is V3 or V4 (PD-4, PD-15)',
    }),
    responsibleLaCode: z
      .string()
      .nullable()
      .openapi({ description: 'The LA of the CLA episode open on the date, otherwise null', example: '919' }),
  })
  .openapi('Status')

const Cohort = z.enum(COHORTS as unknown as [CohortName, ...CohortName[]])

const RegisterRowSchema = PupilSchema.extend({ status: StatusSchema, cohorts: z.array(Cohort) }).openapi(
  'RegisterRow',
)

const RegisterSchema = z
  .object({
    on: isoDate(),
    counts: z.object(Object.fromEntries(COHORTS.map((c) => [c, z.number().int()]))).openapi({
      description: 'Pupils in each cohort, before the cohort filter',
    }),
    pupils: z.array(RegisterRowSchema),
  })
  .openapi('Register')

const yearGroupQuery = z
  .string()
  .regex(/^-?\d+$/, { error: 'Must be a whole number from -1 (nursery) to 14' })
  .transform(Number)
  .pipe(YearGroup)
  .openapi({ type: 'integer', minimum: -1, maximum: 14, example: 7 })

const RegisterQuery = z.object({
  cohort: Cohort.optional().openapi({ description: 'Only pupils in this cohort on the date' }),
  yearGroup: yearGroupQuery.optional(),
  q: z
    .string()
    .optional()
    .openapi({ description: 'A name or a UPN. With it, pupils with no status are listed too.' }),
  school: z.string().optional().openapi({ description: 'A school’s URN' }),
  on: isoDate().optional().openapi({ description: 'The date of the status; defaults to today' }),
})

const PupilParams = z.object({ id: idParam('id', 'The pupil’s id') })

export const toPupil = (p: PupilView) => ({
  ...p,
  schoolUrn: p.schoolUrn ?? '',
  schoolName: p.schoolName ?? '',
})

export function pupilRoutes(api: Api): void {
  defineRoute(api, {
    method: 'post',
    path: '/pupils',
    tag: 'Pupils',
    summary: 'Add a pupil to a school’s roll',
    body: NewPupilSchema,
    status: 201,
    response: PupilSchema,
    responseDescription: 'The pupil',
    problems: [403, 404],
    handler: async ({ ctx, actor, body }) => toPupil(await createPupil(ctx, actor, body)),
  })

  defineRoute(api, {
    method: 'get',
    path: '/pupils',
    tag: 'Pupils',
    summary: 'The register',
    description:
      'Every pupil in the token’s scope who has a status (current or past), with their status on the date; ' +
      'filtered by cohort and year group. With `q`, any pupil on roll whose name or UPN matches.',
    query: RegisterQuery,
    response: RegisterSchema,
    responseDescription: 'The register, by family name',
    problems: [403, 404],
    handler: async ({ ctx, actor, query }) => {
      const register = await listRegister(ctx, actor, {
        cohort: query.cohort,
        yearGroup: query.yearGroup,
        search: query.q?.trim() || undefined,
        schoolUrn: query.school,
        on: query.on,
      })
      return {
        on: register.on,
        counts: register.counts,
        pupils: register.rows.map((r) => ({ ...toPupil(r), status: r.status, cohorts: r.cohorts })),
      }
    },
  })

  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}',
    tag: 'Pupils',
    summary: 'A pupil',
    params: PupilParams,
    response: PupilSchema,
    responseDescription: 'The pupil',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) => toPupil(await getPupil(ctx, actor, params.id)),
  })

  defineRoute(api, {
    method: 'patch',
    path: '/pupils/{id}',
    tag: 'Pupils',
    summary: 'Change a pupil’s details',
    params: PupilParams,
    body: PupilChangesSchema,
    pupilAccess: 'pupil:update',
    response: PupilSchema,
    responseDescription: 'The pupil after the change, with its new version',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) => {
      const { version, ...changes } = body
      return toPupil(await patchPupil(ctx, actor, params.id, version, changes))
    },
  })

  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/leaving',
    tag: 'Pupils',
    summary: 'Record that a pupil has left the school',
    description:
      'The last day on roll and where the pupil went (counted, never named, in the report to governors). ' +
      'The record stays for its retention period (DOMAIN.md PD-13); the UPN may then be enrolled again (PD-14).',
    params: PupilParams,
    body: LeavingSchema,
    pupilAccess: 'pupil:update',
    response: PupilSchema,
    responseDescription: 'The pupil after the change, with its new version',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) =>
      toPupil(await recordLeaving(ctx, actor, params.id, body.version, body)),
  })

  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/status',
    tag: 'Pupils',
    summary: 'A pupil’s status on a date',
    description: 'Derived from the pupil’s current episodes (DOMAIN.md DEF-13, PD-3, PD-4, PD-15).',
    params: PupilParams,
    query: z.object({
      on: isoDate().optional().openapi({ description: 'Defaults to today (Europe/London)' }),
    }),
    pupilAccess: 'pupil:read',
    response: StatusSchema,
    responseDescription: 'The status flags',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, query }) => getStatus(ctx, actor, params.id, query.on),
  })
}
