import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { episodeHistoryOf } from '../../../../data/repositories/pupils.repository.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'

// DESIGN.md access layer 3 on the pupil page: the plan and its dates for everyone who may read the
// pupil; its category only for the DSL, the headteacher and anyone with an explicit grant.
describe('child protection details on the pupil page', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupil>>
  let planId: string

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    pupil = await aPupil(t.ctx, school)
    planId = (
      await anEpisode(t.ctx, pupil.id, { type: 'CP', startDate: '2026-01-12', cpCategory: 'neglect' })
    ).episode.id
  })
  afterAll(async () => t?.close())

  async function signedInAs(role: 'designated_teacher' | 'dsl' | 'headteacher' | 'admin') {
    const browser = new TestBrowser(t.app)
    await browser.signIn((await aUser(t.ctx, role, school)).user.email)
    return browser
  }

  it.each(['designated_teacher', 'admin'] as const)(
    'as %s: shows the plan and its dates, and says its details are restricted',
    async (role) => {
      const html = (await (await signedInAs(role)).get(`/pupils/${pupil.id}`)).body
      expect(html).toContain('Child protection plan')
      expect(html).toContain('Since 12 January 2026')
      expect(html).toContain('Details restricted to the designated safeguarding lead')
      expect(html).not.toContain('Neglect')
    },
  )

  it.each(['dsl', 'headteacher'] as const)('as %s: shows the category of abuse', async (role) => {
    const html = (await (await signedInAs(role)).get(`/pupils/${pupil.id}`)).body
    expect(html).toContain('Neglect')
    expect(html).not.toContain('Details restricted')
  })

  it('lets a designated teacher correct the plan’s dates without seeing or losing its category', async () => {
    const browser = await signedInAs('designated_teacher')
    const url = `/pupils/${pupil.id}/episodes/${planId}/correct`
    const form = await browser.get(url)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Details restricted to the designated safeguarding lead')
    expect(form.body).not.toContain('name="cpCategory"')
    expect(form.body).not.toContain('Neglect')
    const res = await browser.submit(url, url, {
      'startDate-day': '5',
      'startDate-month': '1',
      'startDate-year': '2026',
      reason: 'Wrong start date',
    })
    expect(res.statusCode).toBe(302)
    const current = (await episodeHistoryOf(t.ctx.db, pupil.id)).filter((e) => !e.supersededById)
    expect(current).toMatchObject([{ startDate: '2026-01-05', cpCategory: 'neglect' }])
  })

  it('says the details are restricted on the withdrawal form too', async () => {
    const browser = await signedInAs('designated_teacher')
    const [current] = (await episodeHistoryOf(t.ctx.db, pupil.id)).filter((e) => !e.supersededById)
    const html = (await browser.get(`/pupils/${pupil.id}/episodes/${current!.id}/withdraw`)).body
    expect(html).toContain('Details restricted to the designated safeguarding lead')
    expect(html).not.toContain('Neglect')
  })
})
