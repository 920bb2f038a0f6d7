import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordSuspension } from '../../../services/suspensions.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import {
  aClaEpisode,
  anEpisode,
  aPupil,
  aSchool,
  aSchoolCalendar,
  aUser,
} from '../../../test-support/builders.js'
import { FIXED_NOW } from '../../../test-support/service-context.js'

// FIXED_NOW is Monday 23 November 2026, in the 2026 to 2027 school year.
let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
let dt: TestBrowser
let robin: { id: string }

const cells = (row: string) =>
  [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim())

function rowOf(body: string, tableId: string, label: string): string[] {
  const table = new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`).exec(body)?.[0] ?? ''
  const row = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].find((m) =>
    m[1]!.includes(label),
  )
  return row ? cells(row[1]!) : []
}

beforeAll(async () => {
  t = await buildTestApp({ now: () => FIXED_NOW })
  school = await aSchool(t.ctx, { name: 'Overview School' })
  await aSchoolCalendar(t.ctx, school)
  const head = await aUser(t.ctx, 'headteacher', school)
  dt = new TestBrowser(t.app)
  await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
  // Two looked after children, one suspended twice (one of them on 9 November, due duties now overdue);
  // three other pupils, one suspended once.
  robin = await aPupil(t.ctx, school, { givenName: 'Robin', familyName: 'Repeat' })
  const sky = await aPupil(t.ctx, school, { givenName: 'Sky' })
  for (const p of [robin, sky]) await anEpisode(t.ctx, p.id, aClaEpisode({ startDate: '2025-01-10' }))
  const consulted = { date: '2026-11-02', with: 'Jo Adviser' }
  await recordSuspension(t.ctx, head.actor, robin.id, {
    startDate: '2026-11-09',
    days: 1,
    reasons: ['DB'],
    vsConsultation: consulted,
  })
  await recordSuspension(t.ctx, head.actor, robin.id, {
    startDate: '2026-11-23',
    days: 2,
    reasons: ['VA'],
    overrideReason: 'No answer from the Virtual School that morning',
  })
  const others = [await aPupil(t.ctx, school), await aPupil(t.ctx, school), await aPupil(t.ctx, school)]
  await recordSuspension(t.ctx, head.actor, others[0]!.id, {
    startDate: '2026-11-24',
    days: 1,
    reasons: ['TH'],
  })
})
afterAll(async () => t?.close())

describe('the school’s suspensions overview (issue 6 item 7)', () => {
  it('is in the menu for the school’s leads, not for other staff', async () => {
    const page = await dt.get('/register')
    expect(page.body).toMatch(/<a class="govuk-service-navigation__link" href="\/suspensions"/)
    const staff = new TestBrowser(t.app)
    await staff.signIn((await aUser(t.ctx, 'staff', school)).user.email)
    expect((await staff.get('/register')).body).not.toContain('href="/suspensions"')
    expect((await staff.get('/suspensions')).statusCode).toBe(403)
  })

  it('compares each group’s rates with all other pupils, in a table and a chart of the same figures', async () => {
    const page = await dt.get('/suspensions')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Suspensions and exclusions, 2026 to 2027')
    // 2 children looked after, 2 suspensions: 100 per 100 pupils; 3 others, 1 suspension: 33.3.
    expect(rowOf(page.body, 'rates-table', 'Looked after (CLA)')).toEqual([
      'Looked after (CLA)',
      '2',
      '1',
      '2',
      '100.0',
      '0',
      '0.0',
    ])
    expect(rowOf(page.body, 'rates-table', 'All other pupils')).toEqual([
      'All other pupils',
      '3',
      '1',
      '1',
      '33.3',
      '0',
      '0.0',
    ])
    expect(page.body).toMatch(
      /<svg class="harbour-chart" role="img" aria-labelledby="suspension-rates-chart-title/,
    )
    expect(page.body).toContain('Looked after (CLA): 100.0 per 100 pupils')
  })

  it('names the pupils suspended more than once, the overrides and the overdue duties', async () => {
    const page = await dt.get('/suspensions')
    expect(rowOf(page.body, 'repeated-table', 'Robin Repeat')).toEqual(['Robin Repeat', 'Year 7', '2', '3'])
    expect(page.body).toContain(`href="/pupils/${robin.id}/suspensions"`)
    expect(rowOf(page.body, 'overrides-table', 'Robin Repeat')).toEqual([
      'Robin Repeat',
      '23 November 2026',
      'No answer from the Virtual School that morning',
    ])
    // The notices of 9 November to the governing board and the local authority have no address: overdue.
    expect(rowOf(page.body, 'overdue-table', 'Tell the governing board')).toEqual([
      'Robin Repeat',
      'Tell the governing board',
      '9 November 2026',
    ])
  })
})
