import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { aSchool, aUser, totpCode } from '../../../../../test-support/builders.js'

// Issue 3 item 1: someone who must set two-factor up can do nothing else first, so the pages of the
// set-up offer nothing else either: no navigation and no account link, only signing out.

/** Every link of the menu, the account link among them (the sign-out is a form's button). */
const menuLinks = (body: string) =>
  [...body.matchAll(/<a class="govuk-service-navigation__link" href="([^"]+)"/g)].map((m) => m[1])

function expectOnlySignOut(body: string) {
  expect(menuLinks(body)).toEqual([])
  expect(body).toContain('action="/sign-out"')
}

describe('the navigation during a required two-factor set-up', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
  })
  afterAll(async () => t?.close())

  async function mustSetUp(role: 'designated_teacher' | 'admin') {
    const { user } = await aUser(t.ctx, role, role === 'admin' ? null : school, { twoFactor: false })
    const browser = new TestBrowser(t.app)
    expect((await browser.signIn(user.email)).headers.location).toBe('/account/two-factor/set-up')
    return browser
  }

  it('offers only signing out on the set-up page, also when a wrong code is shown again', async () => {
    const browser = await mustSetUp('designated_teacher')
    const page = await browser.get('/account/two-factor/set-up')
    expect(page.statusCode).toBe(200)
    expectOnlySignOut(page.body)
    const wrong = await browser.submit('/account/two-factor/set-up', '/account/two-factor/set-up', {
      code: '000000',
    })
    expect(wrong.statusCode).toBe(422)
    expectOnlySignOut(wrong.body)
  })

  it('offers only signing out on a page that is not found', async () => {
    const browser = await mustSetUp('admin')
    const missing = await browser.get('/no-such-page')
    expect(missing.statusCode).toBe(404)
    expectOnlySignOut(missing.body)
  })

  it('keeps it so on the recovery codes, and shows the navigation once they are saved', async () => {
    const browser = await mustSetUp('designated_teacher')
    const page = await browser.get('/account/two-factor/set-up')
    const secret = /id="setup-key"[^>]*>([A-Z2-7 ]+)</.exec(page.body)![1]!.replace(/ /g, '')
    const codes = await browser.submit('/account/two-factor/set-up', '/account/two-factor/set-up', {
      code: await totpCode(secret, t.ctx.now()),
    })
    expect(codes.body).toContain('Save your recovery codes')
    expectOnlySignOut(codes.body)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(codes.body)![1]!
    const saved = await browser.post('/account/two-factor/recovery-codes/saved', {
      _csrf: csrf,
      after: 'set_up',
    })
    expect(saved.statusCode).toBe(302)
    const register = await browser.get('/register')
    expect(register.statusCode).toBe(200)
    expect(menuLinks(register.body)).toEqual(expect.arrayContaining(['/register', '/tasks', '/account']))
  })

  it('shows the navigation to someone two-factor is not required of', async () => {
    const { user } = await aUser(t.ctx, 'staff', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.email)
    const tasks = await browser.get('/tasks')
    expect(menuLinks(tasks.body)).toEqual(expect.arrayContaining(['/tasks', '/account']))
  })
})
