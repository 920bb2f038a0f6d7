import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from '../../test-support/builders.js'
import { GovernorsReportSchema } from './governors-report-schema.js'

const NOW = new Date('2026-11-23T10:00:00Z')

describe('GET /api/v1/schools/{urn}/reports/governors (shared/API.md, DOMAIN.md PD-11)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let governor: ApiClient
  const names: string[] = []

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    governor = new ApiClient(t.app, (await aTokenFor(t.ctx, 'governor', school)).token)
    for (let i = 0; i < 5; i++) {
      const p = await aPupil(t.ctx, school, { yearGroup: 9, familyName: `Reportpupil${i}` })
      names.push(p.familyName, p.upn)
      if (i < 2) await anEpisode(t.ctx, p.id, aClaEpisode())
    }
  })
  afterAll(async () => t?.close())

  it('gives a governor { schoolYear, counts, sections, suppressed } for the current year by default', async () => {
    const res = await governor.get(`/schools/${school.urn}/reports/governors`)
    expect(res.statusCode).toBe(200)
    const body = json(res)
    expect(Object.keys(body).sort()).toEqual(['counts', 'schoolYear', 'sections', 'suppressed'])
    expect(body).toMatchObject({
      schoolYear: 2026,
      counts: { roll: 5, cla: 2, pla: 0, cswCurrent: 0, cswEver6: 0, kinship: 0 },
    })
    expect(body.suppressed).toContain('Looked after (CLA) by year group')
    // The contract's shape, each section described in the OpenAPI document (PD-11: numbers and labels only).
    const parsed = GovernorsReportSchema.safeParse(body)
    expect(parsed.error).toBeUndefined()
    const sections = parsed.data!.sections
    expect(sections.map((s) => s.id)).toEqual([
      'cohorts_by_year_group',
      'governance',
      'pep_compliance',
      'attendance',
      'suspensions',
      'progress',
      'funding',
      'destinations',
    ])
    expect(sections.slice(0, 1)).toEqual([
      {
        id: 'cohorts_by_year_group',
        title: 'Children in each group, by year group',
        rows: [
          {
            id: 'years_7_to_9',
            label: 'Years 7 to 9',
            roll: 5,
            cla: { withheld: 'fewer than 3 pupils' },
            pla: 0,
            cswCurrent: 0,
            cswEver6: 0,
            kinship: 0,
          },
        ],
      },
    ])
    for (const secret of names) expect(res.body).not.toContain(secret)
  })

  it('takes ?schoolYear=YYYY', async () => {
    const res = await governor.get(`/schools/${school.urn}/reports/governors?schoolYear=2024`)
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({ schoolYear: 2024, counts: { roll: 5, cla: 2 } })
  })

  it.each([
    ['not a year', 'last'],
    ['a year that has not started', '2027'],
    ['before 2000', '1999'],
  ])('is 422 at schoolYear for %s', async (_label, year) => {
    const res = await governor.get(`/schools/${school.urn}/reports/governors?schoolYear=${year}`)
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(json(res).errors).toEqual([expect.objectContaining({ path: 'schoolYear' })])
  })

  it('is 404 for another school, and for a school that does not exist', async () => {
    const other = await aSchool(t.ctx)
    expect((await governor.get(`/schools/${other.urn}/reports/governors`)).statusCode).toBe(404)
    expect((await governor.get('/schools/999999/reports/governors')).statusCode).toBe(404)
  })

  it('is 403 for a role that may not read reports, and 401 without a token', async () => {
    const staff = new ApiClient(t.app, (await aTokenFor(t.ctx, 'staff', school)).token)
    expect((await staff.get(`/schools/${school.urn}/reports/governors`)).statusCode).toBe(403)
    expect(
      (await new ApiClient(t.app, null).get(`/schools/${school.urn}/reports/governors`)).statusCode,
    ).toBe(401)
  })

  it('still refuses a governor every pupil record (PD-11)', async () => {
    expect((await governor.get('/pupils')).statusCode).toBe(403)
    const res = await governor.get(`/schools/${school.urn}`)
    expect(res.statusCode).toBe(200)
  })
})
