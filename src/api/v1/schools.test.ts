import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aSchool } from '../../test-support/builders.js'
import { createApiToken, SYSTEM_ACTOR } from '../../services/users.service.js'
import { aUser } from '../../test-support/builders.js'

const CALENDAR = {
  terms: [
    { name: 'autumn', start: '2026-09-03', end: '2026-12-18' },
    { name: 'spring', start: '2027-01-05', end: '2027-03-26' },
    { name: 'summer', start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: ['2026-10-23', { date: '2027-06-04', reason: 'INSET day' }],
}

describe('/api/v1/schools', () => {
  let t: TestApp
  let admin: ApiClient
  let school: Awaited<ReturnType<typeof aSchool>>
  let teacher: ApiClient

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    const { user } = await aUser(t.ctx, 'admin', null)
    admin = new ApiClient(t.app, await createApiToken(t.ctx, SYSTEM_ACTOR, user.email))
    teacher = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
  })
  afterAll(async () => t?.close())

  it('POST /schools creates a school: 201 { urn, laestab, name, laCode }', async () => {
    const res = await admin.post('/schools', { urn: '223457', laestab: '9374001', name: 'Quayside Primary' })
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({
      urn: '223457',
      laestab: '9374001',
      name: 'Quayside Primary',
      laCode: '937',
    })
    const read = await admin.get('/schools/223457')
    expect(read.statusCode).toBe(200)
    expect(json(read)).toMatchObject({ name: 'Quayside Primary', laCode: '937' })
  })

  it('refuses a URN that is not 6 digits with 422 at path urn, and creates nothing', async () => {
    const res = await admin.post('/schools', { urn: '12345', laestab: '9374002', name: 'Nowhere School' })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(json(res)).toMatchObject({ status: 422, title: 'Unprocessable Entity' })
    expect((json(res).errors as Array<{ path: string }>)[0]!.path).toBe('urn')
    const list = json(await admin.get('/schools')).schools as Array<{ name: string }>
    expect(list.map((s) => s.name)).not.toContain('Nowhere School')
  })

  it('refuses a body of the wrong shape with 422 naming the field', async () => {
    const res = await admin.post('/schools', { urn: 123456, laestab: '9374003' })
    expect(res.statusCode).toBe(422)
    expect(json(res).errors).toEqual([
      { path: 'urn', message: 'Must be a string' },
      { path: 'name', message: 'This field is required' },
    ])
  })

  it('refuses school creation to a designated teacher with 403', async () => {
    const res = await teacher.post('/schools', { urn: '223458', laestab: '9374004', name: 'Not Allowed' })
    expect(res.statusCode).toBe(403)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  })

  it('GET /schools lists only the schools the token may see', async () => {
    const all = json(await admin.get('/schools')).schools as Array<{ urn: string }>
    expect(all.map((s) => s.urn)).toEqual(expect.arrayContaining([school.urn, '223457']))
    const own = json(await teacher.get('/schools')).schools as Array<{ urn: string }>
    expect(own.map((s) => s.urn)).toEqual([school.urn])
    expect((await teacher.get('/schools/223457')).statusCode).toBe(404)
  })

  it('PUT /schools/{urn}/calendar sets the terms and closures and returns the calendar', async () => {
    const res = await admin.put(`/schools/${school.urn}/calendar`, CALENDAR)
    expect(res.statusCode).toBe(200)
    const body = json(res)
    expect(body.terms).toEqual([
      { schoolYear: 2026, name: 'autumn', start: '2026-09-03', end: '2026-12-18' },
      { schoolYear: 2026, name: 'spring', start: '2027-01-05', end: '2027-03-26' },
      { schoolYear: 2026, name: 'summer', start: '2027-04-12', end: '2027-07-21' },
    ])
    expect(body.closures).toEqual([
      { date: '2026-10-23', reason: null },
      { date: '2027-06-04', reason: 'INSET day' },
    ])
    expect(json(await teacher.get(`/schools/${school.urn}/calendar`))).toEqual(body)
  })

  it('refuses a calendar with a term ending before it starts, and keeps the old one', async () => {
    const before = json(await admin.get(`/schools/${school.urn}/calendar`))
    const res = await admin.put(`/schools/${school.urn}/calendar`, {
      terms: [{ name: 'autumn', start: '2026-09-03', end: '2026-08-01' }],
      closures: [],
    })
    expect(res.statusCode).toBe(422)
    expect((json(res).errors as Array<{ path: string }>)[0]!.path).toMatch(/^terms\.0/)
    const bad = await admin.put(`/schools/${school.urn}/calendar`, {
      terms: [{ name: 'winter', start: '2026-02-30', end: '2026-12-18' }],
    })
    expect(bad.statusCode).toBe(422)
    expect((json(bad).errors as Array<{ path: string }>).map((e) => e.path)).toEqual([
      'terms.0.name',
      'terms.0.start',
    ])
    expect(json(await admin.get(`/schools/${school.urn}/calendar`))).toEqual(before)
  })

  it('refuses a calendar change to a designated teacher (403) and for an unknown school (404)', async () => {
    expect((await teacher.put(`/schools/${school.urn}/calendar`, CALENDAR)).statusCode).toBe(403)
    expect((await admin.put('/schools/999999/calendar', CALENDAR)).statusCode).toBe(404)
  })

  it('GET/PUT /local-authorities: anyone reads, an admin changes with a version', async () => {
    const list = json(await teacher.get('/local-authorities')).localAuthorities as Array<{ code: string }>
    expect(list.length).toBeGreaterThan(0)
    const code = list[0]!.code
    const one = json(await teacher.get(`/local-authorities/${code}`))
    expect(one.code).toBe(code)
    expect((await teacher.get('/local-authorities/000')).statusCode).toBe(404)

    const change = { name: one.name, virtualSchoolEmail: 'vs@council.example.org', version: one.version }
    expect((await teacher.put(`/local-authorities/${code}`, change)).statusCode).toBe(403)
    const saved = await admin.put(`/local-authorities/${code}`, change)
    expect(saved.statusCode).toBe(200)
    expect(json(saved)).toMatchObject({
      virtualSchoolEmail: 'vs@council.example.org',
      version: Number(one.version) + 1,
    })
    const stale = await admin.put(`/local-authorities/${code}`, { ...change, virtualSchoolEmail: 'x@y.org' })
    expect(stale.statusCode).toBe(409)
    expect(json(await teacher.get(`/local-authorities/${code}`)).virtualSchoolEmail).toBe(
      'vs@council.example.org',
    )

    const created = await admin.put('/local-authorities/999', { name: 'Testshire' })
    expect(created.statusCode).toBe(200)
    expect(json(created)).toMatchObject({ code: '999', name: 'Testshire', version: 1 })
  })
})
