import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { addContact, getContact } from '../../../../../services/contacts.service.js'
import { SYSTEM_ACTOR } from '../../../../../services/users.service.js'

describe('changing a contact', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const aContact = async (pupilId: string) =>
    addContact(t.ctx, SYSTEM_ACTOR, pupilId, { role: 'iro', name: 'Indy Reviewer', email: 'indy@la.example' })

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('shows the contact filled in, with a Change link on the pupil page', async () => {
    const pupil = await aPupil(t.ctx, school)
    const contact = await aContact(pupil.id)
    expect((await browser.get(`/pupils/${pupil.id}`)).body).toContain(
      `href="/pupils/${pupil.id}/contacts/${contact.id}/edit"`,
    )
    const res = await browser.get(`/pupils/${pupil.id}/contacts/${contact.id}/edit`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('value="Indy Reviewer"')
    expect(res.body).toMatch(/value="iro" checked/)
    expect(res.body).toContain('name="version" value="1"')
  })

  it('saves a change', async () => {
    const pupil = await aPupil(t.ctx, school)
    const contact = await aContact(pupil.id)
    const url = `/pupils/${pupil.id}/contacts/${contact.id}/edit`
    const res = await browser.submit(url, url, {
      version: '1',
      role: 'iro',
      name: 'Indy Renamed',
      phone: '01632 960 123',
    })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Indy Renamed')
    expect(page.body).toContain('01632 960 123')
  })

  it('refuses a bad telephone number and changes nothing', async () => {
    const pupil = await aPupil(t.ctx, school)
    const contact = await aContact(pupil.id)
    const url = `/pupils/${pupil.id}/contacts/${contact.id}/edit`
    const res = await browser.submit(url, url, {
      version: '1',
      role: 'iro',
      name: 'Indy Changed',
      phone: 'call me',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#phone"')
    expect((await getContact(t.ctx, dt.actor, pupil.id, contact.id)).contact.name).toBe('Indy Reviewer')
  })

  it('shows the conflict page for a stale version', async () => {
    const pupil = await aPupil(t.ctx, school)
    const contact = await aContact(pupil.id)
    const url = `/pupils/${pupil.id}/contacts/${contact.id}/edit`
    expect(
      (await browser.submit(url, url, { version: '1', role: 'iro', name: 'First Save' })).statusCode,
    ).toBe(302)
    const res = await browser.submit(url, url, { version: '1', role: 'iro', name: 'Second Save' })
    expect(res.statusCode).toBe(409)
    expect((await getContact(t.ctx, dt.actor, pupil.id, contact.id)).contact.name).toBe('First Save')
  })

  it('shows the not-found page for a contact of another pupil', async () => {
    const pupil = await aPupil(t.ctx, school)
    const other = await aPupil(t.ctx, school)
    const contact = await aContact(other.id)
    expect((await browser.get(`/pupils/${pupil.id}/contacts/${contact.id}/edit`)).statusCode).toBe(404)
  })
})
