import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'

describe('adding a local authority', () => {
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

  it('adds a local authority, and refuses a code already in the table', async () => {
    const add = (fields: Record<string, string>) =>
      browser.submit('/admin/local-authorities/new', '/admin/local-authorities/new', fields)
    const dup = await add({ code: '919', name: 'Another Hertfordshire' })
    expect(dup.statusCode).toBe(422)
    expect(dup.body).toContain('href="#code"')
    expect(dup.body).toContain('There is already a local authority with code 919')
    const bad = await add({ code: '12', name: '' })
    expect(bad.body).toContain('Enter the LA’s 3-digit code, like 919')
    expect(bad.body).toContain('href="#name"')
    const res = await add({ code: '202', name: 'Camden', virtualSchoolEmail: 'vs@camden.example' })
    expect(res.statusCode).toBe(302)
    expect((await browser.get('/admin/local-authorities')).body).toContain('Camden')
  })
})
