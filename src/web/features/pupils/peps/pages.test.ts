import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, peps, pepTargets } from '../../../../data/schema/index.js'
import { createPep, updatePep } from '../../../../services/peps.service.js'
import { buildTestApp, type TestApp, type TestBrowser } from '../../../../test-support/app.js'
import { anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'
import { pdfAvailable } from '../../../pdf.js'
import { aBrowserSignedInAs, aLookedAfterChild, saveSection, versionOn } from './test-helpers.js'

// FIXED_NOW is 23 November 2026.
describe('the PEP pages', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  async function aDraft(yearGroup = 7) {
    const pupil = await aLookedAfterChild(t.ctx, school, { yearGroup })
    const pep = await createPep(t.ctx, dt.actor, pupil.id, { meetingDate: '2026-11-10' })
    return { pupil, pep, base: `/pupils/${pupil.id}/peps/${pep.id}` }
  }
  const contentOf = async (pepId: string) =>
    (await t.ctx.db.select().from(peps).where(eq(peps.id, pepId)))[0]!.content

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = await aBrowserSignedInAs(t.app, dt.user.email)
  })
  afterAll(async () => t?.close())

  describe('someone else saved first (409)', () => {
    it('says the changes were not saved, shows what was typed, escaped, and keeps the other person’s work', async () => {
      const { pupil, pep, base } = await aDraft()
      const url = `${base}/edit/interests`
      const form = await browser.get(url)
      const staleVersion = versionOn(form)
      // A colleague saves another section meanwhile.
      await updatePep(t.ctx, dt.actor, pupil.id, pep.id, pep.version, {
        content: { carerRole: 'Reads every night' },
      })
      const res = await browser.submit(url, url, {
        version: staleVersion,
        leisureInterests: 'Football <img src=x onerror=alert(1)> on Saturdays',
      })
      expect(res.statusCode).toBe(409)
      expect(res.body).toContain('Someone else saved this PEP while you were editing')
      expect(res.body).toContain(
        'Your changes to “Leisure interests and the carer’s role” have not been saved.',
      )
      expect(res.body).toContain('Football &lt;img src=x onerror=alert(1)&gt; on Saturdays')
      expect(res.body).not.toContain('<img src=x')
      expect(res.body).toContain(`href="${url}"`)
      expect(res.body).toContain('Open the latest version of this section')
      const content = await contentOf(pep.id)
      expect(content).toMatchObject({ carerRole: 'Reads every night' })
      expect(content).not.toHaveProperty('leisureInterests')
    })
  })

  describe('errors', () => {
    it('links each problem with a target to its input, numbering targets as the form shows them', async () => {
      const { pep, base } = await aDraft()
      // The first target left empty, the second filled in without success criteria or owner.
      const res = await saveSection(browser, base, 'targets', {
        'targets-1-description': 'Attend every day',
        'targets-1-dueBy-day': '1',
        'targets-1-dueBy-month': '2',
        'targets-1-dueBy-year': '2027',
        'targets-1-ppPlus': 'lots',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('There is a problem')
      expect(res.body).toContain('href="#targets-0-ppPlus"')
      expect(res.body).toContain('Target 1: enter the PP+ requested in pounds')
      // The target moved up to the first row, where its errors point.
      expect(res.body).toMatch(/id="targets-0-description"[^>]*>Attend every day</)
      expect(res.body).toContain('value="lots"')
      const fixed = await saveSection(browser, base, 'targets', {
        'targets-0-description': 'Attend every day',
        'targets-0-dueBy-day': '1',
        'targets-0-dueBy-month': '2',
        'targets-0-dueBy-year': '2027',
      })
      expect(fixed.statusCode).toBe(422)
      expect(fixed.body).toContain('href="#targets-0-successCriteria"')
      expect(fixed.body).toContain('href="#targets-0-owner"')
      expect(fixed.body).toContain('Target 1: say who is responsible for it')
      expect(await t.ctx.db.select().from(pepTargets).where(eq(pepTargets.pepId, pep.id))).toHaveLength(0)
    })

    it('refuses overlong text and a half-filled date, linked to their inputs, and saves nothing', async () => {
      const { pep, base } = await aDraft()
      const res = await saveSection(browser, base, 'meeting', {
        'meetingDate-day': '10',
        'meetingDate-month': '',
        'meetingDate-year': '2026',
        'attendees-socialWorker': 'x'.repeat(201),
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('href="#meetingDate-month"')
      expect(res.body).toContain('href="#attendees-socialWorker"')
      expect(res.body).toContain('Social worker must be 200 characters or fewer')
      expect(await contentOf(pep.id)).not.toHaveProperty('attendees')
    })

    it('refuses a next meeting on or before this one', async () => {
      const { base } = await aDraft()
      const res = await saveSection(browser, base, 'next-meeting', {
        'nextMeetingDate-day': '10',
        'nextMeetingDate-month': '11',
        'nextMeetingDate-year': '2026',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('href="#nextMeetingDate-day"')
      expect(res.body).toContain('The next meeting must be after this one, on 10 November 2026')
    })

    it('refuses an attainment row without a subject', async () => {
      const { base } = await aDraft()
      const res = await saveSection(browser, base, 'education', {
        'attainment-0-subject': 'English',
        'attainment-0-current': 'Working towards',
        'attainment-3-current': 'Greater depth',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('href="#attainment-1-subject"')
      expect(res.body).toContain('Row 2: enter the subject')
    })

    it('refuses a meeting date on which the child was not looked after', async () => {
      const { pupil } = await aDraft()
      const url = `/pupils/${pupil.id}/peps/new`
      const res = await browser.submit(url, url, {
        'meetingDate-day': '1',
        'meetingDate-month': '12',
        'meetingDate-year': '2024',
        kind: 'pep',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('href="#meetingDate-day"')
      expect(res.body).toContain('was not looked after on 1 December 2024')
      expect(await t.ctx.db.select().from(peps).where(eq(peps.pupilId, pupil.id))).toHaveLength(1)
    })

    it('shows what stops a submission, each linked to its section', async () => {
      const { pep, base } = await aDraft(9)
      const res = await browser.submit(`${base}/check`, `${base}/check`, {
        version: versionOn(await browser.get(`${base}/check`)),
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain(`href="${base}/edit/child-voice#childVoice-ownWords"`)
      expect(res.body).toContain(`href="${base}/edit/targets#targets-0-description"`)
      expect(res.body).toContain(`href="${base}/edit/aspirations#careerAspirations"`)
      expect(res.body).toContain('From Year 8, record the child’s career aspirations')
      expect((await t.ctx.db.select().from(peps).where(eq(peps.id, pep.id)))[0]!.status).toBe('draft')
    })
  })

  describe('a PLA support plan', () => {
    it('is offered for a previously looked-after child, asks for the parents’ views and stays with the school', async () => {
      const pupil = await aPupil(t.ctx, school)
      await anEpisode(t.ctx, pupil.id, { type: 'PLA', startDate: '2019-06-01', route: 'adoption' })
      const url = `/pupils/${pupil.id}/peps/new`
      const form = await browser.get(url)
      expect(form.body).toContain('Start a new PLA support plan')
      expect(form.body).toContain('name="kind" value="pla_support_plan"')
      const started = await browser.submit(url, url, {
        'meetingDate-day': '10',
        'meetingDate-month': '11',
        'meetingDate-year': '2026',
        kind: 'pla_support_plan',
      })
      const base = String(started.headers.location).replace(/\/edit$/, '')
      expect((await browser.get(`${base}/edit`)).body).toContain('Parents’ or guardians’ views')
      await saveSection(browser, base, 'parents-views', { parentsViews: 'More help at lunchtimes, please.' })
      await saveSection(browser, base, 'targets', {
        'targets-0-description': 'Join a lunchtime club',
        'targets-0-successCriteria': 'Goes twice a week',
        'targets-0-owner': 'Key adult',
        'targets-0-dueBy-day': '1',
        'targets-0-dueBy-month': '3',
        'targets-0-dueBy-year': '2027',
      })
      const check = await browser.get(`${base}/check`)
      expect(check.body).toContain('have not consented to the Virtual School reviewing this plan')
      const res = await browser.submit(`${base}/check`, `${base}/check`, { version: versionOn(check) })
      expect(res.statusCode).toBe(302)
      const page = await browser.get(base)
      expect(page.body).toContain('PLA support plan completed. It is kept by the school.')
      expect(page.body).toContain('Support plan for a previously looked-after child')
      expect(page.body).toMatch(/moj-badge--green[^>]*>\s*Completed/)
    })
  })

  describe('printing', () => {
    const saved = process.env.CHROMIUM_PATH
    afterEach(() => {
      if (saved === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = saved
    })
    const readsOf = async (pupilId: string) =>
      (await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.pupilId, pupilId))).length

    it('without Chromium, shows the PEP to print from the browser, saying a PDF is not available', async () => {
      process.env.CHROMIUM_PATH = '/nonexistent/chromium'
      const { pupil, base } = await aDraft()
      const page = await browser.get(base)
      expect(page.body).toContain('Print or save as PDF')
      expect(page.body).toContain('use your browser’s Print command')
      expect(page.body).not.toContain(`${base}/pdf`)
      const before = await readsOf(pupil.id)
      const res = await browser.get(`${base}/pdf`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.body).toContain('A PDF is not available')
      expect(await readsOf(pupil.id)).toBe(before + 1)
    })

    it.skipIf(!pdfAvailable())(
      'downloads a PDF of the PEP made by Chromium',
      async () => {
        const { pupil, base } = await aDraft()
        expect((await browser.get(base)).body).toContain(`href="${base}/pdf"`)
        const res = await browser.get(`${base}/pdf`)
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toBe('application/pdf')
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="pep-${pupil.upn}-2026-11-10.pdf"`,
        )
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
      },
      60_000,
    )
  })

  describe('who may do what', () => {
    it('lets the DSL read a PEP but not change it, and refuses staff', async () => {
      const { pupil, base } = await aDraft()
      const dsl = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'dsl', school)).user.email)
      const page = await dsl.get(base)
      expect(page.statusCode).toBe(200)
      expect(page.body).not.toContain('Change this PEP')
      expect((await dsl.get(`${base}/edit`)).statusCode).toBe(403)
      expect((await dsl.get(`/pupils/${pupil.id}/peps`)).body).not.toContain('Start a new PEP')
      const staff = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'staff', school)).user.email)
      expect((await staff.get(`/pupils/${pupil.id}/peps`)).statusCode).toBe(403)
    })

    it('is a 404 for a PEP of another pupil, and for a section the PEP does not have', async () => {
      const first = await aDraft()
      const second = await aDraft()
      expect((await browser.get(`/pupils/${first.pupil.id}/peps/${second.pep.id}`)).statusCode).toBe(404)
      expect((await browser.get(`${first.base}/edit/parents-views`)).statusCode).toBe(404)
      expect((await browser.get(`${first.base}/edit/review`)).statusCode).toBe(404)
    })

    it('tells the Virtual School a draft cannot be decided yet', async () => {
      const { base } = await aDraft()
      const adviser = await aBrowserSignedInAs(
        t.app,
        (await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })).user.email,
      )
      const page = await adviser.get(`${base}/decision`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Only a submitted PEP can be approved; this one is draft.')
      expect(page.body).not.toContain('id="approve-pep"')
    })
  })
})
