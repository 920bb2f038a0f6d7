import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleBrokenError,
  UnauthenticatedError,
  type FieldError,
} from '../../services/errors.js'
import { recordRefusal } from '../../services/refusals.service.js'

/** RFC 9457 problem details, as every API error is sent. */
export type Problem = {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: FieldError[]
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...extra }
}

export async function sendProblem(request: FastifyRequest, reply: FastifyReply, body: Problem) {
  if (body.status === 401) void reply.header('www-authenticate', 'Bearer realm="harbour"')
  return reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...body, instance: `urn:uuid:${request.id}` })
}

/** A zod failure as the 422 field errors: `path` names the field, like `upn` or `terms.0.start`. */
export function fieldErrorsOf(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}

// Fastify's own errors, by code, with what a caller can do about them.
const FASTIFY_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'The request body is larger than 1 MB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    detail: 'Send the request body as JSON, with Content-Type: application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    detail: 'The Content-Length header does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    detail: 'The body is empty: send a JSON object, or no Content-Type header',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, detail: 'The request body is not valid JSON' },
}

/** A refusal (403, or 404 for a pupil out of scope) is audited; a failure to audit never hides the answer. */
async function auditRefusal(error: unknown, request: FastifyRequest): Promise<void> {
  try {
    await recordRefusal(request.server.harbour.ctx, request.actor, error, {
      method: request.method,
      route: request.routeOptions.url,
      params: request.params,
    })
  } catch (auditError) {
    request.log.error({ err: auditError }, 'could not audit a refused request')
  }
}

/** The API's error handler: every error becomes problem+json; nothing else leaks. */
export async function apiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  await auditRefusal(error, request)
  if (error instanceof RuleBrokenError)
    return sendProblem(
      request,
      reply,
      problem(422, describeFieldErrors(error.errors), { errors: error.errors }),
    )
  if (error instanceof ZodError) {
    const errors = fieldErrorsOf(error)
    return sendProblem(request, reply, problem(422, describeFieldErrors(errors), { errors }))
  }
  if (error instanceof NotFoundError) return sendProblem(request, reply, problem(404, error.message))
  if (error instanceof ForbiddenError) return sendProblem(request, reply, problem(403, error.message))
  if (error instanceof ConflictError) return sendProblem(request, reply, problem(409, error.message))
  if (error instanceof UnauthenticatedError) return sendProblem(request, reply, problem(401, error.message))
  // Issue 3 item 2: the rate limit (300 requests a minute per token); Retry-After says when to go on.
  if (error.statusCode === 429)
    return sendProblem(
      request,
      reply,
      problem(429, `Too many requests: try again in ${String(reply.getHeader('retry-after') ?? 60)} seconds`),
    )
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined
  if (known) return sendProblem(request, reply, problem(known.status, known.detail))
  // JSON.parse's own SyntaxError, from a parser that does not wrap it.
  if (error instanceof SyntaxError && error.statusCode === 400)
    return sendProblem(request, reply, problem(400, 'The request body is not valid JSON'))
  const status = error.statusCode
  if (status && status >= 400 && status < 500)
    return sendProblem(request, reply, problem(status, error.message))
  request.log.error({ err: error }, 'unhandled API error')
  return sendProblem(request, reply, problem(500, 'Something went wrong on the server; nothing was changed'))
}

export async function apiNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    request,
    reply,
    problem(404, `There is no ${request.method} ${request.url.split('?')[0]}`),
  )
}

function describeFieldErrors(errors: FieldError[]): string {
  const first = errors[0]
  if (!first) return 'The input breaks a rule'
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  // A file import's message starts with its line ("Line 7: …"), which says more than the column.
  const where = first.path && first.line === undefined ? `${first.path}: ` : ''
  return `${where}${first.message}${more}`
}
