import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'

describe('administering local authorities', () => {
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

  it('lists the seeded Virtual School contacts (POL-32)', async () => {
    const res = await browser.get('/admin/local-authorities')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Hertfordshire')
    expect(res.body).toContain('href="mailto:virtualschool@warwickshire.gov.uk"')
    expect(res.body).toContain('01223 699 883')
    expect(res.body).toContain('href="/admin/local-authorities/919/edit"')
  })
})
