import { setTimeout as sleep } from 'node:timers/promises'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyFormbody from '@fastify/formbody'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentRowScope, SYSTEM_ROW_SCOPE } from '../../data/row-scope.js'
import type { Actor } from '../../domain/access/scope.js'
import { enterRowScope, reenterRowScope, rowScopeOf } from './row-scope.js'

// The row scope must reach every transaction a request opens, wherever in the request it is opened:
// after an awaited session read, after a body was parsed from the request stream, in an error handler.
// A request whose scope was lost would fall back to Harbour's own (every row), so this is tested through
// a real socket as well as through inject.

const SCHOOL = '0190a0a0-0000-7000-8000-000000000001'
const dsl: Actor = {
  userId: '0190a0a0-0000-7000-8000-0000000000aa',
  name: 'D',
  role: 'dsl',
  schoolId: SCHOOL,
  laCode: null,
}
const expected = { scope: { kind: 'school', schoolId: SCHOOL }, today: '2026-11-23' }
const signedOut = { scope: { kind: 'none' }, today: '2026-11-23' }

async function scopeApp(): Promise<FastifyInstance> {
  const app = Fastify()
  app.decorate('harbour', { ctx: { now: () => new Date('2026-11-23T10:00:00Z') } } as never)
  app.decorateRequest('actor', null)
  app.addHook('onRequest', enterRowScope)
  app.addHook('preValidation', reenterRowScope)
  await app.register(fastifyFormbody)
  // Like loadActor: the actor is known only after an await, in a later hook.
  app.addHook('preHandler', async (request) => {
    await sleep(1)
    if (request.headers['x-signed-in'] === 'yes') request.actor = dsl
  })
  const handler = async () => {
    await sleep(1)
    return currentRowScope()
  }
  app.get('/scope', handler)
  app.post('/scope', handler)
  app.get('/fails', async () => {
    await sleep(1)
    throw new Error('boom')
  })
  app.setErrorHandler(async (_error, _request, reply) => reply.status(500).send(currentRowScope()))
  app.setNotFoundHandler(async (_request, reply) => reply.status(404).send(currentRowScope()))
  return app
}

describe('the row scope of a request', () => {
  let app: FastifyInstance
  let base: string
  beforeAll(async () => {
    app = await scopeApp()
    base = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => app?.close())

  const signedIn = { 'x-signed-in': 'yes' }

  it('is the signed-in actor’s data scope, judged on the service clock’s day', async () => {
    const res = await app.inject({ method: 'GET', url: '/scope', headers: signedIn })
    expect(res.json()).toEqual(expected)
  })

  it('is nobody’s pupils before anyone is signed in', async () => {
    const res = await app.inject({ method: 'GET', url: '/scope' })
    expect(res.json()).toEqual(signedOut)
  })

  it('survives a form body and a JSON body read from the request stream', async () => {
    const form = await app.inject({
      method: 'POST',
      url: '/scope',
      headers: { ...signedIn, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1&b=2',
    })
    expect(form.json()).toEqual(expected)
    const json = await app.inject({ method: 'POST', url: '/scope', headers: signedIn, payload: { a: 1 } })
    expect(json.json()).toEqual(expected)
  })

  it('reaches the error handler and the not-found handler', async () => {
    expect((await app.inject({ method: 'GET', url: '/fails', headers: signedIn })).json()).toEqual(expected)
    expect((await app.inject({ method: 'GET', url: '/nowhere', headers: signedIn })).json()).toEqual(expected)
  })

  it('is the same through a real socket, body and all, and requests do not share it', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/scope`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'x='.padEnd(200_000, 'y'),
      }).then((r) => r.json())
    const results = await Promise.all([post(signedIn), post({}), post(signedIn), post({})])
    expect(results).toEqual([expected, signedOut, expected, signedOut])
  })

  it('is Harbour’s own (every row) outside any request: the command line, jobs', () => {
    expect(currentRowScope()).toEqual(SYSTEM_ROW_SCOPE)
  })
})

describe('rowScopeOf', () => {
  it('is the actor’s data scope: a governor’s holds no pupil rows', () => {
    expect(rowScopeOf({ ...dsl, role: 'governor' }, '2026-11-23').scope).toEqual({ kind: 'aggregates_only' })
    expect(rowScopeOf(null, '2026-11-23').scope).toEqual({ kind: 'none' })
  })
})
