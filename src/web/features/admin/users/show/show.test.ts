import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser, TEST_PASSWORD } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { findUserById } from '../../../../../services/users.service.js'

// Issue 3 item 2: an administrator's page for one user, and what it can do to the account.
describe('a user’s admin page', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let admin: TestBrowser
  let adminId: string

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx, { name: 'Access Test School' })
    const a = await aUser(t.ctx, 'admin', null)
    adminId = a.user.id
    admin = new TestBrowser(t.app)
    await admin.signIn(a.user.email)
  })
  afterAll(async () => t?.close())

  /** A staff member signed in on a browser of their own. */
  async function aSignedInColleague(name = 'Casey Colleague') {
    const { user } = await aUser(t.ctx, 'staff', school, { name })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    return { user, browser }
  }
  const signedOut = async (browser: TestBrowser) => (await browser.get('/register')).statusCode === 302

  it('is reached from the users list, and shows the account', async () => {
    const { user } = await aSignedInColleague('Robin Listed')
    expect((await admin.get('/admin/users')).body).toContain(`href="/admin/users/${user.id}"`)
    const page = await admin.get(`/admin/users/${user.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Robin Listed')
    expect(page.body).toContain(user.email)
    expect(page.body).toContain('Access Test School')
    expect(page.body).toContain('On 1 device or browser')
    expect(page.body).toContain('Deactivate Robin Listed')
  })

  it('is 404 for a user that does not exist, and 403 for anyone but an administrator', async () => {
    expect((await admin.get('/admin/users/0190c0de-0000-7000-8000-000000000000')).statusCode).toBe(404)
    expect((await admin.get('/admin/users/nonsense')).statusCode).toBe(404)
    const { user, browser } = await aSignedInColleague()
    expect((await browser.get(`/admin/users/${user.id}`)).statusCode).toBe(403)
  })

  it('changes a role, and the person is signed out everywhere', async () => {
    const { user, browser } = await aSignedInColleague('Jordan Promoted')
    const form = await admin.get(`/admin/users/${user.id}/role`)
    expect(form.body).toContain('will be signed out on every device')
    const res = await admin.submit(`/admin/users/${user.id}/role`, `/admin/users/${user.id}/role`, {
      role: 'senco',
      schoolUrn: school.urn,
      laCode: '',
      version: String(user.version),
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/admin/users/${user.id}`)
    expect((await admin.get(res.headers.location!)).body).toContain(
      'Jordan Promoted is now SENCO, and has been signed out everywhere',
    )
    expect((await findUserById(t.ctx, user.id))?.role).toBe('senco')
    expect(await signedOut(browser)).toBe(true)
  })

  it('shows the errors of a role that cannot be given, and changes nothing', async () => {
    const { user, browser } = await aSignedInColleague()
    const res = await admin.submit(`/admin/users/${user.id}/role`, `/admin/users/${user.id}/role`, {
      role: 'vs_adviser',
      schoolUrn: '',
      laCode: '',
      version: String(user.version),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#laCode"')
    expect((await findUserById(t.ctx, user.id))?.role).toBe('staff')
    expect(await signedOut(browser)).toBe(false)
  })

  it('does not offer administrators a change to their own role or access', async () => {
    const page = await admin.get(`/admin/users/${adminId}`)
    expect(page.body).not.toContain(`/admin/users/${adminId}/role`)
    expect(page.body).not.toContain(`/admin/users/${adminId}/deactivate`)
    expect((await admin.get(`/admin/users/${adminId}/role`)).headers.location).toBe(`/admin/users/${adminId}`)
  })

  it('signs a user out everywhere', async () => {
    const { user, browser } = await aSignedInColleague('Sam Signedout')
    const other = new TestBrowser(t.app)
    await other.signIn(user.email)
    const res = await admin.submit(
      `/admin/users/${user.id}`,
      `/admin/users/${user.id}/sign-out-everywhere`,
      {},
    )
    expect(res.statusCode).toBe(302)
    expect((await admin.get(`/admin/users/${user.id}`)).body).toContain(
      'Sam Signedout has been signed out on 2 devices',
    )
    expect(await signedOut(browser)).toBe(true)
    expect(await signedOut(other)).toBe(true)
  })

  it('deactivates a user, who is signed out and cannot sign in, and reactivates them', async () => {
    const { user, browser } = await aSignedInColleague('Dee Activated')
    const res = await admin.submit(`/admin/users/${user.id}`, `/admin/users/${user.id}/deactivate`, {})
    expect(res.statusCode).toBe(302)
    const page = await admin.get(`/admin/users/${user.id}`)
    expect(page.body).toContain('Dee Activated has been deactivated and signed out')
    expect(page.body).toContain('Deactivated')
    expect(await signedOut(browser)).toBe(true)
    const again = await new TestBrowser(t.app).submit('/sign-in', '/sign-in', {
      email: user.email,
      password: TEST_PASSWORD,
    })
    expect(again.statusCode).toBe(401)

    await admin.submit(`/admin/users/${user.id}`, `/admin/users/${user.id}/reactivate`, {})
    await new TestBrowser(t.app).signIn(user.email)
  })

  it('refuses the actions without a CSRF token, changing nothing', async () => {
    const { user, browser } = await aSignedInColleague()
    for (const action of ['deactivate', 'sign-out-everywhere', 'reset-link', 'role']) {
      const res = await admin.post(`/admin/users/${user.id}/${action}`, { role: 'admin', version: '1' })
      expect(res.statusCode).toBe(403)
    }
    expect((await findUserById(t.ctx, user.id))?.active).toBe(true)
    expect(await signedOut(browser)).toBe(false)
  })

  it('shows a password reset link once, which then sets a new password', async () => {
    const { user, browser } = await aSignedInColleague('Pat Forgetful')
    const res = await admin.submit(`/admin/users/${user.id}`, `/admin/users/${user.id}/reset-link`, {})
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toContain('This is the only time the link is shown')
    const link = /http:\/\/[^/]+(\/reset-password\/[A-Za-z0-9_-]{43})</.exec(res.body)?.[1]
    expect(link).toBeDefined()

    const person = new TestBrowser(t.app)
    const done = await person.submit(link!, link!, {
      password: 'seven amber kites',
      confirmPassword: 'seven amber kites',
    })
    expect(done.statusCode).toBe(302)
    expect(done.headers.location).toBe('/sign-in')
    expect(await signedOut(browser)).toBe(true)
    await person.signIn(user.email, 'seven amber kites')
  })
})
