import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleBrokenError,
  UnauthenticatedError,
} from '../../services/errors.js'
import { recordRefusal } from '../../services/refusals.service.js'
import { renderPage } from '../render.js'
import { tooManyRequestsPage } from './too-many-requests.js'

/** A refusal (403, or 404 for a record out of scope) is audited; a failure to audit never hides the page. */
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

export async function webErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof UnauthenticatedError) return reply.redirect('/sign-in')
  await auditRefusal(error, request)
  if (error instanceof NotFoundError) return notFoundPage(request, reply)
  if (error instanceof ForbiddenError)
    return renderPage(request, reply, 'errors/forbidden.njk', { title: 'You cannot do this' }, 403)
  if (error instanceof ConflictError)
    return renderPage(
      request,
      reply,
      'errors/conflict.njk',
      { title: 'Someone else changed this record', back: request.headers.referer ?? '/' },
      409,
    )
  if (error.statusCode === 429) return tooManyRequestsPage(request, reply)
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET')
    return renderPage(request, reply, 'errors/csrf.njk', { title: 'Your form has expired' }, 403)
  if (error.statusCode === 413)
    return renderPage(
      request,
      reply,
      'errors/generic.njk',
      { title: 'What you sent is too large', message: 'Send something smaller.' },
      413,
    )
  if (error instanceof RuleBrokenError || (error.statusCode && error.statusCode < 500)) {
    return renderPage(
      request,
      reply,
      'errors/generic.njk',
      { title: 'Sorry, there is a problem', message: error.message },
      error.statusCode ?? 400,
    )
  }
  request.log.error({ err: error }, 'unhandled error')
  return renderPage(
    request,
    reply,
    'errors/generic.njk',
    { title: 'Sorry, there is a problem with the service', message: 'Try again later.' },
    500,
  )
}

export async function notFoundPage(request: FastifyRequest, reply: FastifyReply) {
  return renderPage(request, reply, 'errors/not-found.njk', { title: 'Page not found' }, 404)
}
