import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getPupilRecord } from '../../../../../services/pupil-record.service.js'

describe('withdrawing a status episode recorded in error', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school, { name: 'Dana Designated' })
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('warns that the status stays in the history', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const res = await browser.get(`/pupils/${pupil.id}/episodes/${episode.id}/withdraw`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('govuk-warning-text')
    expect(res.body).toContain('it stays in the pupil’s history')
    expect(res.body).toContain('C2: Full care order')
  })

  it('needs a reason, and changes nothing without one', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const url = `/pupils/${pupil.id}/episodes/${episode.id}/withdraw`
    const res = await browser.submit(url, url, { reason: '  ' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#reason"')
    expect(res.body).toContain('Say why the episode is being withdrawn')
    expect((await getPupilRecord(t.ctx, dt.actor, pupil.id)).current).toHaveLength(1)
  })

  it('withdraws the status: gone from the timeline, kept in the history with who and why', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const url = `/pupils/${pupil.id}/episodes/${episode.id}/withdraw`
    const res = await browser.submit(url, url, { reason: 'Recorded against the wrong pupil' })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Status withdrawn')
    expect(page.body).toContain('No status has been recorded.')
    const history = page.body.slice(page.body.indexOf('Show history'))
    expect(history).toContain('Withdrawn')
    expect(history).toContain('Reason for withdrawal:</strong> Recorded against the wrong pupil')
    expect(history).toContain('Replaced by a withdrawal')
    expect(history).toContain('Dana Designated')
    expect((await browser.get(url)).statusCode).toBe(404)
  })

  it('refuses a Virtual School adviser a pupil their local authority does not look after (404)', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode({ responsibleLaCode: '919' }))
    const adviser = await aUser(t.ctx, 'vs_adviser', null, { laCode: '873' })
    const other = new TestBrowser(t.app)
    await other.signIn(adviser.user.email)
    expect((await other.get(`/pupils/${pupil.id}/episodes/${episode.id}/withdraw`)).statusCode).toBe(404)
  })
})
