import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Action } from '../../domain/access/permissions.js'
import type { Actor } from '../../domain/access/scope.js'
import type { ServiceContext } from '../../services/context.js'
import { NotFoundError } from '../../services/errors.js'
import { checkPupilAccess } from '../../services/pupils.service.js'
import { actorOf } from './auth.js'
import { problemResponses, z, type ProblemStatus } from './openapi.js'

/** The API plugin's Fastify instance and the OpenAPI registry every route is described in. */
export type Api = { app: FastifyInstance; registry: OpenAPIRegistry }

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type AnyObject = z.ZodObject

export type HandlerInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> = {
  params: z.output<P>
  query: z.output<Q>
  body: z.output<B>
  actor: Actor
  ctx: ServiceContext
  request: FastifyRequest
  reply: FastifyReply
}

export type RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> = {
  method: Method
  /** OpenAPI style, relative to /api/v1: `/pupils/{id}`. */
  path: string
  tag: string
  summary: string
  description?: string
  params?: P
  query?: Q
  body?: B
  bodyDescription?: string
  status?: 200 | 201
  response: z.ZodType
  responseDescription: string
  /** Problem responses besides the ones every route has (401; 400, 413, 415, 422 with a body; 422 with a query). */
  problems?: ProblemStatus[]
  /** Needs no token. */
  public?: boolean
  /**
   * The pupil `{id}` is checked for `action` before the query and body are read: a pupil outside the
   * token's scope, or unknown, is 404 (and a role that may not do it 403) whatever the request holds,
   * so a bad body tells nothing about a record the caller may not see (DOMAIN.md PD-19).
   */
  pupilAccess?: Action
  handler: (input: HandlerInput<P, Q, B>) => Promise<unknown>
}

const emptyObject = z.object({})

// Messages for zod's own checks; a schema's own `error` wins. `path` says which field, so messages do not.
const apiErrorMap: z.core.$ZodErrorMap = (issue) => {
  const top = !issue.path || issue.path.length === 0
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined)
        return top ? 'Send a JSON object as the request body' : 'This field is required'
      if (issue.input === null) return 'This field cannot be null'
      return `Must be ${article(issue.expected)}`
    case 'invalid_value':
      return `Must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'This field cannot be empty' : `Too short`
      if (issue.origin === 'number')
        return `Must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`
      return undefined
    case 'too_big':
      if (issue.origin === 'string') return `Must be at most ${String(issue.maximum)} characters`
      if (issue.origin === 'number')
        return `Must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`
      return undefined
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
    case 'invalid_format':
      return issue.format === 'date' ? 'Enter a real date written YYYY-MM-DD, like 2026-09-01' : undefined
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return undefined
  }
}

function article(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number'
    case 'object':
      return 'a JSON object'
    case 'array':
      return 'a list'
    case 'number':
    case 'string':
    case 'boolean':
      return `a ${expected}`
    default:
      return expected
  }
}

/** Parses with the API's messages; a failure throws the ZodError, which the error handler makes a 422. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: apiErrorMap })
  if (!result.success) throw result.error
  return result.data
}

/**
 * Registers one route on the API plugin and describes it in the OpenAPI document from the same zod
 * schemas, so the document cannot miss an endpoint. Parameters that do not parse are a 404 (an id that
 * cannot exist); a query or body that does not parse is a 422 naming the field.
 */
export function defineRoute<
  P extends AnyObject = typeof emptyObject,
  Q extends AnyObject = typeof emptyObject,
  B extends z.ZodType = z.ZodUndefined,
>(api: Api, spec: RouteSpec<P, Q, B>): void {
  const status = spec.status ?? 200
  const problems: ProblemStatus[] = [...(spec.problems ?? [])]
  if (!spec.public) problems.push(401)
  if (spec.body) problems.push(400, 413, 415, 422)
  if (spec.query) problems.push(422)
  api.registry.registerPath({
    method: spec.method,
    path: spec.path,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.public ? { security: [] } : {}),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? {
            body: {
              required: true,
              ...(spec.bodyDescription ? { description: spec.bodyDescription } : {}),
              content: { 'application/json': { schema: spec.body } },
            },
          }
        : {}),
    },
    responses: {
      [String(status)]: {
        description: spec.responseDescription,
        content: { 'application/json': { schema: spec.response } },
      },
      ...problemResponses(problems),
    },
  })

  const { pupilAccess } = spec
  api.app.route({
    method: spec.method.toUpperCase(),
    url: spec.path.replace(/\{(\w+)\}/g, ':$1'),
    config: { public: spec.public ?? false },
    // Before parsing, so that even a body that is not JSON, too large or of the wrong type is not looked at.
    ...(pupilAccess
      ? {
          preParsing: async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
            const { id } = request.params as { id?: unknown }
            if (typeof id !== 'string') throw new NotFoundError('pupil')
            await checkPupilAccess(request.server.harbour.ctx, actorOf(request), id, pupilAccess)
            return payload
          },
        }
      : {}),
    handler: async (request, reply) => {
      const params = (spec.params ?? emptyObject).safeParse(request.params)
      if (!params.success) throw new NotFoundError()
      const query = parseInput(spec.query ?? emptyObject, request.query ?? {})
      const body = spec.body ? parseInput(spec.body, request.body) : undefined
      const result = await spec.handler({
        params: params.data as z.output<P>,
        query: query as z.output<Q>,
        body: body as z.output<B>,
        actor: spec.public ? (request.actor as Actor) : actorOf(request),
        ctx: request.server.harbour.ctx,
        request,
        reply,
      })
      return reply.code(status).send(result)
    },
  })
}
