import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { virtualSchoolSettings } from '../../data/schema/index.js'
import { DEFAULT_PEP_SCHEDULE_SETTINGS } from '../../domain/pep/settings.js'
import { DEFAULT_RUBRIC } from '../../domain/pep/workflow.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aSchool } from '../../test-support/builders.js'

const RUBRIC = [
  { value: 'good', label: 'Good', criteria: 'Every section complete', approvable: true },
  { value: 'inadequate', label: 'Inadequate', criteria: 'Sections missing', approvable: false },
]

describe('/api/v1/virtual-schools/{laCode}/settings', () => {
  let t: TestApp
  let head: ApiClient
  let adviser: ApiClient
  let otherHead: ApiClient
  let dt: ApiClient

  const url = (laCode: string) => `/virtual-schools/${laCode}/settings`
  const stored = async (laCode: string) =>
    (await t.ctx.db.select().from(virtualSchoolSettings).where(eq(virtualSchoolSettings.laCode, laCode)))[0]

  beforeAll(async () => {
    t = await buildTestApp()
    const client = async (...args: Parameters<typeof aTokenFor> extends [unknown, ...infer R] ? R : never) =>
      new ApiClient(t.app, (await aTokenFor(t.ctx, ...args)).token)
    head = await client('vs_head', null, { laCode: '919' })
    adviser = await client('vs_adviser', null, { laCode: '919' })
    otherHead = await client('vs_head', null, { laCode: '204' })
    dt = await client('designated_teacher', await aSchool(t.ctx))
  })
  afterAll(async () => t?.close())

  it('gives the defaults at version 0, to the head and the adviser of the LA', async () => {
    for (const reader of [head, adviser]) {
      const res = await reader.get(url('919'))
      expect(res.statusCode).toBe(200)
      expect(json(res)).toEqual({
        laCode: '919',
        laName: 'Hertfordshire',
        schedule: DEFAULT_PEP_SCHEDULE_SETTINGS,
        rubric: DEFAULT_RUBRIC,
        claDayOneProvision: false,
        version: 0,
      })
    }
  })

  it('refuses rule-breaking settings with a 422 naming each field, and saves nothing', async () => {
    const res = await head.put(url('919'), {
      schedule: { ...DEFAULT_PEP_SCHEDULE_SETTINGS, cadence: 'custom', changeReviewDays: 0 },
      rubric: [RUBRIC[1], RUBRIC[1]],
      version: 0,
    })
    expect(res.statusCode).toBe(422)
    expect((json(res).errors as Array<{ path: string }>).map((e) => e.path)).toEqual([
      'schedule.customDueMonths',
      'schedule.changeReviewDays',
      'rubric.1.value',
      'rubric',
    ])
    expect(await stored('919')).toBeUndefined()
  })

  it('is 403 for the adviser’s and a designated teacher’s changes, 404 for another LA’s head', async () => {
    const body = { schedule: DEFAULT_PEP_SCHEDULE_SETTINGS, rubric: RUBRIC, version: 0 }
    expect((await adviser.put(url('919'), body)).statusCode).toBe(403)
    expect((await dt.put(url('919'), body)).statusCode).toBe(403)
    expect((await dt.get(url('919'))).statusCode).toBe(403)
    expect((await otherHead.get(url('919'))).statusCode).toBe(404)
    expect((await otherHead.put(url('919'), body)).statusCode).toBe(404)
    expect(await stored('919')).toBeUndefined()
  })

  it('saves the head’s settings, then refuses a change from the version before (409)', async () => {
    const res = await head.put(url('919'), {
      schedule: { ...DEFAULT_PEP_SCHEDULE_SETTINGS, cadence: 'twice_yearly', includeShortBreaks: true },
      rubric: RUBRIC,
      version: 0,
    })
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({
      version: 1,
      schedule: { cadence: 'twice_yearly', includeShortBreaks: true },
      rubric: RUBRIC,
    })
    expect(json(await adviser.get(url('919')))).toMatchObject({ version: 1, rubric: RUBRIC })

    const stale = await head.put(url('919'), {
      schedule: DEFAULT_PEP_SCHEDULE_SETTINGS,
      rubric: RUBRIC,
      version: 0,
    })
    expect(stale.statusCode).toBe(409)
    expect((await stored('919'))!.settings).toMatchObject({ schedule: { cadence: 'twice_yearly' } })
  })

  it('sets the day-one expectation for suspensions (PD-7, EX-8); a body without it leaves it as it is', async () => {
    const { version } = json(await head.get(url('919'))) as { version: number }
    const on = await head.put(url('919'), {
      schedule: DEFAULT_PEP_SCHEDULE_SETTINGS,
      rubric: RUBRIC,
      claDayOneProvision: true,
      version,
    })
    expect(on.statusCode).toBe(200)
    expect(json(on)).toMatchObject({ claDayOneProvision: true, version: version + 1 })
    expect((await stored('919'))!.settings).toMatchObject({ claDayOneProvision: true })

    const without = await head.put(url('919'), {
      schedule: { ...DEFAULT_PEP_SCHEDULE_SETTINGS, minimumAge: 3 },
      rubric: RUBRIC,
      version: version + 1,
    })
    expect(json(without)).toMatchObject({ claDayOneProvision: true, schedule: { minimumAge: 3 } })

    const wrong = await head.put(url('919'), {
      schedule: DEFAULT_PEP_SCHEDULE_SETTINGS,
      rubric: RUBRIC,
      claDayOneProvision: 'yes',
      version: version + 2,
    })
    expect(wrong.statusCode).toBe(422)
    expect(json(await adviser.get(url('919')))).toMatchObject({ claDayOneProvision: true })
  })
})
