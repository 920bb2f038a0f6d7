import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getLocalAuthority } from '../../../../../services/schools.service.js'

describe('changing a local authority’s Virtual School details', () => {
  let t: TestApp
  let admin: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    admin = await aUser(t.ctx, 'admin', null)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  it('changes a Virtual School’s details', async () => {
    const url = '/admin/local-authorities/937/edit'
    const form = await browser.get(url)
    expect(form.body).toContain('value="virtualschool@warwickshire.gov.uk"')
    expect(form.body).toContain('name="version" value="1"')
    const res = await browser.submit(url, url, {
      version: '1',
      name: 'Warwickshire',
      virtualSchoolName: 'Warwickshire Virtual School',
      virtualSchoolEmail: 'vs@warwickshire.example',
      virtualSchoolPhone: '01926 742018',
      virtualSchoolWebsite: 'https://www.warwickshire.example/virtualschool',
    })
    expect(res.statusCode).toBe(302)
    expect((await browser.get('/admin/local-authorities')).body).toContain('vs@warwickshire.example')
  })

  it('refuses a bad email and a website without https, and changes nothing', async () => {
    const url = '/admin/local-authorities/873/edit'
    const res = await browser.submit(url, url, {
      version: '1',
      name: 'Cambridgeshire',
      virtualSchoolEmail: 'not an email',
      virtualSchoolWebsite: 'www.cambridgeshire.example',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#virtualSchoolEmail"')
    expect(res.body).toContain('href="#virtualSchoolWebsite"')
    expect((await getLocalAuthority(t.ctx, admin.actor, '873')).virtualSchoolEmail).toBe(
      'virtualschool@cambridgeshire.gov.uk',
    )
  })

  it('shows the conflict page for a stale version', async () => {
    const url = '/admin/local-authorities/919/edit'
    const fields = { version: '1', name: 'Hertfordshire', virtualSchoolEmail: 'first@herts.example' }
    expect((await browser.submit(url, url, fields)).statusCode).toBe(302)
    const res = await browser.submit(url, url, { ...fields, virtualSchoolEmail: 'second@herts.example' })
    expect(res.statusCode).toBe(409)
    expect((await getLocalAuthority(t.ctx, admin.actor, '919')).virtualSchoolEmail).toBe(
      'first@herts.example',
    )
  })

  it('shows the not-found page for an unknown code', async () => {
    expect((await browser.get('/admin/local-authorities/555/edit')).statusCode).toBe(404)
  })
})
