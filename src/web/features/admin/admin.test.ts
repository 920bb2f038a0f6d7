import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'

describe('administration', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  it('shows an administrator the index, linked from the menu', async () => {
    const admin = await aUser(t.ctx, 'admin', null)
    const browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
    const res = await browser.get('/admin')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('href="/admin/schools"')
    expect(res.body).toContain('href="/admin/users"')
    expect(res.body).toContain('href="/admin/local-authorities"')
  })

  it('refuses a designated teacher every administration page and form (403)', async () => {
    const dt = await aUser(t.ctx, 'designated_teacher', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
    expect((await browser.get('/register')).body).not.toContain('href="/admin"')
    for (const url of [
      '/admin',
      '/admin/schools',
      '/admin/schools/new',
      `/admin/schools/${school.urn}`,
      `/admin/schools/${school.urn}/calendar?year=2026`,
      '/admin/users',
      '/admin/users/new',
      '/admin/local-authorities',
      '/admin/local-authorities/new',
      '/admin/local-authorities/919/edit',
    ]) {
      const res = await browser.get(url)
      expect(res.statusCode, url).toBe(403)
      expect(res.body).toContain('You cannot do this')
    }
    for (const url of ['/admin/schools/new', '/admin/users/new', '/admin/local-authorities/919/edit']) {
      const res = await browser.submit('/register', url, {
        name: 'Changed',
        urn: '123456',
        laestab: '9191234',
      })
      expect(res.statusCode, url).toBe(403)
    }
  })

  it('sends someone who is not signed in to the sign-in page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/users' })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in?next=%2Fadmin%2Fusers')
  })
})
