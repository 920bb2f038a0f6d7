import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'

describe('administering users', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx, { name: 'Users Test School' })
    const admin = await aUser(t.ctx, 'admin', null)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  it('lists users with their role and where they work', async () => {
    await aUser(t.ctx, 'senco', school, { name: 'Sasha Senco' })
    const res = await browser.get('/admin/users')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Sasha Senco')
    expect(res.body).toContain('SENCO')
    expect(res.body).toContain('Users Test School')
  })
})
