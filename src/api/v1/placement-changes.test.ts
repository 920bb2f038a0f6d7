import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from '../../test-support/builders.js'

// A fixed "today", so "not after today" does not move.
const NOW = new Date('2026-03-16T10:00:00Z')

type FieldErrors = Array<{ path: string; message: string }>
type Row = Record<string, unknown> & { placementChanges?: Array<Record<string, unknown>> }

describe('/api/v1/pupils/{id}/episodes/{episodeId}/placement-changes', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: ApiClient

  const history = async (pupilId: string) =>
    json(await dt.get(`/pupils/${pupilId}/episodes`)).episodes as Row[]
  const post = (client: ApiClient, pupilId: string, episodeId: string, body: unknown) =>
    client.post(`/pupils/${pupilId}/episodes/${episodeId}/placement-changes`, body)

  async function aLookedAfterPupil() {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2024-01-10' }))
    return { pupil, episode }
  }

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
  })
  afterAll(async () => t?.close())

  it('records a change: 201, and the CLA row of the history lists it', async () => {
    const { pupil, episode } = await aLookedAfterPupil()
    await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2023-01-09', endDate: '2023-12-31' })
    const res = await post(dt, pupil.id, episode.id, {
      changedOn: '2025-03-03',
      kind: 'placement',
      note: 'Moved nearer to school',
    })
    expect(res.statusCode).toBe(201)
    const change = json(res)
    expect(change).toEqual({
      id: expect.any(String) as unknown,
      episodeId: episode.id,
      changedOn: '2025-03-03',
      kind: 'placement',
      note: 'Moved nearer to school',
    })
    const schoolMove = await post(dt, pupil.id, episode.id, { changedOn: '2026-03-16', kind: 'school' })
    expect(schoolMove.statusCode).toBe(201)
    expect(json(schoolMove).note).toBeNull()

    const rows = await history(pupil.id)
    const cla = rows.find((r) => r.type === 'CLA')!
    const cin = rows.find((r) => r.type === 'CIN')!
    // The existing fields are all still there.
    expect(cla).toMatchObject({ id: episode.id, legalStatus: 'C2', current: true, startDate: '2024-01-10' })
    expect(cla.placementChanges).toEqual([change, json(schoolMove)])
    expect(cin).not.toHaveProperty('placementChanges')
  })

  it('keeps a change on the corrected episode: both rows list it', async () => {
    const { pupil, episode } = await aLookedAfterPupil()
    const change = json(await post(dt, pupil.id, episode.id, { changedOn: '2025-03-03', kind: 'school' }))
    const corrected = json(
      await dt.post(`/pupils/${pupil.id}/episodes/${episode.id}/corrections`, {
        startDate: '2024-01-08',
        legalStatus: 'C1',
        responsibleLaCode: '919',
        reason: 'Interim care order first',
      }),
    )
    const rows = await history(pupil.id)
    expect(rows.map((r) => [r.id, r.current, r.placementChanges])).toEqual([
      [corrected.id, true, [change]],
      [episode.id, false, [change]],
    ])
    // The superseded row takes no more changes; its correction does.
    expect(
      (await post(dt, pupil.id, episode.id, { changedOn: '2025-04-01', kind: 'school' })).statusCode,
    ).toBe(404)
    expect(
      (await post(dt, pupil.id, String(corrected.id), { changedOn: '2025-04-01', kind: 'school' }))
        .statusCode,
    ).toBe(201)
  })

  describe('refuses bad input with 422, and records nothing', () => {
    it.each([
      ['a date before the episode started', { changedOn: '2024-01-09', kind: 'placement' }, 'changedOn'],
      ['a date after today', { changedOn: '2026-03-17', kind: 'placement' }, 'changedOn'],
      ['a date that is not a date', { changedOn: '2025-02-30', kind: 'placement' }, 'changedOn'],
      ['no date', { kind: 'placement' }, 'changedOn'],
      ['a kind that is neither placement nor school', { changedOn: '2025-03-03', kind: 'home' }, 'kind'],
    ])('%s', async (_, body, path) => {
      const { pupil, episode } = await aLookedAfterPupil()
      const res = await post(dt, pupil.id, episode.id, body)
      expect(res.statusCode).toBe(422)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json<{ errors: FieldErrors }>().errors.map((e) => e.path)).toEqual([path])
      expect((await history(pupil.id))[0]!.placementChanges).toEqual([])
    })

    it('names the day the episode started', async () => {
      const { pupil, episode } = await aLookedAfterPupil()
      const res = await post(dt, pupil.id, episode.id, { changedOn: '2023-12-01', kind: 'school' })
      expect(res.json<{ errors: FieldErrors }>().errors[0]!.message).toMatch(/10 January 2024/)
    })
  })

  it('is 404 for an episode that is not CLA, and for an unknown one', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2025-09-01' })
    const body = { changedOn: '2025-10-01', kind: 'placement' }
    expect((await post(dt, pupil.id, episode.id, body)).statusCode).toBe(404)
    expect((await post(dt, pupil.id, 'not-an-id', body)).statusCode).toBe(404)
    const rows = await history(pupil.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).not.toHaveProperty('placementChanges')
  })

  it('is 404 for a pupil of another school, and 403 for an attendance officer', async () => {
    const { pupil, episode } = await aLookedAfterPupil()
    const body = { changedOn: '2025-03-03', kind: 'placement' }
    const elsewhere = new ApiClient(
      t.app,
      (await aTokenFor(t.ctx, 'designated_teacher', await aSchool(t.ctx))).token,
    )
    const elsewhereRes = await post(elsewhere, pupil.id, episode.id, body)
    expect(elsewhereRes.statusCode).toBe(404)
    expect((await elsewhere.get(`/pupils/${pupil.id}/episodes`)).statusCode).toBe(404)
    const officer = new ApiClient(t.app, (await aTokenFor(t.ctx, 'attendance_officer', school)).token)
    expect((await post(officer, pupil.id, episode.id, body)).statusCode).toBe(403)
    expect((await history(pupil.id))[0]!.placementChanges).toEqual([])
  })

  it('is described in the OpenAPI document, with the history rows’ placementChanges', async () => {
    const doc = json(await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' }))
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>
    const op = paths['/pupils/{id}/episodes/{episodeId}/placement-changes']!.post!
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '403', '404', '422']))
    const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas
    const change = schemas.PlacementChange as { properties: Record<string, unknown> }
    expect(Object.keys(change.properties).sort()).toEqual(['changedOn', 'episodeId', 'id', 'kind', 'note'])
    // The history rows are the Episode with an optional `placementChanges`.
    const entry = JSON.stringify(schemas.EpisodeHistoryEntry)
    expect(entry).toContain('#/components/schemas/Episode"')
    expect(entry).toContain('"placementChanges"')
    expect(entry).toContain('#/components/schemas/PlacementChange"')
  })
})
