import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../data/schema/index.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aSchool } from '../../test-support/builders.js'
import { aPupilWithEverything } from '../../test-support/full-record.js'

type Section = {
  key: string
  title: string
  records: Array<Record<string, unknown>>
  withheld: string | null
}

describe('GET /api/v1/pupils/{id}/subject-access-export (issue 3 item 7)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupilWithEverything>>['pupil']
  let path: string

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    ;({ pupil } = await aPupilWithEverything(t.ctx, school))
    path = `/pupils/${pupil.id}/subject-access-export`
  })
  afterAll(async () => t?.close())

  const client = async (role: Parameters<typeof aTokenFor>[1], at: { urn: string } | null = school) =>
    new ApiClient(t.app, (await aTokenFor(t.ctx, role, at, { laCode: '919' })).token)
  const exportsOf = () =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'pupil.exported')))

  it('gives a DSL every section as data, and records the export', async () => {
    const before = (await exportsOf()).length
    const res = await (await client('dsl')).get(path)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = json(res) as { pupilId: string; generatedAt: string; sections: Section[] }
    expect(body.pupilId).toBe(pupil.id)
    expect(body.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    const byKey = new Map(body.sections.map((s) => [s.key, s]))
    expect(byKey.get('pupil')!.records[0]).toMatchObject({ upn: pupil.upn, dateOfBirth: '2014-05-01' })
    expect(byKey.get('status_episodes')!.records).toHaveLength(5)
    expect(byKey.get('status_episodes')!.records).toContainEqual(
      expect.objectContaining({ state: 'withdrawn', withdrawnReason: 'Recorded for the wrong child' }),
    )
    expect(byKey.get('child_protection')).toMatchObject({
      records: [expect.objectContaining({ cpCategory: 'neglect' })],
      withheld: null,
    })
    expect(byKey.get('messages')!.records[0]).toMatchObject({ subject: 'Change of placement' })
    expect(byKey.get('access_log')!.records.length).toBeGreaterThan(5)
    const events = await exportsOf()
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)!.details).toMatchObject({ format: 'json' })
  })

  it('withholds child protection details from an administrator’s token', async () => {
    const body = json(await (await client('admin')).get(path)) as { sections: Section[] }
    const cp = body.sections.find((s) => s.key === 'child_protection')!
    expect(cp.records).toEqual([])
    expect(cp.withheld).toMatch(/left out/)
  })

  it('refuses the Virtual School of the LA that looks after the child (403)', async () => {
    expect((await (await client('vs_head', null)).get(path)).statusCode).toBe(403)
  })

  it('answers the headteacher too', async () => {
    expect((await (await client('headteacher')).get(path)).statusCode).toBe(200)
  })

  it.each(['designated_teacher', 'senco', 'staff', 'governor'] as const)(
    'refuses a %s token (403)',
    async (role) => {
      const res = await (await client(role)).get(path)
      expect(res.statusCode).toBe(403)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    },
  )

  it('is 404 for a pupil outside the token’s scope, and for an id that is no pupil', async () => {
    const before = (await exportsOf()).length
    expect((await (await client('dsl', await aSchool(t.ctx))).get(path)).statusCode).toBe(404)
    expect((await (await client('dsl')).get('/pupils/not-an-id/subject-access-export')).statusCode).toBe(404)
    expect(await exportsOf()).toHaveLength(before)
  })

  it('is 401 without a token', async () => {
    expect((await new ApiClient(t.app, null).get(path)).statusCode).toBe(401)
  })
})
