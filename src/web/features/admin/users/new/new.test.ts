import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { findUserByEmail } from '../../../../../services/users.service.js'

describe('adding a user', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let browser: TestBrowser

  const add = (fields: Record<string, string>) =>
    browser.submit('/admin/users/new', '/admin/users/new', fields)

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx, { name: 'Users Test School' })
    const admin = await aUser(t.ctx, 'admin', null)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  it('offers every role and school on the form', async () => {
    const res = await browser.get('/admin/users/new')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Virtual School adviser')
    expect(res.body).toContain(`value="${school.urn}"`)
    expect(res.body).toContain('type="password"')
  })

  it('adds a user who can then sign in', async () => {
    const res = await add({
      email: 'New.Teacher@School.Example',
      name: 'Noel Newteacher',
      role: 'designated_teacher',
      schoolUrn: school.urn,
      laCode: '',
      password: 'a long enough password',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/admin/users')
    expect((await browser.get('/admin/users')).body).toContain(
      'Noel Newteacher can now sign in as new.teacher@school.example',
    )
    const other = new TestBrowser(t.app)
    const signedIn = await other.signIn('new.teacher@school.example', 'a long enough password')
    // A designated teacher must set up two-factor sign-in before any other page opens.
    expect(signedIn.headers.location).toBe('/account/two-factor/set-up')
    await other.setUpTwoFactor()
    expect((await other.get('/register')).statusCode).toBe(200)
  })

  it('refuses a short password and a Virtual School user with no LA code, and adds nobody', async () => {
    const res = await add({
      email: 'adviser@vs.example',
      name: 'Ari Adviser',
      role: 'vs_adviser',
      schoolUrn: '',
      laCode: '',
      password: 'too short',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#password"')
    expect(res.body).toContain('Password must be 12 characters or more')
    expect(res.body).toContain('href="#laCode"')
    expect(res.body).toContain('value="adviser@vs.example"')
    expect(res.body).not.toContain('too short')
    expect(await findUserByEmail(t.ctx, 'adviser@vs.example')).toBeUndefined()
  })

  it('asks for an initial password and a school', async () => {
    const res = await add({
      email: 'nopass@school.example',
      name: 'No Pass',
      role: 'staff',
      schoolUrn: '',
      password: '',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#password"')
    expect(res.body).toContain('Enter an initial password of at least 12 characters')
    const second = await add({
      email: 'noschool@school.example',
      name: 'No School',
      role: 'staff',
      schoolUrn: '',
      password: 'a long enough password',
    })
    expect(second.body).toContain('href="#schoolUrn"')
    expect(await findUserByEmail(t.ctx, 'noschool@school.example')).toBeUndefined()
  })
})
