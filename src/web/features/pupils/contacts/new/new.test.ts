import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getPupilRecord } from '../../../../../services/pupil-record.service.js'

describe('adding a contact', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('shows the form with every kind of contact', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await browser.get(`/pupils/${pupil.id}/contacts/new`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Independent reviewing officer (IRO)')
    expect(res.body).toContain('Virtual School education adviser')
  })

  it('adds a social worker and lists them on the pupil page', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = `/pupils/${pupil.id}/contacts/new`
    const res = await browser.submit(url, url, {
      role: 'social_worker',
      name: 'Quinn Social',
      organisation: 'Cambridgeshire Children’s Services',
      email: 'quinn@cambs.example',
      phone: '01223 000 000',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/pupils/${pupil.id}#contacts`)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Quinn Social has been added as a contact')
    expect(page.body).toContain('href="mailto:quinn@cambs.example"')
    expect(page.body).toContain('Cambridgeshire Children’s Services')
  })

  it('refuses a contact with no role, no name and a bad email, and adds nothing', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = `/pupils/${pupil.id}/contacts/new`
    const res = await browser.submit(url, url, { role: '', name: '', email: 'not-an-email' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#role"')
    expect(res.body).toContain('href="#name"')
    expect(res.body).toContain('href="#email"')
    expect(res.body).toContain('Enter an email address in the correct format')
    expect((await getPupilRecord(t.ctx, dt.actor, pupil.id)).contacts).toHaveLength(0)
  })

  it('refuses an end date before the start date, linked to the date input', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = `/pupils/${pupil.id}/contacts/new`
    const res = await browser.submit(url, url, {
      role: 'carer',
      name: 'Ash Carer',
      'fromDate-day': '5',
      'fromDate-month': '5',
      'fromDate-year': '2025',
      'toDate-day': '4',
      'toDate-month': '5',
      'toDate-year': '2025',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#toDate-day"')
  })

  it('refuses staff (403)', async () => {
    const pupil = await aPupil(t.ctx, school)
    const staff = await aUser(t.ctx, 'staff', school)
    const other = new TestBrowser(t.app)
    await other.signIn(staff.user.email)
    expect((await other.get(`/pupils/${pupil.id}/contacts/new`)).statusCode).toBe(403)
  })
})
