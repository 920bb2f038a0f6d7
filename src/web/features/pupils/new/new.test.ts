import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUpn } from '../../../../domain/identifiers/upn.js'
import { aPupil, aSchool, aUpn, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { listRegister } from '../../../../services/pupils.service.js'

const NOW = new Date('2026-03-02T12:00:00Z')

describe('adding a pupil', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const form = (over: Record<string, string> = {}) => ({
    upn: aUpn(),
    givenName: 'Riley',
    familyName: 'Newpupil',
    preferredName: '',
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '9',
    'dateOfBirth-year': '2014',
    yearGroup: '6',
    senProvision: 'K',
    'enrolledOn-day': '',
    'enrolledOn-month': '',
    'enrolledOn-year': '',
    schoolUrn: school.urn,
    ...over,
  })
  const post = (fields: Record<string, string>) => browser.submit('/pupils/new', '/pupils/new', fields)
  const pupilsNamed = async (name: string) =>
    (await listRegister(t.ctx, dt.actor, { search: name })).rows.map((r) => r.upn)

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('shows the form to a designated teacher, linked from the register, with the school as a hidden field', async () => {
    expect((await browser.get('/register')).body).toContain('href="/pupils/new"')
    const res = await browser.get('/pupils/new')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Add a pupil')
    expect(res.body).toContain(`name="schoolUrn" value="${school.urn}"`)
    expect(res.body).toContain('name="dateOfBirth-day"')
    expect(res.body).toContain('EHC')
  })

  it('adds the pupil and shows their page', async () => {
    const upn = aUpn()
    const res = await post(form({ upn: ` ${upn.toLowerCase()} `, familyName: 'Created' }))
    expect(res.statusCode).toBe(302)
    const page = await browser.get(res.headers.location as string)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Riley Created')
    expect(page.body).toContain(upn)
    expect(page.body).toContain('3 September 2014')
    expect(page.body).toContain('SEN support')
    expect(page.body).toContain('has been added')
  })

  it('refuses a UPN with the wrong check letter, at #upn, and adds nothing', async () => {
    const good = makeUpn('919', '2001', '14', '123')
    const wrongLetter = (good.startsWith('A') ? 'B' : 'A') + good.slice(1)
    const res = await post(form({ upn: wrongLetter, familyName: 'Wrongletter' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain('href="#upn"')
    expect(res.body).toMatch(/check letter/i)
    expect(res.body).toContain(`value="${wrongLetter}"`)
    expect(await pupilsNamed('Wrongletter')).toEqual([])
  })

  it('refuses a UPN already on roll at the school', async () => {
    const existing = await aPupil(t.ctx, school, { familyName: 'Alreadyhere' })
    const res = await post(form({ upn: existing.upn, familyName: 'Duplicate' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#upn"')
    expect(res.body).toContain(`A pupil with UPN ${existing.upn} is already on roll at this school`)
    expect(await pupilsNamed('Duplicate')).toEqual([])
  })

  it('refuses a date of birth in the future, linking to the date input', async () => {
    const res = await post(form({ 'dateOfBirth-year': '2027', familyName: 'Future' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#dateOfBirth-day"')
    expect(res.body).toContain('Date of birth must be in the past')
    expect(await pupilsNamed('Future')).toEqual([])
  })

  it('links an incomplete date to the part that is missing', async () => {
    const res = await post(form({ 'dateOfBirth-month': '', familyName: 'Nomonth' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#dateOfBirth-month"')
    expect(res.body).toContain('The date of birth must include a month')
  })

  it('refuses a year group or SEN code posted by hand that the form does not offer', async () => {
    const res = await post(form({ yearGroup: '15', senProvision: 'X', familyName: 'Handmade' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#yearGroup"')
    expect(res.body).toContain('href="#senProvision"')
    expect(await pupilsNamed('Handmade')).toEqual([])
  })

  it('offers a choice of school to an administrator of every school, and refuses none', async () => {
    await aSchool(t.ctx)
    const admin = await aUser(t.ctx, 'admin', null)
    const adminBrowser = new TestBrowser(t.app)
    await adminBrowser.signIn(admin.user.email)
    const page = await adminBrowser.get('/pupils/new')
    expect(page.body).toContain('<select class="govuk-select" id="schoolUrn" name="schoolUrn"')
    const res = await adminBrowser.submit('/pupils/new', '/pupils/new', form({ schoolUrn: '' }))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#schoolUrn"')
  })

  it('refuses staff and governors (403)', async () => {
    for (const role of ['staff', 'governor'] as const) {
      const user = await aUser(t.ctx, role, school)
      const other = new TestBrowser(t.app)
      await other.signIn(user.user.email)
      expect((await other.get('/pupils/new')).statusCode).toBe(403)
    }
  })
})
