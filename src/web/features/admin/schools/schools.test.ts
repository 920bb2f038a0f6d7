import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'

describe('administering schools', () => {
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

  it('lists the schools', async () => {
    const school = await aSchool(t.ctx, { name: 'Listed Academy' })
    const res = await browser.get('/admin/schools')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Listed Academy')
    expect(res.body).toContain(`href="/admin/schools/${school.urn}"`)
    expect(res.body).toContain('Add a school')
  })
})
