import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, pupils, statusEpisodes } from '../../../../data/schema/index.js'
import { getRetentionSettings } from '../../../../services/retention.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { aPupilWithEverything, leaves } from '../../../../test-support/full-record.js'

describe('retention pages (DOMAIN.md PD-13)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let admin: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx, { name: 'Retention School' })
    admin = await aUser(t.ctx, 'admin', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  /** Was looked after; turned 25 on 1 January 2025; left in 2018: past retention. */
  async function aCareLeaver() {
    const { pupil } = await aPupilWithEverything(t.ctx, school, { dateOfBirth: '2000-01-01' })
    await leaves(t.ctx, pupil.id, '2018-07-20')
    return pupil
  }
  const pupilExists = async (id: string) =>
    (await t.ctx.db.select({ n: count() }).from(pupils).where(eq(pupils.id, id)))[0]!.n === 1
  const episodesOf = async (id: string) =>
    (await t.ctx.db.select({ n: count() }).from(statusEpisodes).where(eq(statusEpisodes.pupilId, id)))[0]!.n
  const deletionsOf = (id: string) =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, id), eq(auditEvents.action, 'pupil.deleted')))

  describe('the report', () => {
    it('lists the records past their retention date, with the reason, the date and a way to delete each', async () => {
      const past = await aCareLeaver()
      const other = await aPupil(t.ctx, school, { givenName: 'Noel', familyName: 'Schedule' })
      await leaves(t.ctx, other.id, '2012-07-20')
      const res = await browser.get('/admin/retention')
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('Robin Everything')
      expect(res.body).toContain('1 January 2025')
      expect(res.body).toContain('Was looked after or had a social worker: kept until their 25th birthday')
      expect(res.body).toContain(`href="/admin/retention/pupils/${past.id}/delete"`)
      // The other leaver's school has no schedule: nothing of theirs is due, and the report says so.
      expect(res.body).not.toContain('Noel Schedule')
      expect(res.body).toContain('No retention schedule set for Retention School')
    })

    it('is linked from the administration page', async () => {
      expect((await browser.get('/admin')).body).toContain('href="/admin/retention"')
    })

    it('is refused to anyone but an administrator (403)', async () => {
      const head = new TestBrowser(t.app)
      await head.signIn((await aUser(t.ctx, 'headteacher', school)).user.email)
      expect((await head.get('/admin/retention')).statusCode).toBe(403)
      expect((await head.get('/admin/retention/settings')).statusCode).toBe(403)
    })
  })

  describe('the settings', () => {
    it('saves the school’s schedule, after which its other leavers can be due', async () => {
      const form = await browser.get('/admin/retention/settings')
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain(`name="schedule-${school.urn}"`)
      // A school's administrator cannot change the age, which is the same for every school.
      expect(form.body).not.toContain('name="careRecordsUntilAge"')
      const saved = await browser.submit('/admin/retention/settings', '/admin/retention/settings', {
        [`schedule-${school.urn}`]: '8',
      })
      expect(saved.statusCode).toBe(303)
      expect(saved.headers.location).toBe('/admin/retention')
      const settings = await getRetentionSettings(t.ctx, admin.actor)
      expect(settings.schools.find((s) => s.urn === school.urn)!.yearsAfterLeaving).toBe(8)
      const report = await browser.get('/admin/retention')
      expect(report.body).toContain('How long records are kept has been saved')
      expect(report.body).toContain('The school’s retention schedule: kept 8 years after leaving')
    })

    it('shows what is wrong, and saves nothing, when a number is not a number', async () => {
      const res = await browser.submit('/admin/retention/settings', '/admin/retention/settings', {
        [`schedule-${school.urn}`]: 'ten',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('There is a problem')
      expect(res.body).toContain(`href="#schedule-${school.urn}"`)
      expect(res.body).toContain('value="ten"')
      const settings = await getRetentionSettings(t.ctx, admin.actor)
      expect(settings.schools.find((s) => s.urn === school.urn)!.yearsAfterLeaving).toBe(8)
    })

    it('lets an administrator of every school change the age for CLA and CSW records', async () => {
      const everyone = new TestBrowser(t.app)
      await everyone.signIn((await aUser(t.ctx, 'admin', null)).user.email)
      const form = await everyone.get('/admin/retention/settings')
      expect(form.body).toContain('name="careRecordsUntilAge"')
      const saved = await everyone.submit('/admin/retention/settings', '/admin/retention/settings', {
        careRecordsUntilAge: '26',
      })
      expect(saved.statusCode).toBe(303)
      expect((await getRetentionSettings(t.ctx, admin.actor)).careRecordsUntilAge).toBe(26)
      await everyone.submit('/admin/retention/settings', '/admin/retention/settings', {
        careRecordsUntilAge: '25',
      })
    })

    it('refuses a form without its CSRF token (403), changing nothing', async () => {
      const res = await browser.post('/admin/retention/settings', { [`schedule-${school.urn}`]: '' })
      expect(res.statusCode).toBe(403)
      const settings = await getRetentionSettings(t.ctx, admin.actor)
      expect(settings.schools.find((s) => s.urn === school.urn)!.yearsAfterLeaving).toBe(8)
    })
  })

  describe('deleting one pupil’s records', () => {
    it('names what will be deleted, then deletes it all when confirmed, audited', async () => {
      const pupil = await aCareLeaver()
      const url = `/admin/retention/pupils/${pupil.id}/delete`
      const page = await browser.get(url)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Delete the records of Robin Everything')
      expect(page.body).toContain('5 status entries (with their corrections and withdrawals)')
      expect(page.body).toContain('1 change of placement or school')
      expect(page.body).toContain('2 staff assignments')
      expect(page.body).toContain('1 email about the pupil')
      expect(page.body).toContain('This cannot be undone')
      const res = await browser.submit(url, url, {})
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe('/admin/retention')
      expect(await pupilExists(pupil.id)).toBe(false)
      expect(await episodesOf(pupil.id)).toBe(0)
      expect(await deletionsOf(pupil.id)).toHaveLength(1)
      expect((await browser.get('/admin/retention')).body).toContain('The records were deleted')
      expect((await browser.get(url)).statusCode).toBe(404)
    })

    it('refuses a form without its CSRF token (403), deleting nothing', async () => {
      const pupil = await aCareLeaver()
      const res = await browser.post(`/admin/retention/pupils/${pupil.id}/delete`, {})
      expect(res.statusCode).toBe(403)
      expect(await pupilExists(pupil.id)).toBe(true)
      expect(await deletionsOf(pupil.id)).toEqual([])
    })

    it('offers no deletion of a record not yet past its retention date, and refuses one (422)', async () => {
      const { pupil } = await aPupilWithEverything(t.ctx, school, { dateOfBirth: '2008-03-01' })
      await leaves(t.ctx, pupil.id, '2024-07-20')
      const url = `/admin/retention/pupils/${pupil.id}/delete`
      const page = await browser.get(url)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('These records cannot be deleted yet')
      expect(page.body).not.toContain(`action="${url}"`)
      // A form sent anyway (say from a page opened before the rule changed) is refused.
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
      const res = await browser.post(url, { _csrf: token })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('This record is not past its retention date')
      expect(await pupilExists(pupil.id)).toBe(true)
      expect(await episodesOf(pupil.id)).toBe(5)
      expect(await deletionsOf(pupil.id)).toEqual([])
    })

    it('treats another school’s pupil as unknown (404) and refuses a DSL (403)', async () => {
      const pupil = await aCareLeaver()
      const url = `/admin/retention/pupils/${pupil.id}/delete`
      const elsewhere = new TestBrowser(t.app)
      await elsewhere.signIn((await aUser(t.ctx, 'admin', await aSchool(t.ctx))).user.email)
      const res = await elsewhere.get(url)
      expect(res.statusCode).toBe(404)
      expect(res.body).not.toContain('Robin')
      const dsl = new TestBrowser(t.app)
      await dsl.signIn((await aUser(t.ctx, 'dsl', school)).user.email)
      expect((await dsl.get(url)).statusCode).toBe(403)
      expect(await pupilExists(pupil.id)).toBe(true)
    })
  })
})
