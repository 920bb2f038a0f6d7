import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { getPupil } from '../../../../services/pupils.service.js'

describe('changing a pupil’s details', () => {
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

  const formFor = (p: Awaited<ReturnType<typeof aPupil>>, over: Record<string, string> = {}) => ({
    version: String(p.version),
    upn: p.upn,
    givenName: p.givenName,
    familyName: p.familyName,
    preferredName: '',
    'dateOfBirth-day': '1',
    'dateOfBirth-month': '5',
    'dateOfBirth-year': '2014',
    yearGroup: '7',
    senProvision: 'N',
    ...over,
  })

  it('shows the form filled in, with the version hidden', async () => {
    const pupil = await aPupil(t.ctx, school, { givenName: 'Drew', familyName: 'Prefilled' })
    const res = await browser.get(`/pupils/${pupil.id}/edit`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('value="Prefilled"')
    expect(res.body).toContain(`value="${pupil.upn}"`)
    expect(res.body).toContain('name="version" value="1"')
    expect(res.body).toMatch(/<option value="7" selected>Year 7<\/option>/)
  })

  it('saves a change and shows it on the pupil page', async () => {
    const pupil = await aPupil(t.ctx, school, { familyName: 'Before' })
    const url = `/pupils/${pupil.id}/edit`
    const res = await browser.submit(url, url, formFor(pupil, { familyName: 'After', preferredName: 'Ace' }))
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/pupils/${pupil.id}`)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('After')
    expect(page.body).toContain('known as Ace')
  })

  it('refuses an empty first name and changes nothing', async () => {
    const pupil = await aPupil(t.ctx, school, { givenName: 'Kept', familyName: 'Unchanged' })
    const url = `/pupils/${pupil.id}/edit`
    const res = await browser.submit(url, url, formFor(pupil, { givenName: '', familyName: 'Changed' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#givenName"')
    expect(res.body).toContain('Enter the pupil’s first name')
    expect((await getPupil(t.ctx, dt.actor, pupil.id)).familyName).toBe('Unchanged')
  })

  it('shows the conflict page when someone else saved first (a stale version)', async () => {
    const pupil = await aPupil(t.ctx, school, { familyName: 'Raced' })
    const url = `/pupils/${pupil.id}/edit`
    expect((await browser.submit(url, url, formFor(pupil, { familyName: 'First' }))).statusCode).toBe(302)
    const res = await browser.submit(url, url, formFor(pupil, { familyName: 'Second' }))
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('Someone else changed this record')
    expect((await getPupil(t.ctx, dt.actor, pupil.id)).familyName).toBe('First')
  })

  it('refuses staff (403)', async () => {
    const pupil = await aPupil(t.ctx, school)
    const staff = await aUser(t.ctx, 'staff', school)
    const other = new TestBrowser(t.app)
    await other.signIn(staff.user.email)
    expect((await other.get(`/pupils/${pupil.id}/edit`)).statusCode).toBe(403)
  })
})
