import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getPupilRecord } from '../../../../../services/pupil-record.service.js'

const NOW = new Date('2026-03-02T12:00:00Z')

describe('correcting a status episode', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const claForm = (over: Record<string, string> = {}) => ({
    'startDate-day': '10',
    'startDate-month': '1',
    'startDate-year': '2024',
    'endDate-day': '',
    'endDate-month': '',
    'endDate-year': '',
    legalStatus: 'C2',
    responsibleLaCode: '919',
    responsibleLaCodeOther: '',
    reason: 'The start date was typed wrongly',
    ...over,
  })

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school, { name: 'Dana Designated' })
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('shows the episode’s fields filled in, and asks why', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(
      t.ctx,
      pupil.id,
      aClaEpisode({ legalStatus: 'E1', responsibleLaCode: '873' }),
    )
    const res = await browser.get(`/pupils/${pupil.id}/episodes/${episode.id}/correct`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Correct: Looked after (CLA)')
    expect(res.body).toMatch(/<option value="E1" selected>/)
    expect(res.body).toMatch(/<option value="873" selected>/)
    expect(res.body).toContain('name="startDate-year" type="text" value="2024"')
    expect(res.body).toContain('Why are you correcting this?')
  })

  it('puts an LA code missing from the table back in the “other code” box', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode({ responsibleLaCode: '998' }))
    const res = await browser.get(`/pupils/${pupil.id}/episodes/${episode.id}/correct`)
    expect(res.body).toMatch(/<option value="other" selected>/)
    expect(res.body).toContain('value="998"')
  })

  it('needs a reason, and changes nothing without one', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const url = `/pupils/${pupil.id}/episodes/${episode.id}/correct`
    const res = await browser.submit(url, url, claForm({ reason: '', 'startDate-day': '12' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#reason"')
    expect(res.body).toContain('Enter why you are correcting this status')
    const record = await getPupilRecord(t.ctx, dt.actor, pupil.id)
    expect(record.history).toHaveLength(1)
    expect(record.current[0]!.startDate).toBe('2024-01-10')
  })

  it('refuses a correction that ends before it starts', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const url = `/pupils/${pupil.id}/episodes/${episode.id}/correct`
    const res = await browser.submit(
      url,
      url,
      claForm({ 'endDate-day': '1', 'endDate-month': '1', 'endDate-year': '2024' }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#endDate-day"')
    expect((await getPupilRecord(t.ctx, dt.actor, pupil.id)).history).toHaveLength(1)
  })

  it('saves the correction and keeps the old row visible in “Show history”', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const url = `/pupils/${pupil.id}/episodes/${episode.id}/correct`
    const res = await browser.submit(url, url, claForm({ 'startDate-day': '17' }))
    expect(res.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Status corrected')
    expect(page.body).toContain('Since 17 January 2024')
    const history = page.body.slice(page.body.indexOf('Show history'))
    expect(history).toContain('since 10 January 2024')
    expect(history).toContain('Replaced by a correction')
    expect(history).toContain('since 17 January 2024')
    expect(history).toContain('Dana Designated')
    expect(history).toContain('Why it was corrected:')
    expect(history).toContain('The start date was typed wrongly')
    // The replaced row can no longer be corrected.
    expect((await browser.get(url)).statusCode).toBe(404)
  })

  it('shows the not-found page for an episode of another pupil', async () => {
    const pupil = await aPupil(t.ctx, school)
    const other = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, other.id, aClaEpisode())
    expect((await browser.get(`/pupils/${pupil.id}/episodes/${episode.id}/correct`)).statusCode).toBe(404)
    expect((await browser.get(`/pupils/${pupil.id}/episodes/nonsense/correct`)).statusCode).toBe(404)
  })
})
