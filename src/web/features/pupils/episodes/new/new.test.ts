import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getPupilRecord } from '../../../../../services/pupil-record.service.js'

const NOW = new Date('2026-03-02T12:00:00Z')

describe('adding a status episode', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const date = (name: string, iso: string) => {
    const [y, m, d] = iso.split('-')
    return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! }
  }
  const add = (pupilId: string, type: string, fields: Record<string, string>) =>
    browser.submit(`/pupils/${pupilId}/episodes/new?type=${type}`, `/pupils/${pupilId}/episodes/new`, {
      type,
      ...fields,
    })
  const episodesOf = async (pupilId: string) => (await getPupilRecord(t.ctx, dt.actor, pupilId)).current

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('asks for the type first, and says so when none is chosen', async () => {
    const pupil = await aPupil(t.ctx, school)
    const first = await browser.get(`/pupils/${pupil.id}/episodes/new`)
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('What status do you want to add?')
    expect(first.body).toContain('method="get"')
    expect(first.body).toContain('value="KINSHIP"')
    const none = await browser.get(`/pupils/${pupil.id}/episodes/new?chosen=1`)
    expect(none.body).toContain('href="#type"')
    expect(none.body).toContain('Choose the status you want to add')
  })

  it('shows a looked-after episode’s fields: legal statuses with descriptions and the local authorities', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await browser.get(`/pupils/${pupil.id}/episodes/new?type=CLA`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('C2: Full care order')
    expect(res.body).toContain('V3: Accommodated under an agreed series of short-term breaks')
    expect(res.body).toContain('Hertfordshire (919)')
    expect(res.body).toContain('id="responsibleLaCodeOther"')
    expect(res.body).toContain('name="startDate-day"')
  })

  it('adds a looked-after episode and shows it in the timeline', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await add(pupil.id, 'CLA', {
      ...date('startDate', '2025-09-15'),
      legalStatus: 'C1',
      responsibleLaCode: '937',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/pupils/${pupil.id}`)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Status added: Looked after (CLA)')
    expect(page.body).toContain('Since 15 September 2025')
    expect(page.body).toContain('C1: Interim care order')
    expect(page.body).toContain('Warwickshire (937)')
  })

  it('refuses an episode that ends before it starts', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await add(pupil.id, 'CIN', {
      ...date('startDate', '2025-10-01'),
      ...date('endDate', '2025-09-01'),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#endDate-day"')
    expect(res.body).toContain('The end date must be the same as or after the start date')
    expect(await episodesOf(pupil.id)).toHaveLength(0)
  })

  it('refuses a looked-after episode that overlaps a previously looked after status (DEF-13)', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, { type: 'PLA', startDate: '2023-06-01', route: 'adoption' })
    const res = await add(pupil.id, 'CLA', {
      ...date('startDate', '2024-01-01'),
      legalStatus: 'C2',
      responsibleLaCode: '919',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#startDate-day"')
    expect(res.body).toContain('a child cannot be looked after and previously looked after on the same day')
    expect((await episodesOf(pupil.id)).map((e) => e.type)).toEqual(['PLA'])
  })

  it('refuses a legal status posted by hand that is not in the list', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await add(pupil.id, 'CLA', {
      ...date('startDate', '2025-01-06'),
      legalStatus: 'Z9',
      responsibleLaCode: '919',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#legalStatus"')
    expect(res.body).toContain('“Z9” is not a legal status')
    expect(await episodesOf(pupil.id)).toHaveLength(0)
  })

  it('accepts an LA code missing from the table with a warning (PD-14), and links a bad one to its box', async () => {
    const pupil = await aPupil(t.ctx, school)
    const bad = await add(pupil.id, 'CLA', {
      ...date('startDate', '2025-01-06'),
      legalStatus: 'V2',
      responsibleLaCode: 'other',
      responsibleLaCodeOther: '12a',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#responsibleLaCodeOther"')
    expect(bad.body).toContain('value="12a"')
    const res = await add(pupil.id, 'CLA', {
      ...date('startDate', '2025-01-06'),
      legalStatus: 'V2',
      responsibleLaCode: 'other',
      responsibleLaCodeOther: '999',
    })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('govuk-warning-text')
    expect(page.body).toContain('Local authority code 999 is not in Harbour’s list of local authorities')
    expect((await browser.get(`/pupils/${pupil.id}`)).body).not.toContain('govuk-warning-text')
  })

  it('records a previously looked after status with its route and the evidence seen', async () => {
    const pupil = await aPupil(t.ctx, school)
    const form = await browser.get(`/pupils/${pupil.id}/episodes/new?type=PLA`)
    expect(form.body).toContain('Date of the order')
    expect(form.body).not.toContain('name="endDate-day"')
    const res = await add(pupil.id, 'PLA', {
      ...date('startDate', '2021-04-20'),
      route: 'sgo',
      evidenceDocument: 'Special guardianship order',
      ...date('evidenceSeenOn', '2025-09-10'),
      evidenceSeenBy: 'Jo Teacher',
    })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Special guardianship order (SGO)')
    expect(page.body).toContain('Special guardianship order, seen on 10 September 2025, by Jo Teacher')
  })

  it('asks for the kinship arrangement', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await add(pupil.id, 'KINSHIP', { ...date('startDate', '2025-02-03') })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#arrangement"')
    const ok = await add(pupil.id, 'KINSHIP', { ...date('startDate', '2025-02-03'), arrangement: 'informal' })
    expect(ok.statusCode).toBe(302)
    expect((await browser.get(`/pupils/${pupil.id}`)).body).toContain('Informal')
  })

  it('keeps a child protection plan’s category', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2020-01-01', endDate: '2020-06-30' }))
    const res = await add(pupil.id, 'CP', { ...date('startDate', '2026-01-12'), cpCategory: 'neglect' })
    expect(res.statusCode).toBe(302)
    // A designated teacher records the plan, but its category is for the DSL (DESIGN.md access layer 3).
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Child protection plan')
    expect(page.body).not.toContain('Neglect')
    expect(page.body).toContain('Details restricted to the designated safeguarding lead')
    expect(page.body).toContain('1 January 2020 to 30 June 2020')
    const dsl = new TestBrowser(t.app)
    await dsl.signIn((await aUser(t.ctx, 'dsl', school)).user.email)
    expect((await dsl.get(`/pupils/${pupil.id}`)).body).toContain('Neglect')
  })

  it('refuses staff (403)', async () => {
    const pupil = await aPupil(t.ctx, school)
    const staff = await aUser(t.ctx, 'staff', school)
    const other = new TestBrowser(t.app)
    await other.signIn(staff.user.email)
    expect((await other.get(`/pupils/${pupil.id}/episodes/new`)).statusCode).toBe(403)
  })
})
