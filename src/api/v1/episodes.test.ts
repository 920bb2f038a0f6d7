import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aPupil, aSchool } from '../../test-support/builders.js'
import { assignStaff } from '../../services/contacts.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'

// A fixed "today", so the status and the ever-6 window do not move.
const NOW = new Date('2026-03-16T10:00:00Z')

type FieldErrors = Array<{ path: string; message: string }>
const errorsOf = (res: { json: <T>() => T }) => res.json<{ errors: FieldErrors }>().errors

describe('/api/v1/pupils/{id}/episodes and /status', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: ApiClient
  let governor: ApiClient

  const history = async (pupilId: string) => json(await dt.get(`/pupils/${pupilId}/episodes`)).episodes

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
    governor = new ApiClient(t.app, (await aTokenFor(t.ctx, 'governor', school)).token)
  })
  afterAll(async () => t?.close())

  it('POST /pupils/{id}/episodes records a CLA episode: 201, and it is in the history', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await dt.post(`/pupils/${pupil.id}/episodes`, {
      type: 'CLA',
      startDate: '2025-06-02',
      legalStatus: 'C2',
      responsibleLaCode: '919',
      route: 'adoption', // not a CLA field: ignored
    })
    expect(res.statusCode).toBe(201)
    const episode = json(res)
    expect(episode).toMatchObject({
      pupilId: pupil.id,
      type: 'CLA',
      startDate: '2025-06-02',
      endDate: null,
      legalStatus: 'C2',
      responsibleLaCode: '919',
      route: null,
      current: true,
      warnings: [],
    })
    const rows = (await history(pupil.id)) as Array<Record<string, unknown>>
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: episode.id, current: true })
  })

  it('warns about, but accepts, an LA code Harbour does not know (DOMAIN.md PD-14)', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await dt.post(`/pupils/${pupil.id}/episodes`, {
      type: 'CLA',
      startDate: '2025-06-02',
      legalStatus: 'C1',
      responsibleLaCode: '998',
    })
    expect(res.statusCode).toBe(201)
    expect((json(res).warnings as FieldErrors)[0]!.path).toBe('responsibleLaCode')
  })

  describe('refuses a bad episode with 422, and records nothing', () => {
    it.each([
      [
        'an episode that ends before it starts',
        { type: 'CIN', startDate: '2025-06-02', endDate: '2025-06-01' },
        'endDate',
      ],
      [
        'an unknown legal status',
        { type: 'CLA', startDate: '2025-06-02', legalStatus: 'X9', responsibleLaCode: '919' },
        'legalStatus',
      ],
      [
        'a CLA with no legal status',
        { type: 'CLA', startDate: '2025-06-02', responsibleLaCode: '919' },
        'legalStatus',
      ],
      [
        'a CLA with an LA code that is not 3 digits',
        { type: 'CLA', startDate: '2025-06-02', legalStatus: 'C2', responsibleLaCode: '91' },
        'responsibleLaCode',
      ],
      ['an unknown type', { type: 'SEN', startDate: '2025-06-02' }, 'type'],
      ['a start date that is not a date', { type: 'CIN', startDate: 'yesterday' }, 'startDate'],
      ['a start date in the future', { type: 'CIN', startDate: '2026-03-17' }, 'startDate'],
      ['a PLA without a route', { type: 'PLA', startDate: '2020-01-01' }, 'route'],
      [
        'a kinship episode with an unknown arrangement',
        { type: 'KINSHIP', startDate: '2025-01-01', arrangement: 'aunt' },
        'arrangement',
      ],
    ])('%s', async (_, body, path) => {
      const pupil = await aPupil(t.ctx, school)
      const res = await dt.post(`/pupils/${pupil.id}/episodes`, body)
      expect(res.statusCode).toBe(422)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(errorsOf(res)[0]!.path).toBe(path)
      expect(await history(pupil.id)).toEqual([])
    })

    it('a PLA that overlaps a CLA episode (DOMAIN.md DEF-13)', async () => {
      const pupil = await aPupil(t.ctx, school)
      const cla = {
        type: 'CLA',
        startDate: '2023-01-09',
        endDate: '2025-04-30',
        legalStatus: 'E1',
        responsibleLaCode: '919',
      }
      expect((await dt.post(`/pupils/${pupil.id}/episodes`, cla)).statusCode).toBe(201)
      const before = await history(pupil.id)
      const res = await dt.post(`/pupils/${pupil.id}/episodes`, {
        type: 'PLA',
        startDate: '2025-04-30',
        route: 'adoption',
      })
      expect(res.statusCode).toBe(422)
      expect(errorsOf(res)[0]!.message).toMatch(/overlaps/)
      expect(await history(pupil.id)).toEqual(before)
      // The day after the CLA episode's last day is fine.
      const next = await dt.post(`/pupils/${pupil.id}/episodes`, {
        type: 'PLA',
        startDate: '2025-05-01',
        route: 'adoption',
      })
      expect(next.statusCode).toBe(201)
    })
  })

  it('corrects an episode: the correction supersedes it and both stay in the history', async () => {
    const pupil = await aPupil(t.ctx, school)
    const first = json(
      await dt.post(`/pupils/${pupil.id}/episodes`, {
        type: 'CP',
        startDate: '2025-09-01',
        cpCategory: 'neglect',
      }),
    )
    const res = await dt.post(`/pupils/${pupil.id}/episodes/${String(first.id)}/corrections`, {
      startDate: '2025-08-28',
      cpCategory: 'emotional_abuse',
      reason: 'Wrong start date on the conference minutes',
    })
    expect(res.statusCode).toBe(201)
    const corrected = json(res)
    expect(corrected).toMatchObject({
      type: 'CP',
      startDate: '2025-08-28',
      supersedesId: first.id,
      current: true,
    })
    const rows = (await history(pupil.id)) as Array<Record<string, unknown>>
    expect(rows.map((r) => [r.id, r.current])).toEqual([
      [corrected.id, true],
      [first.id, false],
    ])
    // The old row is no longer current, so correcting it again is a 404; a correction needs a reason.
    const again = await dt.post(`/pupils/${pupil.id}/episodes/${String(first.id)}/corrections`, {
      startDate: '2025-08-27',
      reason: 'again',
    })
    expect(again.statusCode).toBe(404)
    const noReason = await dt.post(`/pupils/${pupil.id}/episodes/${String(corrected.id)}/corrections`, {
      startDate: '2025-08-27',
    })
    expect(errorsOf(noReason)).toEqual([{ path: 'reason', message: 'This field is required' }])
  })

  it('withdraws an episode recorded in error: it stops counting', async () => {
    const pupil = await aPupil(t.ctx, school)
    const e = json(await dt.post(`/pupils/${pupil.id}/episodes`, { type: 'CIN', startDate: '2025-09-01' }))
    expect(json(await dt.get(`/pupils/${pupil.id}/status`)).cswCurrent).toBe(true)
    const res = await dt.post(`/pupils/${pupil.id}/episodes/${String(e.id)}/withdrawal`, {
      reason: 'Wrong pupil',
    })
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({ withdrawnReason: 'Wrong pupil', current: false })
    expect(json(await dt.get(`/pupils/${pupil.id}/status`)).cswCurrent).toBe(false)
  })

  describe('GET /pupils/{id}/status', () => {
    it('flags a CLA on short breaks (V3) as shortBreaksOnly, with the responsible LA', async () => {
      const pupil = await aPupil(t.ctx, school)
      await dt.post(`/pupils/${pupil.id}/episodes`, {
        type: 'CLA',
        startDate: '2025-10-06',
        legalStatus: 'V3',
        responsibleLaCode: '937',
      })
      const res = await dt.get(`/pupils/${pupil.id}/status`)
      expect(res.statusCode).toBe(200)
      expect(json(res)).toEqual({
        on: '2026-03-16',
        cla: true,
        pla: false,
        cswCurrent: false,
        cswEver6: false,
        kinship: false,
        shortBreaksOnly: true,
        responsibleLaCode: '937',
      })
      // Before the episode started, the child was not looked after.
      expect(json(await dt.get(`/pupils/${pupil.id}/status?on=2025-10-05`))).toMatchObject({
        on: '2025-10-05',
        cla: false,
        shortBreaksOnly: false,
        responsibleLaCode: null,
      })
    })

    it('flags ever-6 CSW, not current, after a CIN plan that ended 5 years ago (DOMAIN.md PD-3)', async () => {
      const pupil = await aPupil(t.ctx, school)
      const res = await dt.post(`/pupils/${pupil.id}/episodes`, {
        type: 'CIN',
        startDate: '2020-09-01',
        endDate: '2021-03-16',
        cinCategory: 'N4',
      })
      expect(res.statusCode).toBe(201)
      expect(json(await dt.get(`/pupils/${pupil.id}/status`))).toMatchObject({
        cla: false,
        cswCurrent: false,
        cswEver6: true,
        responsibleLaCode: null,
      })
      // Six years and a day after the plan's last day, it no longer counts.
      expect(json(await dt.get(`/pupils/${pupil.id}/status?on=2027-03-17`)).cswEver6).toBe(false)
    })

    it('refuses a date that is not a date with 422 at path on', async () => {
      const pupil = await aPupil(t.ctx, school)
      const res = await dt.get(`/pupils/${pupil.id}/status?on=2026-13-01`)
      expect(res.statusCode).toBe(422)
      expect(errorsOf(res)[0]!.path).toBe('on')
    })

    it('is 403 for a governor, and 404 for a pupil of another school', async () => {
      const pupil = await aPupil(t.ctx, school)
      expect((await governor.get(`/pupils/${pupil.id}/status`)).statusCode).toBe(403)
      const other = await aPupil(t.ctx, await aSchool(t.ctx))
      expect((await dt.get(`/pupils/${other.id}/status`)).statusCode).toBe(404)
      expect(
        (await dt.post(`/pupils/${other.id}/episodes`, { type: 'CIN', startDate: '2025-01-06' })).statusCode,
      ).toBe(404)
      expect((await dt.get(`/pupils/${other.id}/episodes`)).statusCode).toBe(404)
    })
  })

  it('GET /tasks: staff assigned to a pupil get a task when the pupil gets a social worker (POL-30)', async () => {
    const pupil = await aPupil(t.ctx, school)
    const keyAdult = await aTokenFor(t.ctx, 'staff', school)
    await assignStaff(t.ctx, SYSTEM_ACTOR, pupil.id, { userId: keyAdult.user.id, role: 'key_adult' })
    const staff = new ApiClient(t.app, keyAdult.token)
    expect(json(await staff.get('/tasks')).tasks).toEqual([])

    expect(
      (await dt.post(`/pupils/${pupil.id}/episodes`, { type: 'CP', startDate: '2026-03-16' })).statusCode,
    ).toBe(201)
    const tasks = json(await staff.get('/tasks')).tasks as Array<Record<string, unknown>>
    expect(tasks).toHaveLength(1)
    expect(tasks[0]).toMatchObject({
      kind: 'social_worker_allocated',
      dueOn: '2026-03-16',
      state: 'due_today',
      pupil: { id: pupil.id, givenName: pupil.givenName, familyName: pupil.familyName },
      doneAt: null,
    })
    const done = await staff.post(`/tasks/${String(tasks[0]!.id)}/done`, { note: 'Read it' })
    expect(done.statusCode).toBe(200)
    expect(json(done)).toMatchObject({ state: 'done', doneNote: 'Read it' })
    expect(json(await staff.get('/tasks')).tasks).toEqual([])
    const all = json(await staff.get('/tasks?includeDone=true')).tasks as Array<Record<string, unknown>>
    expect(all.map((x) => x.state)).toEqual(['done'])
    // Someone else's task is not found; a governor may not read tasks.
    expect((await dt.post(`/tasks/${String(tasks[0]!.id)}/done`, {})).statusCode).toBe(404)
    expect((await governor.get('/tasks')).statusCode).toBe(403)
  })
})
