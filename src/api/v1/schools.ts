import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import {
  createSchool,
  getCalendar,
  getSchool,
  listSchools,
  setCalendar,
  type loadCalendar,
} from '../../services/schools.service.js'
import { defineRoute, type Api } from './define.js'
import { isoDate, z } from './openapi.js'

export const SchoolSchema = z
  .object({
    urn: z.string().openapi({ example: '100000' }),
    laestab: z.string().openapi({ example: '9194000' }),
    name: z.string().openapi({ example: 'Harbourside Academy' }),
    laCode: z
      .string()
      .openapi({ description: 'The local authority: the first 3 digits of the LAESTAB', example: '919' }),
    phase: z.string().nullable().openapi({ example: 'secondary' }),
  })
  .openapi('School')

export const NewSchoolSchema = z
  .object({
    urn: z
      .string()
      .openapi({ description: 'Unique reference number, 6 digits', pattern: '^\\d{6}$', example: '100000' }),
    laestab: z.string().openapi({
      description: 'LA code then establishment number, 7 digits',
      pattern: '^\\d{7}$',
      example: '9194000',
    }),
    name: z.string().max(TEXT_LIMITS.organisation).openapi({ example: 'Harbourside Academy' }),
    phase: z.string().max(TEXT_LIMITS.shortText).nullish().openapi({ example: 'secondary' }),
  })
  .openapi('NewSchool')

const TermName = z.enum(['autumn', 'spring', 'summer'])

export const CalendarInputSchema = z
  .object({
    terms: z.array(
      z.object({
        name: TermName,
        start: isoDate(),
        end: isoDate().openapi({ description: 'The last day of the term' }),
      }),
    ),
    closures: z
      .array(
        z.union([
          isoDate(),
          z.object({ date: isoDate(), reason: z.string().max(TEXT_LIMITS.reason).nullish() }),
        ]),
      )
      .default([])
      .openapi({ description: 'Days inside a term when the school is closed (INSET days, for example)' }),
  })
  .openapi('CalendarInput', {
    description:
      'Replaces the terms of the school years the terms fall in, and the closures between the first term’s start and ' +
      'the last term’s end. School days are the weekdays inside a term that are not closures and not bank holidays.',
  })

export const CalendarSchema = z
  .object({
    urn: z.string(),
    terms: z.array(
      z.object({
        schoolYear: z
          .number()
          .int()
          .openapi({ description: 'The year the school year starts in', example: 2026 }),
        name: TermName,
        start: isoDate(),
        end: isoDate(),
      }),
    ),
    closures: z.array(z.object({ date: isoDate(), reason: z.string().nullable() })),
  })
  .openapi('Calendar')

const UrnParams = z.object({
  urn: z.string().openapi({ param: { name: 'urn', in: 'path' }, example: '100000' }),
})

type SchoolLike = { urn: string; laestab: string; name: string; laCode: string; phase: string | null }

export const toSchool = (s: SchoolLike): z.output<typeof SchoolSchema> => ({
  urn: s.urn,
  laestab: s.laestab,
  name: s.name,
  laCode: s.laCode,
  phase: s.phase,
})

function toCalendar(urn: string, c: Pick<Awaited<ReturnType<typeof loadCalendar>>, 'terms' | 'closures'>) {
  return {
    urn,
    terms: c.terms.map((t) => ({
      schoolYear: t.schoolYear,
      name: t.name,
      start: t.startDate,
      end: t.endDate,
    })),
    closures: c.closures.map((d) => ({ date: d.date, reason: d.reason })),
  }
}

export function schoolRoutes(api: Api): void {
  defineRoute(api, {
    method: 'post',
    path: '/schools',
    tag: 'Schools',
    summary: 'Create a school',
    body: NewSchoolSchema,
    status: 201,
    response: SchoolSchema,
    responseDescription: 'The school',
    problems: [403],
    handler: async ({ ctx, actor, body }) =>
      toSchool(await createSchool(ctx, actor, { ...body, phase: body.phase ?? undefined })),
  })

  defineRoute(api, {
    method: 'get',
    path: '/schools',
    tag: 'Schools',
    summary: 'The schools the token may see',
    response: z.object({ schools: z.array(SchoolSchema) }),
    responseDescription: 'The schools, by name',
    handler: async ({ ctx, actor }) => ({ schools: (await listSchools(ctx, actor)).map(toSchool) }),
  })

  defineRoute(api, {
    method: 'get',
    path: '/schools/{urn}',
    tag: 'Schools',
    summary: 'A school',
    params: UrnParams,
    response: SchoolSchema,
    responseDescription: 'The school',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) => toSchool(await getSchool(ctx, actor, params.urn)),
  })

  defineRoute(api, {
    method: 'put',
    path: '/schools/{urn}/calendar',
    tag: 'Schools',
    summary: 'Set a school’s terms and closures',
    params: UrnParams,
    body: CalendarInputSchema,
    response: CalendarSchema,
    responseDescription: 'The school’s whole calendar after the change',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) =>
      toCalendar(params.urn, await setCalendar(ctx, actor, params.urn, body)),
  })

  defineRoute(api, {
    method: 'get',
    path: '/schools/{urn}/calendar',
    tag: 'Schools',
    summary: 'A school’s terms and closures',
    params: UrnParams,
    response: CalendarSchema,
    responseDescription: 'The school’s calendar, every school year it holds',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) =>
      toCalendar(params.urn, await getCalendar(ctx, actor, params.urn)),
  })
}
