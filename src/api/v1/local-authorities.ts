import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import { listLocalAuthorities, saveLocalAuthority } from '../../services/schools.service.js'
import { NotFoundError } from '../../services/errors.js'
import { defineRoute, type Api } from './define.js'
import { z } from './openapi.js'

export const LocalAuthoritySchema = z
  .object({
    code: z.string().openapi({ example: '919' }),
    name: z.string().openapi({ example: 'Hertfordshire' }),
    virtualSchoolName: z.string().nullable(),
    virtualSchoolEmail: z.string().nullable(),
    virtualSchoolPhone: z.string().nullable(),
    virtualSchoolWebsite: z.string().nullable(),
    version: z.number().int().openapi({ description: 'Send it back with a change; a stale one is a 409' }),
  })
  .openapi('LocalAuthority', { description: 'A local authority and its Virtual School’s contact details' })

export const LocalAuthorityInputSchema = z
  .object({
    name: z.string().max(TEXT_LIMITS.organisation),
    virtualSchoolName: z.string().max(TEXT_LIMITS.organisation).nullish(),
    virtualSchoolEmail: z.string().max(TEXT_LIMITS.email).nullish(),
    virtualSchoolPhone: z.string().nullish(),
    virtualSchoolWebsite: z
      .string()
      .max(TEXT_LIMITS.website)
      .nullish()
      .openapi({ example: 'https://www.council.gov.uk/virtualschool' }),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: 'The `version` read, to refuse a stale change (409); leave out to create' }),
  })
  .openapi('LocalAuthorityInput')

const CodeParams = z.object({
  code: z.string().openapi({ param: { name: 'code', in: 'path' }, description: '3 digits', example: '919' }),
})

type LaRow = z.output<typeof LocalAuthoritySchema> & Record<string, unknown>

const toLocalAuthority = (la: LaRow): z.output<typeof LocalAuthoritySchema> => ({
  code: la.code,
  name: la.name,
  virtualSchoolName: la.virtualSchoolName,
  virtualSchoolEmail: la.virtualSchoolEmail,
  virtualSchoolPhone: la.virtualSchoolPhone,
  virtualSchoolWebsite: la.virtualSchoolWebsite,
  version: la.version,
})

export function localAuthorityRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/local-authorities',
    tag: 'Local authorities',
    summary: 'Local authorities and their Virtual Schools',
    response: z.object({ localAuthorities: z.array(LocalAuthoritySchema) }),
    responseDescription: 'Every local authority Harbour knows, by name',
    handler: async ({ ctx }) => ({
      localAuthorities: (await listLocalAuthorities(ctx)).map(toLocalAuthority),
    }),
  })

  defineRoute(api, {
    method: 'get',
    path: '/local-authorities/{code}',
    tag: 'Local authorities',
    summary: 'A local authority and its Virtual School',
    params: CodeParams,
    response: LocalAuthoritySchema,
    responseDescription: 'The local authority',
    problems: [404],
    handler: async ({ ctx, params }) => {
      const la = (await listLocalAuthorities(ctx)).find((l) => l.code === params.code)
      if (!la) throw new NotFoundError('local authority')
      return toLocalAuthority(la)
    },
  })

  defineRoute(api, {
    method: 'put',
    path: '/local-authorities/{code}',
    tag: 'Local authorities',
    summary: 'Create or change a local authority’s Virtual School contact details',
    description:
      'Administrators only (DOMAIN.md POL-32). With `version`, a stale change is refused with 409.',
    params: CodeParams,
    body: LocalAuthorityInputSchema,
    response: LocalAuthoritySchema,
    responseDescription: 'The local authority after the change',
    problems: [403, 409],
    handler: async ({ ctx, actor, params, body }) => {
      const { version, ...details } = body
      return toLocalAuthority(
        await saveLocalAuthority(ctx, actor, { ...details, code: params.code }, version),
      )
    },
  })
}
