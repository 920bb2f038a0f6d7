import { AsyncResource } from 'node:async_hooks'
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { runWithRowScope, type RowScope } from '../../data/row-scope.js'
import { todayInLondon } from '../../domain/calendar/dates.js'
import { dataScopeOf, type Actor } from '../../domain/access/scope.js'

/** The row scope of a request: its actor's data scope; nobody's pupils before anyone is signed in. */
export function rowScopeOf(actor: Actor | null, today: string): RowScope {
  return { scope: actor ? dataScopeOf(actor) : { kind: 'none' }, today }
}

const requestScopes = new WeakMap<FastifyRequest, AsyncResource>()

/**
 * `onRequest`, first of all: every transaction opened for this request gets the row scope of its
 * actor (row-level-security.sql), read when the transaction starts, since the actor is known only
 * once the session or token has been read. Callback style, so that the rest of the request runs
 * inside `runWithRowScope`.
 */
export function enterRowScope(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  const { ctx } = request.server.harbour
  runWithRowScope(
    () => rowScopeOf(request.actor, todayInLondon(ctx.now())),
    () => {
      const resource = new AsyncResource('harbour-row-scope')
      requestScopes.set(request, resource)
      resource.runInAsyncScope(done)
    },
  )
}

/**
 * `preValidation`: a body is read from the request stream, whose events may run outside the request's
 * async context (they do on Node versions before 24), so the request's scope is entered again once the
 * body has been parsed.
 */
export function reenterRowScope(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
) {
  const resource = requestScopes.get(request)
  if (resource) resource.runInAsyncScope(done)
  else done()
}
