import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUpn } from '../../test-support/builders.js'

const NOW = new Date('2026-03-16T10:00:00Z')

type FieldErrors = Array<{ path: string; message: string }>
const errorsOf = (res: { json: <T>() => T }) => res.json<{ errors: FieldErrors }>().errors

describe('/api/v1/pupils', () => {
  let t: TestApp
  let schoolA: Awaited<ReturnType<typeof aSchool>>
  let schoolB: Awaited<ReturnType<typeof aSchool>>
  let dt: ApiClient
  let governor: ApiClient
  let vs919: ApiClient
  let looked919: Awaited<ReturnType<typeof aPupil>>
  let looked937: Awaited<ReturnType<typeof aPupil>>
  let cinOnly: Awaited<ReturnType<typeof aPupil>>
  let pupilOfB: Awaited<ReturnType<typeof aPupil>>

  const newPupil = (over: Record<string, unknown> = {}) => ({
    upn: 'P207000016049',
    givenName: 'Robin',
    familyName: 'Apitest',
    dateOfBirth: '2014-09-12',
    schoolUrn: schoolA.urn,
    yearGroup: 6,
    senProvision: 'K',
    ...over,
  })

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    schoolA = await aSchool(t.ctx)
    schoolB = await aSchool(t.ctx)
    dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', schoolA)).token)
    governor = new ApiClient(t.app, (await aTokenFor(t.ctx, 'governor', schoolA)).token)
    vs919 = new ApiClient(t.app, (await aTokenFor(t.ctx, 'vs_adviser', null, { laCode: '919' })).token)
    looked919 = await aPupil(t.ctx, schoolB, { familyName: 'Lookedbynineteen', yearGroup: 9 })
    await anEpisode(t.ctx, looked919.id, aClaEpisode({ responsibleLaCode: '919' }))
    looked937 = await aPupil(t.ctx, schoolB, { familyName: 'Lookedbythirtyseven' })
    await anEpisode(t.ctx, looked937.id, aClaEpisode({ responsibleLaCode: '937' }))
    cinOnly = await aPupil(t.ctx, schoolB, { familyName: 'Childinneed' })
    await anEpisode(t.ctx, cinOnly.id, { type: 'CIN', startDate: '2025-11-01' })
    pupilOfB = await aPupil(t.ctx, schoolB)
  })
  afterAll(async () => t?.close())

  it('POST /pupils → 201 { id, … }, and GET /pupils/{id} reads it back', async () => {
    const res = await dt.post('/pupils', newPupil())
    expect(res.statusCode).toBe(201)
    const created = json(res)
    expect(created).toMatchObject({
      upn: 'P207000016049',
      givenName: 'Robin',
      familyName: 'Apitest',
      dateOfBirth: '2014-09-12',
      yearGroup: 6,
      senProvision: 'K',
      schoolUrn: schoolA.urn,
      version: 1,
    })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    const read = await dt.get(`/pupils/${String(created.id)}`)
    expect(read.statusCode).toBe(200)
    expect(json(read)).toEqual(created)
  })

  it('trims and upper-cases the UPN first (DOMAIN.md PD-14)', async () => {
    const res = await dt.post('/pupils', newPupil({ upn: ' p207000016049 ', schoolUrn: schoolB.urn }))
    // schoolB is not the teacher's school: the school is outside scope, so 404 …
    expect(res.statusCode).toBe(404)
    // … while in its own school the same UPN is a duplicate only once normalised.
    const dup = await dt.post('/pupils', newPupil({ upn: ' p207000016049 ', familyName: 'Dupe' }))
    expect(dup.statusCode).toBe(422)
    expect(errorsOf(dup)[0]!.path).toBe('upn')
  })

  it('accepts a UPN given in lower case with spaces around it, stored as P207000016049', async () => {
    const admin = new ApiClient(t.app, (await aTokenFor(t.ctx, 'admin', null)).token)
    const res = await admin.post('/pupils', newPupil({ upn: ' p207000016049 ', schoolUrn: schoolB.urn }))
    expect(res.statusCode).toBe(201)
    expect(json(res).upn).toBe('P207000016049')
  })

  describe('refuses bad input with 422 at the field, and changes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a UPN with a wrong check letter', { upn: 'A207000016049' }, 'upn'],
      ['a UPN of the wrong length', { upn: 'P20700001604' }, 'upn'],
      ['a date of birth in the future', { dateOfBirth: '2026-03-17' }, 'dateOfBirth'],
      ['a date of birth that is not a real date', { dateOfBirth: '2014-02-30' }, 'dateOfBirth'],
      ['a date of birth in another format', { dateOfBirth: '12/09/2014' }, 'dateOfBirth'],
      ['a year group above 14', { yearGroup: 15 }, 'yearGroup'],
      ['a year group below -1', { yearGroup: -2 }, 'yearGroup'],
      ['a year group that is not a whole number', { yearGroup: 6.5 }, 'yearGroup'],
      ['a year group given as a string', { yearGroup: '6' }, 'yearGroup'],
      ['an unknown SEN provision', { senProvision: 'X' }, 'senProvision'],
      ['a missing family name', { familyName: undefined }, 'familyName'],
      ['an empty given name', { givenName: '  ' }, 'givenName'],
    ]
    it.each(cases)('%s', async (_, over, path) => {
      const upn = aUpn()
      const res = await dt.post('/pupils', newPupil({ familyName: 'Neverstored', upn, ...over }))
      expect(res.statusCode).toBe(422)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(errorsOf(res)[0]!.path).toBe(path)
      expect(json(res).detail).toContain(path)
      const search = json(await dt.get('/pupils?q=Neverstored')).pupils as unknown[]
      expect(search).toEqual([])
    })

    it('a duplicate UPN in one school', async () => {
      const existing = await aPupil(t.ctx, schoolA)
      const res = await dt.post('/pupils', newPupil({ upn: existing.upn, familyName: 'Neverstored' }))
      expect(res.statusCode).toBe(422)
      expect(errorsOf(res)).toEqual([
        { path: 'upn', message: `A pupil with UPN ${existing.upn} is already on roll at this school` },
      ])
      expect(json(await dt.get('/pupils?q=Neverstored')).pupils).toEqual([])
    })
  })

  it('PATCH /pupils/{id} changes the given fields with the version read; a stale version is 409', async () => {
    const pupil = await aPupil(t.ctx, schoolA, { yearGroup: 7 })
    const res = await dt.patch(`/pupils/${pupil.id}`, { version: 1, yearGroup: 8, preferredName: 'Al' })
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({
      yearGroup: 8,
      preferredName: 'Al',
      familyName: pupil.familyName,
      version: 2,
    })

    const stale = await dt.patch(`/pupils/${pupil.id}`, { version: 1, yearGroup: 9 })
    expect(stale.statusCode).toBe(409)
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/)
    const bad = await dt.patch(`/pupils/${pupil.id}`, { version: 2, dateOfBirth: '2030-01-01' })
    expect(bad.statusCode).toBe(422)
    expect(errorsOf(bad)[0]!.path).toBe('dateOfBirth')
    const noVersion = await dt.patch(`/pupils/${pupil.id}`, { yearGroup: 9 })
    expect(errorsOf(noVersion)).toEqual([{ path: 'version', message: 'This field is required' }])

    expect(json(await dt.get(`/pupils/${pupil.id}`))).toMatchObject({ yearGroup: 8, version: 2 })
  })

  it('POST /pupils/{id}/leaving records the last day on roll; a bad destination or date is 422 and changes nothing', async () => {
    const pupil = await aPupil(t.ctx, schoolA)
    const bad = await dt.post(`/pupils/${pupil.id}/leaving`, {
      version: 1,
      leftOn: '2026-02-27',
      destination: 'the moon',
    })
    expect(bad.statusCode).toBe(422)
    expect(errorsOf(bad)[0]!.path).toBe('destination')
    const far = await dt.post(`/pupils/${pupil.id}/leaving`, {
      version: 1,
      leftOn: '2030-01-01',
      destination: 'not_known',
    })
    expect(errorsOf(far)).toEqual([
      { path: 'leftOn', message: 'The last day on roll must be within a year from today' },
    ])
    expect(json(await dt.get(`/pupils/${pupil.id}`))).toMatchObject({ leftOn: null, version: 1 })
    const res = await dt.post(`/pupils/${pupil.id}/leaving`, {
      version: 1,
      leftOn: '2026-02-27',
      destination: 'elective_home_education',
    })
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({ leftOn: '2026-02-27', version: 2 })
  })

  describe('scope: a record outside the token’s scope is 404; an action the role may not do is 403', () => {
    it('a designated teacher of school A gets 404 for a pupil of school B', async () => {
      const res = await dt.get(`/pupils/${pupilOfB.id}`)
      expect(res.statusCode).toBe(404)
      expect(json(res)).toMatchObject({ status: 404, detail: 'No such pupil' })
      expect((await dt.get(`/pupils/${pupilOfB.id}/status`)).statusCode).toBe(404)
      expect((await dt.patch(`/pupils/${pupilOfB.id}`, { version: 1, yearGroup: 3 })).statusCode).toBe(404)
    })

    it('a Virtual School adviser for LA 919 sees only the children LA 919 looks after', async () => {
      const own = await vs919.get(`/pupils/${looked919.id}`)
      expect(own.statusCode).toBe(200)
      expect(json(own).familyName).toBe('Lookedbynineteen')
      expect((await vs919.get(`/pupils/${looked937.id}`)).statusCode).toBe(404)
      expect((await vs919.get(`/pupils/${cinOnly.id}`)).statusCode).toBe(404)
      const register = json(await vs919.get('/pupils')).pupils as Array<{ id: string }>
      expect(register.map((p) => p.id)).toEqual([looked919.id])
    })

    it('a governor gets 403 on a pupil’s record (PD-19: no pupil:read)', async () => {
      const pupil = await aPupil(t.ctx, schoolA)
      const res = await governor.get(`/pupils/${pupil.id}`)
      expect(res.statusCode).toBe(403)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect((await governor.get('/pupils')).statusCode).toBe(403)
    })
  })

  it('GET /pupils is the register: filters by cohort, year group, name or UPN, and school', async () => {
    const admin = new ApiClient(t.app, (await aTokenFor(t.ctx, 'admin', null)).token)
    const inB = json(await admin.get(`/pupils?school=${schoolB.urn}`))
    expect(inB.on).toBe('2026-03-16')
    const ids = (inB.pupils as Array<{ id: string }>).map((p) => p.id)
    expect(ids).toEqual(expect.arrayContaining([looked919.id, looked937.id, cinOnly.id]))
    expect(ids).not.toContain(pupilOfB.id) // no status: only found by a search
    expect(inB.counts).toMatchObject({ cla: 2, csw_current: 1, csw_ever6: 1 })

    const cla = json(await admin.get(`/pupils?school=${schoolB.urn}&cohort=cla`)).pupils as Array<{
      id: string
      status: { cla: boolean; responsibleLaCode: string }
      cohorts: string[]
    }>
    expect(cla.map((p) => p.id).sort()).toEqual([looked919.id, looked937.id].sort())
    expect(cla.every((p) => p.status.cla && p.cohorts.includes('cla'))).toBe(true)

    const year9 = json(await admin.get(`/pupils?school=${schoolB.urn}&yearGroup=9`)).pupils as Array<{
      id: string
    }>
    expect(year9.map((p) => p.id)).toEqual([looked919.id])
    const byUpn = json(await admin.get(`/pupils?q=${pupilOfB.upn.toLowerCase()}`)).pupils as Array<{
      id: string
    }>
    expect(byUpn.map((p) => p.id)).toEqual([pupilOfB.id])

    const badYear = await admin.get('/pupils?yearGroup=fifteen')
    expect(badYear.statusCode).toBe(422)
    expect(errorsOf(badYear)[0]!.path).toBe('yearGroup')
    expect(errorsOf(await admin.get('/pupils?yearGroup=15'))[0]!.path).toBe('yearGroup')
    expect(errorsOf(await admin.get('/pupils?cohort=everyone'))[0]!.path).toBe('cohort')
    expect((await admin.get('/pupils?school=999999')).statusCode).toBe(404)
  })
})
