import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../../test-support/app.js'
import { correctEpisode, withdrawEpisode } from '../../../../../../services/episodes.service.js'
import { getPupilRecord } from '../../../../../../services/pupil-record.service.js'
import { SYSTEM_ACTOR } from '../../../../../../services/users.service.js'

// A fixed "today", so "not after today" does not move.
const NOW = new Date('2026-03-16T10:00:00Z')

describe('recording a change of placement or school', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const formUrl = (pupilId: string, episodeId: string) =>
    `/pupils/${pupilId}/episodes/${episodeId}/placement-changes/new`
  const changesOf = async (pupilId: string) =>
    (await getPupilRecord(t.ctx, dt.actor, pupilId)).placementChanges

  async function aLookedAfterPupil() {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2024-01-10' }))
    return { pupil, episode, url: formUrl(pupil.id, episode.id) }
  }

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('is linked from the looked after episode on the pupil page, and asks what changed and when', async () => {
    const { pupil, url } = await aLookedAfterPupil()
    await anEpisode(t.ctx, pupil.id, { type: 'CP', startDate: '2025-09-01', cpCategory: 'neglect' })
    const page = await browser.get(`/pupils/${pupil.id}`)
    // Only the CLA episode offers the link.
    expect(page.body.match(/Record a placement change/g)).toHaveLength(1)
    expect(page.body).toContain(`href="${url}"`)
    const res = await browser.get(url)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Record a change of placement or school')
    expect(res.body).toContain('A change of placement (where the child lives)')
    expect(res.body).toContain('A change of school')
    expect(res.body).toContain('since 10 January 2024')
    expect(res.body).toContain('name="changedOn-day"')
    expect(res.body).toContain('Note (optional)')
  })

  it('records a change of placement and shows it under the episode on the pupil page', async () => {
    const { pupil, url } = await aLookedAfterPupil()
    const res = await browser.submit(url, url, {
      kind: 'placement',
      'changedOn-day': '3',
      'changedOn-month': '3',
      'changedOn-year': '2025',
      note: 'Moved to a foster placement nearer to school',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/pupils/${pupil.id}`)
    const schoolMove = await browser.submit(url, url, {
      kind: 'school',
      'changedOn-day': '16',
      'changedOn-month': '3',
      'changedOn-year': '2026',
    })
    expect(schoolMove.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Change of school recorded for 16 March 2026')
    const timeline = page.body.slice(page.body.indexOf('moj-timeline'), page.body.indexOf('Show history'))
    expect(timeline).toContain('Placement changed on 3 March 2025')
    expect(timeline).toContain('Moved to a foster placement nearer to school')
    // Newest first, like the timeline.
    expect(timeline.indexOf('School changed on 16 March 2026')).toBeLessThan(
      timeline.indexOf('Placement changed on 3 March 2025'),
    )
    expect((await changesOf(pupil.id)).map((c) => c.kind)).toEqual(['placement', 'school'])
  })

  it('refuses a date before the episode started, with the error linked to the date, and saves nothing', async () => {
    const { pupil, url } = await aLookedAfterPupil()
    const res = await browser.submit(url, url, {
      kind: 'school',
      'changedOn-day': '9',
      'changedOn-month': '1',
      'changedOn-year': '2024',
      note: 'Kept on error',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#changedOn-day"')
    expect(res.body).toContain('on or after the day the child became looked after, 10 January 2024')
    // What was typed is kept.
    expect(res.body).toMatch(/value="school" checked/)
    expect(res.body).toContain('Kept on error')
    expect(await changesOf(pupil.id)).toEqual([])
  })

  it('asks for what changed and the date when neither is given, in the order of the form', async () => {
    const { pupil, url } = await aLookedAfterPupil()
    const res = await browser.submit(url, url, { 'changedOn-month': '2' })
    expect(res.statusCode).toBe(422)
    const kind = res.body.indexOf('href="#kind"')
    const date = res.body.indexOf('href="#changedOn-day"')
    expect(kind).toBeGreaterThan(-1)
    expect(date).toBeGreaterThan(kind)
    expect(res.body).toContain('Choose whether the placement or the school changed')
    expect(res.body).toContain('The date of the change must include a day and year')
    expect(await changesOf(pupil.id)).toEqual([])
  })

  it('keeps a change under the episode when the episode is corrected, and in the history when withdrawn', async () => {
    const { pupil, episode, url } = await aLookedAfterPupil()
    const fields = {
      kind: 'placement',
      'changedOn-day': '1',
      'changedOn-month': '6',
      'changedOn-year': '2025',
    }
    expect((await browser.submit(url, url, fields)).statusCode).toBe(302)
    const { episode: corrected } = await correctEpisode(t.ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
      ...aClaEpisode({ startDate: '2024-01-08', legalStatus: 'C1' }),
      reason: 'Interim care order first',
    })
    let page = await browser.get(`/pupils/${pupil.id}`)
    let timeline = page.body.slice(page.body.indexOf('moj-timeline'), page.body.indexOf('Show history'))
    expect(timeline).toContain('C1: Interim care order')
    expect(timeline).toContain('Placement changed on 1 June 2025')
    expect(timeline).toContain(`href="${formUrl(pupil.id, corrected.id)}"`)
    // The superseded row takes no more changes.
    expect((await browser.get(url)).statusCode).toBe(404)

    await withdrawEpisode(t.ctx, SYSTEM_ACTOR, pupil.id, corrected.id, 'Recorded against the wrong pupil')
    page = await browser.get(`/pupils/${pupil.id}`)
    timeline = page.body.slice(page.body.indexOf('id="status"'), page.body.indexOf('Show history'))
    expect(timeline).not.toContain('Placement changed on')
    const history = page.body.slice(page.body.indexOf('Show history'), page.body.indexOf('id="contacts"'))
    expect(history).toContain('outside any current looked after status')
    expect(history).toContain('Placement changed on 1 June 2025')
  })

  it('is not found for an episode that is not looked after', async () => {
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, { type: 'CIN', startDate: '2025-09-01' })
    const url = formUrl(pupil.id, episode.id)
    expect((await browser.get(url)).statusCode).toBe(404)
    const res = await browser.submit(`/pupils/${pupil.id}`, url, {
      kind: 'placement',
      'changedOn-day': '1',
      'changedOn-month': '10',
      'changedOn-year': '2025',
    })
    expect(res.statusCode).toBe(404)
    expect(await changesOf(pupil.id)).toEqual([])
  })

  it('is not found for a pupil of another school', async () => {
    const elsewhere = await aUser(t.ctx, 'designated_teacher', await aSchool(t.ctx))
    const other = new TestBrowser(t.app)
    await other.signIn(elsewhere.user.email)
    const { pupil, url } = await aLookedAfterPupil()
    expect((await other.get(url)).statusCode).toBe(404)
    const res = await other.submit('/tasks', url, {
      kind: 'placement',
      'changedOn-day': '1',
      'changedOn-month': '10',
      'changedOn-year': '2025',
    })
    expect(res.statusCode).toBe(404)
    expect(await changesOf(pupil.id)).toEqual([])
  })

  it('refuses an attendance officer (403), without the link on the pupil page', async () => {
    const officer = await aUser(t.ctx, 'attendance_officer', school)
    const other = new TestBrowser(t.app)
    await other.signIn(officer.user.email)
    const { pupil, url } = await aLookedAfterPupil()
    const page = await other.get(`/pupils/${pupil.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Record a placement change')
    expect((await other.get(url)).statusCode).toBe(403)
    const res = await other.submit(`/pupils/${pupil.id}`, url, {
      kind: 'placement',
      'changedOn-day': '1',
      'changedOn-month': '10',
      'changedOn-year': '2025',
    })
    expect(res.statusCode).toBe(403)
    expect(await changesOf(pupil.id)).toEqual([])
  })
})
