import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { listSchools } from '../../../../../services/schools.service.js'

describe('adding a school', () => {
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

  it('adds a school and opens its page', async () => {
    const res = await browser.submit('/admin/schools/new', '/admin/schools/new', {
      urn: '654321',
      laestab: '9194321',
      name: 'Newly Added Primary',
      phase: 'primary',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/admin/schools/654321')
    const page = await browser.get('/admin/schools/654321')
    expect(page.body).toContain('Newly Added Primary has been added')
    expect(page.body).toContain('Primary')
    expect(page.body).toContain('919')
  })

  it('refuses a bad URN and a LAESTAB already used, and adds nothing', async () => {
    const existing = await aSchool(t.ctx)
    const before = (await listSchools(t.ctx, admin.actor)).length
    const res = await browser.submit('/admin/schools/new', '/admin/schools/new', {
      urn: '12345',
      laestab: existing.laestab,
      name: 'Not Added',
      phase: '',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#urn"')
    expect(res.body).toContain('Enter a URN of 6 digits, like 100000')
    expect(res.body).toContain('href="#laestab"')
    expect(res.body).toContain(`A school with LAESTAB ${existing.laestab} already exists`)
    expect((await listSchools(t.ctx, admin.actor)).length).toBe(before)
  })
})
