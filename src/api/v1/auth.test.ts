import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aPupil, aSchool } from '../../test-support/builders.js'

const PROBLEM = /^application\/problem\+json/

describe('API tokens and errors as problem+json', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let token: string
  let api: ApiClient

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    token = (await aTokenFor(t.ctx, 'designated_teacher', school)).token
    api = new ApiClient(t.app, token)
  })
  afterAll(async () => t?.close())

  it('refuses a request without a token with 401 problem+json', async () => {
    const res = await new ApiClient(t.app, null).get('/schools')
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toMatch(PROBLEM)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(json(res)).toMatchObject({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: expect.stringContaining('Bearer') as unknown,
    })
  })

  it('refuses an unknown token, and a token sent without the Bearer scheme', async () => {
    expect((await new ApiClient(t.app, 'hbr_not-a-real-token').get('/schools')).statusCode).toBe(401)
    const basic = await t.app.inject({
      method: 'GET',
      url: '/api/v1/schools',
      headers: { authorization: `Basic ${token}` },
    })
    expect(basic.statusCode).toBe(401)
    expect(basic.headers['content-type']).toMatch(PROBLEM)
  })

  it('checks the token before reading the body', async () => {
    const res = await new ApiClient(t.app, null).post('/pupils', { upn: 'x' })
    expect(res.statusCode).toBe(401)
  })

  it('accepts a good token, whatever the case of "Bearer"', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/schools/${school.urn}`,
      headers: { authorization: `bearer ${token}` },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
  })

  it('answers an unknown API path with 404 problem+json', async () => {
    const res = await api.get('/no-such-thing')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toMatch(PROBLEM)
    expect(json(res)).toMatchObject({ status: 404, title: 'Not Found' })
  })

  it('answers an id that cannot exist with 404, like an unknown one', async () => {
    expect((await api.get('/pupils/not-a-uuid')).statusCode).toBe(404)
    expect((await api.get('/pupils/0196f3a2-7c1e-7b3a-9f00-1c2d3e4f5a6b')).statusCode).toBe(404)
  })

  it('refuses a JSON body over 1 MB with 413 problem+json', async () => {
    const big = JSON.stringify({ upn: 'A'.repeat(1024 * 1024 + 10) })
    const res = await api.raw({
      method: 'POST',
      url: '/pupils',
      headers: { 'content-type': 'application/json' },
      payload: big,
    })
    expect(res.statusCode).toBe(413)
    expect(res.headers['content-type']).toMatch(PROBLEM)
    expect(json(res)).toMatchObject({ status: 413, title: 'Payload Too Large' })
  })

  it('refuses a text/plain body with 415 problem+json', async () => {
    const res = await api.raw({
      method: 'POST',
      url: '/pupils',
      headers: { 'content-type': 'text/plain' },
      payload: 'upn=A123',
    })
    expect(res.statusCode).toBe(415)
    expect(res.headers['content-type']).toMatch(PROBLEM)
    expect(json(res)).toMatchObject({
      status: 415,
      detail: expect.stringContaining('application/json') as unknown,
    })
  })

  it('refuses a form-encoded body with 415: the API reads JSON only', async () => {
    const res = await api.raw({
      method: 'POST',
      url: '/schools',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'urn=123456&laestab=9191234&name=X',
    })
    expect(res.statusCode).toBe(415)
  })

  it('refuses malformed JSON with 400 problem+json', async () => {
    const res = await api.raw({
      method: 'POST',
      url: '/pupils',
      headers: { 'content-type': 'application/json' },
      payload: '{"upn": ',
    })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(PROBLEM)
    expect(json(res)).toMatchObject({ status: 400, detail: 'The request body is not valid JSON' })
  })

  it('refuses a missing body with 422 rather than Fastify’s 400 schema error', async () => {
    const res = await api.raw({ method: 'POST', url: '/pupils' })
    expect(res.statusCode).toBe(422)
    expect(json(res).errors).toEqual([{ path: '', message: 'Send a JSON object as the request body' }])
  })

  it('keeps the web pages’ own error pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no-such-page' })
    expect(res.headers['content-type']).toMatch(/^text\/html/)
  })

  it('lets a token read only what its user may: a pupil of its own school', async () => {
    const pupil = await aPupil(t.ctx, school)
    expect((await api.get(`/pupils/${pupil.id}`)).statusCode).toBe(200)
  })
})
