import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantSection } from '../../services/sections.service.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../test-support/builders.js'

type Episode = {
  id: string
  type: string
  startDate: string
  cpCategory: string | null
  note: string | null
  restricted: boolean
}
const episodesOf = (res: { json: <T>() => T }) => res.json<{ episodes: Episode[] }>().episodes

// DESIGN.md access layer 3: a plan's category of abuse (and its note) is for the DSL, the headteacher,
// or someone with an explicit grant. Everyone else who may read the pupil sees the plan and its dates.
describe('child protection details in /api/v1/pupils/{id}/episodes', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupil>>
  let dt: Awaited<ReturnType<typeof aTokenFor>>
  let dsl: Awaited<ReturnType<typeof aTokenFor>>
  let planId: string

  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date('2026-03-16T10:00:00Z') })
    school = await aSchool(t.ctx)
    pupil = await aPupil(t.ctx, school)
    await anEpisode(
      t.ctx,
      pupil.id,
      aClaEpisode({ startDate: '2020-01-01', endDate: '2020-06-30', note: 'Short stay' }),
    )
    planId = (
      await anEpisode(t.ctx, pupil.id, {
        type: 'CP',
        startDate: '2026-01-12',
        cpCategory: 'neglect',
        note: 'Conference notes',
      })
    ).episode.id
    dt = await aTokenFor(t.ctx, 'designated_teacher', school)
    dsl = await aTokenFor(t.ctx, 'dsl', school)
  })
  afterAll(async () => t?.close())

  it('gives the designated teacher the plan and its dates, with the details null and restricted: true', async () => {
    const res = await new ApiClient(t.app, dt.token).get(`/pupils/${pupil.id}/episodes`)
    expect(res.statusCode).toBe(200)
    const [cla, cp] = episodesOf(res)
    expect(cp).toMatchObject({
      type: 'CP',
      startDate: '2026-01-12',
      cpCategory: null,
      note: null,
      restricted: true,
    })
    expect(cla).toMatchObject({ type: 'CLA', note: 'Short stay', restricted: false })
    expect(res.body).not.toContain('neglect')
    expect(res.body).not.toContain('Conference notes')
  })

  it('gives the DSL the category', async () => {
    const res = await new ApiClient(t.app, dsl.token).get(`/pupils/${pupil.id}/episodes`)
    expect(episodesOf(res)[1]).toMatchObject({
      cpCategory: 'neglect',
      note: 'Conference notes',
      restricted: false,
    })
  })

  it('gives the category to someone with an explicit grant', async () => {
    const senco = await aTokenFor(t.ctx, 'senco', school)
    const api = new ApiClient(t.app, senco.token)
    expect(episodesOf(await api.get(`/pupils/${pupil.id}/episodes`))[1]!.restricted).toBe(true)
    const head = await aUser(t.ctx, 'headteacher', school)
    await grantSection(t.ctx, head.actor, senco.user.email, 'child_protection')
    expect(episodesOf(await api.get(`/pupils/${pupil.id}/episodes`))[1]).toMatchObject({
      cpCategory: 'neglect',
      restricted: false,
    })
  })

  it('answers a correction by the designated teacher without the details, and keeps them', async () => {
    const res = await new ApiClient(t.app, dt.token).post(
      `/pupils/${pupil.id}/episodes/${planId}/corrections`,
      {
        startDate: '2026-01-05',
        reason: 'Wrong start date',
      },
    )
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({ startDate: '2026-01-05', cpCategory: null, restricted: true })
    const history = episodesOf(await new ApiClient(t.app, dsl.token).get(`/pupils/${pupil.id}/episodes`))
    expect(history.find((e) => e.id === json(res).id)).toMatchObject({
      cpCategory: 'neglect',
      note: 'Conference notes',
    })
  })

  it('describes restricted in the OpenAPI document', async () => {
    const doc = json(await new ApiClient(t.app, null).get('/openapi.json')) as {
      components: { schemas: { Episode: { required: string[]; properties: Record<string, unknown> } } }
    }
    expect(doc.components.schemas.Episode.properties.restricted).toMatchObject({ type: 'boolean' })
    expect(doc.components.schemas.Episode.required).toContain('restricted')
  })
})
