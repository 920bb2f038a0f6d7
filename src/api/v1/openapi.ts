import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'

// Once, before any schema below is built: adds `.openapi()` to zod's types.
extendZodWithOpenApi(z)

export { z }

/** A calendar date, `YYYY-MM-DD` (Europe/London), checked to be a real date. */
export const isoDate = () =>
  z.iso
    .date({ error: 'Enter a real date written YYYY-MM-DD, like 2026-09-01' })
    .openapi({ example: '2026-09-01' })

/** Path parameter of a record's id (UUID v7). A malformed id is a 404, like an unknown one. */
export const idParam = (name: string, description: string) =>
  z.string().openapi({
    param: { name, in: 'path', description },
    format: 'uuid',
    example: '0196f3a2-7c1e-7b3a-9f00-1c2d3e4f5a6b',
  })

export const FieldErrorSchema = z
  .object({
    path: z
      .string()
      .openapi({ description: 'The field, as a dotted path into the body or query', example: 'upn' }),
    message: z
      .string()
      .openapi({ example: 'The UPN’s check letter is wrong: for this number it should be P' }),
    line: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'For a file import: the line of the file (the header is line 1)', example: 7 }),
  })
  .openapi('FieldError')

export const ProblemSchema = z
  .object({
    type: z
      .string()
      .openapi({ description: 'A URI reference for the kind of problem', example: 'about:blank' }),
    title: z.string().openapi({ example: 'Not Found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'No such pupil' }),
    instance: z.string().optional().openapi({ description: 'The request id, for the server log' }),
  })
  .openapi('Problem', { description: 'An error, as RFC 9457 problem details' })

export const ValidationProblemSchema = ProblemSchema.extend({
  errors: z.array(FieldErrorSchema).openapi({ description: 'One entry for each field that breaks a rule' }),
}).openapi('ValidationProblem', { description: 'The input breaks a rule (422); nothing was changed' })

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The body is not valid JSON',
  401: 'No token, or a token that is not valid',
  403: 'The token’s role may not do this',
  404: 'No such record, or it is outside the token’s scope (its existence is not revealed)',
  409: 'The record was changed since the given `version` was read',
  413: 'The body is larger than 1 MB',
  415: 'The body is not `application/json`',
  422: 'The input breaks a rule; nothing was changed',
}

export function problemResponses(statuses: readonly ProblemStatus[]) {
  return Object.fromEntries(
    [...new Set(statuses)]
      .sort((a, b) => a - b)
      .map((status) => [
        String(status),
        {
          description: PROBLEM_DESCRIPTIONS[status],
          content: {
            'application/problem+json': { schema: status === 422 ? ValidationProblemSchema : ProblemSchema },
          },
        },
      ]),
  )
}

export function newRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry()
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token from `harbour token create --email E`. It acts with its user’s role and scope.',
  })
  return registry
}

export function openApiDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Harbour API',
      version: '1.0.0',
      description:
        'Schools’ and Virtual Schools’ records of children looked after (CLA), previously looked after (PLA), ' +
        'with a social worker (CIN, CP) and in kinship care. JSON in and out; dates are `YYYY-MM-DD` ' +
        '(Europe/London). Errors are `application/problem+json` (RFC 9457). A record outside the token’s scope ' +
        'is 404; an action the token’s role may not do is 403. A failed request changes nothing.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
  })
}
