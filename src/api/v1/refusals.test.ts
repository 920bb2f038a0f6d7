import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, statusEpisodes } from '../../data/schema/index.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from '../../test-support/builders.js'

describe('refused API calls are audited (access.denied)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    pupil = await aPupil(t.ctx, school, { familyName: 'Apirefused' })
    await anEpisode(t.ctx, pupil.id, aClaEpisode())
  })
  afterAll(async () => t?.close())

  const refusalsBy = (userId: string) =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, 'access.denied')))

  it('answers a governor asking for a pupil 403, and writes one event naming the pupil', async () => {
    const { user, token } = await aTokenFor(t.ctx, 'governor', school)
    const res = await new ApiClient(t.app, token).get(`/pupils/${pupil.id}`)
    expect(res.statusCode).toBe(403)
    expect(res.body).not.toContain('Apirefused')
    const events = await refusalsBy(user.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      pupilId: pupil.id,
      schoolId: school.id,
      details: { action: 'pupil:read', route: 'GET /api/v1/pupils/:id' },
    })
  })

  it('answers a school outside the pupil’s 404, as for an unknown id, and writes one event', async () => {
    const { user, token } = await aTokenFor(t.ctx, 'designated_teacher', await aSchool(t.ctx))
    const api = new ApiClient(t.app, token)
    const refused = await api.get(`/pupils/${pupil.id}/episodes`)
    const unknown = await api.get(`/pupils/${randomUUID()}/episodes`)
    expect([refused.statusCode, unknown.statusCode]).toEqual([404, 404])
    expect(json(refused).detail).toBe(json(unknown).detail)
    const events = await refusalsBy(user.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      pupilId: pupil.id,
      details: { action: 'pupil:read', route: 'GET /api/v1/pupils/:id/episodes' },
    })
  })

  it('records a refused change with the action tried, and changes nothing', async () => {
    const { user, token } = await aTokenFor(t.ctx, 'staff', school)
    const episodes = () => t.ctx.db.select().from(statusEpisodes).where(eq(statusEpisodes.pupilId, pupil.id))
    const before = await episodes()
    const res = await new ApiClient(t.app, token).post(`/pupils/${pupil.id}/episodes`, {
      type: 'CIN',
      startDate: '2026-01-05',
    })
    expect(res.statusCode).toBe(403)
    expect(await episodes()).toEqual(before)
    const events = await refusalsBy(user.id)
    expect(events.map((e) => (e.details as { action: string }).action)).toEqual(['episode:create'])
  })
})
