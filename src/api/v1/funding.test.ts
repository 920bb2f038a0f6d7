import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from '../../test-support/builders.js'
import { aPlan } from '../../test-support/funding.js'

// The 2026-27 financial year, for which no PP+ rate is seeded.
const NOW = new Date('2026-11-23T10:00:00Z')

type FieldErrors = Array<{ path: string; message: string }>
const pathsOf = (res: { json: <T>() => T }) => res.json<{ errors: FieldErrors }>().errors.map((e) => e.path)

describe('/api/v1 pupil premium plus', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: ApiClient
  let adviser: ApiClient
  let otherAdviser: ApiClient
  let admin: ApiClient

  async function aFundedChild() {
    const pupil = await aPupil(t.ctx, school, { givenName: 'Robin' })
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: '919' }))
    const plan = await aPlan(t.ctx.db, pupil.id, {
      targets: [{ description: 'Maths <b>tuition</b>', requestedPence: 120_000 }],
    })
    const res = await adviser.post(`/pupils/${pupil.id}/funding/allocations`, {
      financialYear: 2026,
      amountPence: 263_000,
    })
    expect(res.statusCode).toBe(201)
    return { pupil, ...plan, target: plan.targets[0]! }
  }

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
    adviser = new ApiClient(t.app, (await aTokenFor(t.ctx, 'vs_adviser', null, { laCode: '919' })).token)
    otherAdviser = new ApiClient(t.app, (await aTokenFor(t.ctx, 'vs_adviser', null, { laCode: '204' })).token)
    admin = new ApiClient(t.app, (await aTokenFor(t.ctx, 'admin', null)).token)
  })
  afterAll(async () => t?.close())

  it('POST allocations → 201 for the Virtual School; 403 for the school; 404 for another LA', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ responsibleLaCode: '919' }))
    const body = { financialYear: 2026, amountPence: 263_000, note: 'Full year' }
    expect((await dt.post(`/pupils/${pupil.id}/funding/allocations`, body)).statusCode).toBe(403)
    expect((await otherAdviser.post(`/pupils/${pupil.id}/funding/allocations`, body)).statusCode).toBe(404)
    const res = await adviser.post(`/pupils/${pupil.id}/funding/allocations`, body)
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({
      financialYear: 2026,
      source: 'pp_plus_cla',
      amountPence: 263_000,
      laCode: '919',
      note: 'Full year',
    })
  })

  it('POST allocations → 422 naming the field, for pounds with a fraction of a penny and for nothing', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ responsibleLaCode: '919' }))
    const url = `/pupils/${pupil.id}/funding/allocations`
    expect(pathsOf(await adviser.post(url, { financialYear: 2026, amountPence: 12.5 }))).toEqual([
      'amountPence',
    ])
    const zero = await adviser.post(url, { financialYear: 2026, amountPence: 0 })
    expect(zero.statusCode).toBe(422)
    expect(zero.json()).toMatchObject({
      errors: [{ path: 'amountPence', message: 'Enter an amount more than £0' }],
    })
    // The school's money is not the Virtual School's to allocate.
    expect(
      (await adviser.post(url, { financialYear: 2026, amountPence: 1, source: 'pp_plus_pla' })).statusCode,
    ).toBe(403)
  })

  it('POST releases → 201 against an approved PEP target; 422 at pepId for a PEP not yet approved', async () => {
    const { pupil, pep, target } = await aFundedChild()
    const res = await adviser.post(`/pupils/${pupil.id}/funding/releases`, {
      targetId: target.id,
      amountPence: 120_000,
    })
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({
      pepId: pep.id,
      targetId: target.id,
      releasedOn: '2026-11-23',
      financialYear: 2026,
      amountPence: 120_000,
      overrideReason: null,
    })
    const submitted = await aPlan(t.ctx.db, pupil.id, { status: 'submitted', meetingDate: '2026-11-10' })
    const refused = await adviser.post(`/pupils/${pupil.id}/funding/releases`, {
      targetId: submitted.targets[0]!.id,
      amountPence: 1_000,
    })
    expect(refused.statusCode).toBe(422)
    expect(pathsOf(refused)).toEqual(['pepId'])
    expect(
      (await dt.post(`/pupils/${pupil.id}/funding/releases`, { targetId: target.id, amountPence: 1 }))
        .statusCode,
    ).toBe(403)
  })

  it('POST releases beyond the allocation → 422 at amountPence, then 201 with overrideReason', async () => {
    const { pupil, target } = await aFundedChild()
    const body = { targetId: target.id, amountPence: 300_000 }
    const refused = await adviser.post(`/pupils/${pupil.id}/funding/releases`, body)
    expect(refused.statusCode).toBe(422)
    expect(refused.json<{ errors: FieldErrors }>().errors).toEqual([
      {
        path: 'amountPence',
        message: 'This would release £3,000 in total, more than the £2,630 allocated for 2026-27',
      },
    ])
    const allowed = await adviser.post(`/pupils/${pupil.id}/funding/releases`, {
      ...body,
      overrideReason: 'Extra tuition agreed by the Virtual School Head',
    })
    expect(allowed.statusCode).toBe(201)
    expect(json(allowed)).toMatchObject({ overrideReason: 'Extra tuition agreed by the Virtual School Head' })
  })

  it('POST spends → 201 for the school, 422 with paths, 403 for the Virtual School; PATCH records the impact', async () => {
    const { pupil, target } = await aFundedChild()
    await adviser.post(`/pupils/${pupil.id}/funding/releases`, { targetId: target.id, amountPence: 100_000 })
    const url = `/pupils/${pupil.id}/funding/spends`
    const spend = {
      targetId: target.id,
      spentOn: '2026-11-20',
      amountPence: 40_000,
      description: 'Tutor',
      category: 'tuition',
    }
    expect((await adviser.post(url, spend)).statusCode).toBe(403)
    expect(pathsOf(await dt.post(url, { ...spend, category: 'sweets' }))).toEqual(['category'])
    expect(pathsOf(await dt.post(url, { ...spend, description: ' ', spentOn: '2027-01-01' }))).toEqual([
      'date',
      'description',
    ])
    const res = await dt.post(url, spend)
    expect(res.statusCode).toBe(201)
    const created = json(res) as { id: string; version: number; source: string; impact: string | null }
    expect(created).toMatchObject({ source: 'pp_plus_cla', impact: null, version: 1 })

    const patch = await dt.patch(`${url}/${created.id}`, { impact: 'Now top of the set', version: 1 })
    expect(patch.statusCode).toBe(200)
    expect(json(patch)).toMatchObject({ impact: 'Now top of the set', version: 2 })
    const stale = await dt.patch(`${url}/${created.id}`, { impact: 'Lost update', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.headers['content-type']).toContain('application/problem+json')
  })

  it('GET /pupils/{id}/funding → 200 the ledger, by target; 404 out of scope', async () => {
    const { pupil, target } = await aFundedChild()
    await adviser.post(`/pupils/${pupil.id}/funding/releases`, { targetId: target.id, amountPence: 100_000 })
    const res = await dt.get(`/pupils/${pupil.id}/funding`)
    expect(res.statusCode).toBe(200)
    const body = json(res) as Record<string, unknown>
    expect(body).toMatchObject({
      financialYear: 2026,
      label: '2026-27',
      rate: { set: false, pence: null, text: 'rate not set' },
      totals: { allocatedPence: 263_000, releasedPence: 100_000, spentPence: 0, availablePence: 100_000 },
      accounts: [
        {
          source: 'pp_plus_cla',
          unreleasedPence: 163_000,
          byTarget: [
            {
              targetId: target.id,
              description: 'Maths <b>tuition</b>',
              requestedPence: 120_000,
              releasedPence: 100_000,
              spentPence: 0,
            },
          ],
        },
      ],
    })
    expect((await dt.get(`/pupils/${pupil.id}/funding?financialYear=2025`)).json()).toMatchObject({
      rate: { set: true, pence: 263_000, text: '£2,630' },
    })
    expect(pathsOf(await dt.get(`/pupils/${pupil.id}/funding?financialYear=26`))).toEqual(['financialYear'])
    expect((await otherAdviser.get(`/pupils/${pupil.id}/funding`)).statusCode).toBe(404)
  })

  it('GET /schools/{urn}/funding → 200 totals for the school; 404 for the Virtual School', async () => {
    const res = await dt.get(`/schools/${school.urn}/funding`)
    expect(res.statusCode).toBe(200)
    const body = json(res) as { totals: { pupils: number; allocatedPence: number }; byCategory: unknown[] }
    expect(body.totals.pupils).toBeGreaterThan(0)
    expect(body.totals.allocatedPence % 263_000).toBe(0)
    expect(body.byCategory).toHaveLength(8)
    expect(res.body).not.toContain('Robin')
    expect((await adviser.get(`/schools/${school.urn}/funding`)).statusCode).toBe(404)
  })

  it('GET and PUT /funding/rates/{financialYear}: rate not set, then set once by an administrator', async () => {
    expect(json(await admin.get('/funding/rates/2027'))).toEqual({
      financialYear: 2027,
      label: '2027-28',
      set: false,
      pence: null,
      source: null,
      text: 'rate not set',
    })
    expect((await dt.get('/funding/rates/2027')).statusCode).toBe(403)
    expect((await dt.put('/funding/rates/2027', { pence: 270_000, source: 'DfE' })).statusCode).toBe(403)
    const put = await admin.put('/funding/rates/2027', { pence: 270_000, source: 'DfE conditions of grant' })
    expect(put.statusCode).toBe(200)
    expect(json(put)).toMatchObject({ set: true, pence: 270_000, text: '£2,700' })
    const again = await admin.put('/funding/rates/2027', { pence: 280_000, source: 'Again' })
    expect(again.statusCode).toBe(422)
    expect(pathsOf(again)).toEqual(['financialYear'])
    expect((await admin.get('/funding/rates/twenty')).statusCode).toBe(404)
  })
})
