import { and, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tasks } from '../../data/schema/index.js'
import { syncPepDueTasks } from '../../services/pep-schedule.service.js'
import { setCalendar } from '../../services/schools.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from '../../test-support/builders.js'

// Monday 23 November 2026.
const NOW = new Date('2026-11-23T10:00:00Z')

const CALENDAR = {
  terms: [
    { name: 'autumn' as const, start: '2026-09-03', end: '2026-12-18' },
    { name: 'spring' as const, start: '2027-01-05', end: '2027-03-26' },
    { name: 'summer' as const, start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: [],
}

type Schedule = { required: boolean; status: string; nextDue: string | null; reasons: string[] }

describe('/api/v1/pupils/{id}/peps and /pep-schedule', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: ApiClient
  let adviser: ApiClient

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    await setCalendar(t.ctx, SYSTEM_ACTOR, school.urn, CALENDAR)
    dt = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
    adviser = new ApiClient(t.app, (await aTokenFor(t.ctx, 'vs_adviser', null, { laCode: '919' })).token)
  })
  afterAll(async () => t?.close())

  async function newToCare(startDate: string) {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate, responsibleLaCode: '919' }))
    return pupil
  }

  const schedule = async (pupilId: string, on?: string) => {
    const res = await dt.get(`/pupils/${pupilId}/pep-schedule${on ? `?on=${on}` : ''}`)
    expect(res.statusCode).toBe(200)
    return json(res) as Schedule
  }

  it('is overdue on the statutory clock when the initial PEP was due 10 working days after care began (PEP-2)', async () => {
    const pupil = await newToCare('2026-11-02')
    const s = await schedule(pupil.id)
    expect(s).toMatchObject({ required: true, status: 'overdue', nextDue: '2026-11-16' })
    expect(s.reasons.join(' ')).toContain('PEP-2')
    // Asked about the day care began, the same PEP is due soon.
    expect(await schedule(pupil.id, '2026-11-02')).toMatchObject({
      status: 'due_soon',
      nextDue: '2026-11-16',
    })
  })

  it('counts a PEP once submitted, not while a draft (PD-18)', async () => {
    const pupil = await newToCare('2026-11-02')
    const body = {
      meetingDate: '2026-11-12',
      content: { childVoice: { ownWords: 'I want to join the art club.' } },
      targets: [
        {
          description: 'Join the art club',
          successCriteria: 'Attends weekly',
          owner: 'Form tutor',
          dueBy: '2027-02-12',
        },
      ],
    }
    const draft = await dt.post(`/pupils/${pupil.id}/peps`, body)
    expect(draft.statusCode).toBe(201)
    expect(json(draft)).toMatchObject({ status: 'draft' })
    expect((await schedule(pupil.id)).status).toBe('overdue')

    const { id, version } = json(draft) as { id: string; version: number }
    const submitted = await dt.post(`/pupils/${pupil.id}/peps/${id}/submit`, { version })
    expect(submitted.statusCode).toBe(200)
    const after = await schedule(pupil.id)
    expect(after.status).not.toBe('overdue')
    expect(after.nextDue! > '2026-11-23').toBe(true)
  })

  it('creates the DT’s "PEP due" task once, and closes it when a PEP is submitted', async () => {
    const pupil = await newToCare('2026-11-09')
    const open = () =>
      t.ctx.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.pupilId, pupil.id), eq(tasks.kind, 'pep_due'), isNull(tasks.doneAt)))
    await syncPepDueTasks(t.ctx)
    const first = await open()
    await syncPepDueTasks(t.ctx)
    expect(await open()).toHaveLength(first.length)
    // The initial PEP (PEP-2) is due today; the first review (PEP-3) falls inside the four weeks ahead too.
    const initial = first.find((x) => x.dueOn === '2026-11-23')
    expect(initial).toMatchObject({ assigneeRole: 'designated_teacher' })
    expect(initial!.title).toMatch(/^PEP due by 23 November 2026/)

    const res = await dt.post(`/pupils/${pupil.id}/peps`, {
      meetingDate: '2026-11-20',
      submit: true,
      content: { childVoice: { ownWords: 'Fine.' } },
      targets: [
        {
          description: 'Settle in',
          successCriteria: 'Has a trusted adult',
          owner: 'DT',
          dueBy: '2027-01-29',
        },
      ],
    })
    expect(json(res)).toMatchObject({ status: 'submitted' })
    expect(await open()).toHaveLength(0)
  })

  it('refuses a PEP submitted with a future meeting date, with the path, and keeps nothing', async () => {
    const pupil = await newToCare('2026-10-01')
    const res = await dt.post(`/pupils/${pupil.id}/peps`, {
      meetingDate: '2026-12-01',
      submit: true,
      content: { childVoice: { ownWords: 'x' } },
      targets: [{ description: 'a', successCriteria: 'b', owner: 'c', dueBy: '2027-01-01' }],
    })
    expect(res.statusCode).toBe(422)
    expect((json(res).errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['meetingDate'])
    expect(json(await dt.get(`/pupils/${pupil.id}/peps`))).toEqual([])
  })

  it('lets the adviser of the responsible LA read the schedule, and no one else’s DT', async () => {
    const pupil = await newToCare('2026-10-01')
    expect((await adviser.get(`/pupils/${pupil.id}/pep-schedule`)).statusCode).toBe(200)
    const otherDt = new ApiClient(
      t.app,
      (await aTokenFor(t.ctx, 'designated_teacher', await aSchool(t.ctx))).token,
    )
    expect((await otherDt.get(`/pupils/${pupil.id}/pep-schedule`)).statusCode).toBe(404)
  })

  it('is not required for a child who is not looked after', async () => {
    const pupil = await aPupil(t.ctx, school)
    expect(await schedule(pupil.id)).toMatchObject({ required: false, status: 'not_required', nextDue: null })
  })
})
