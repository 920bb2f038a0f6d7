import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { addContact, assignStaff } from '../../../../services/contacts.service.js'
import { SYSTEM_ACTOR } from '../../../../services/users.service.js'

describe('the pupil page', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let staff: Awaited<ReturnType<typeof aUser>>
  let assigned: Awaited<ReturnType<typeof aPupil>>
  let other: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    staff = await aUser(t.ctx, 'staff', school, { name: 'Robin Keyadult' })
    assigned = await aPupil(t.ctx, school, { givenName: 'Morgan', familyName: 'Assigned' })
    other = await aPupil(t.ctx, school, { givenName: 'Jesse', familyName: 'Unassigned' })
    await anEpisode(t.ctx, assigned.id, aClaEpisode({ legalStatus: 'C2', responsibleLaCode: '919' }))
    await assignStaff(t.ctx, SYSTEM_ACTOR, assigned.id, { userId: staff.user.id, role: 'key_adult' })
    await addContact(t.ctx, SYSTEM_ACTOR, assigned.id, {
      role: 'social_worker',
      name: 'Sam Socialworker',
      organisation: 'Hertfordshire Children’s Services',
      email: 'sam@herts.example',
      phone: '01632 960 001',
    })
  })
  afterAll(async () => t?.close())

  it('shows the details, status timeline, contacts and staff to a designated teacher', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
    const res = await browser.get(`/pupils/${assigned.id}`)
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).toContain('Morgan Assigned')
    expect(html).toContain(assigned.upn)
    expect(html).toContain('1 May 2014')
    expect(html).toContain('Year 7')
    expect(html).toContain('Looked after (CLA)')
    expect(html).toContain('Since 10 January 2024')
    expect(html).toContain('C2: Full care order')
    expect(html).toContain('Hertfordshire (919)')
    expect(html).toContain('href="mailto:sam@herts.example"')
    expect(html).toContain('Social worker')
    expect(html).toContain('Robin Keyadult')
    expect(html).toContain('Key adult')
    expect(html).toContain('>Correct<')
    expect(html).toContain('>Withdraw<')
    expect(html).toContain('Add a contact')
    expect(html).toContain('Assign staff')
    expect(html).toContain('Show history')
  })

  it('lets staff see the pupils they are assigned to, without the buttons they may not use', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(staff.user.email)
    const res = await browser.get(`/pupils/${assigned.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Morgan Assigned')
    expect(res.body).not.toContain('>Correct<')
    expect(res.body).not.toContain('Add a contact')
    expect(res.body).not.toContain('Assign staff')
    expect(res.body).not.toContain('Change details')
    expect(res.body).not.toContain('/staff/')
  })

  it('shows staff the not-found page for a pupil they are not assigned to', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(staff.user.email)
    const res = await browser.get(`/pupils/${other.id}`)
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('Page not found')
    expect(res.body).not.toContain('Unassigned')
  })

  it('shows the not-found page for an unknown id', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
    expect((await browser.get('/pupils/0190a0a0-0000-7000-8000-000000000000')).statusCode).toBe(404)
    expect((await browser.get('/pupils/not-an-id')).statusCode).toBe(404)
  })

  it('gives a governor neither the pupil page nor the register', async () => {
    const governor = await aUser(t.ctx, 'governor', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(governor.user.email)
    const page = await browser.get(`/pupils/${assigned.id}`)
    expect([403, 404]).toContain(page.statusCode)
    expect(page.body).not.toContain('Morgan Assigned')
    const register = await browser.get('/register')
    expect([403, 404]).toContain(register.statusCode)
    expect(register.body).not.toContain('Assigned')
  })

  it('removes a member of staff with the Remove button', async () => {
    const pupil = await aPupil(t.ctx, school, { givenName: 'Casey', familyName: 'Removal' })
    const mentor = await aUser(t.ctx, 'staff', school, { name: 'Pat Mentor' })
    const assignment = await assignStaff(t.ctx, SYSTEM_ACTOR, pupil.id, {
      userId: mentor.user.id,
      role: 'mentor',
    })
    const browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
    const res = await browser.submit(
      `/pupils/${pupil.id}`,
      `/pupils/${pupil.id}/staff/${assignment.id}/remove`,
      {},
    )
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/pupils/${pupil.id}#staff`)
    const after = await browser.get(`/pupils/${pupil.id}`)
    expect(after.body).toContain('has been removed')
    expect(after.body).not.toContain('Pat Mentor')
    const mentorBrowser = new TestBrowser(t.app)
    await mentorBrowser.signIn(mentor.user.email)
    expect((await mentorBrowser.get(`/pupils/${pupil.id}`)).statusCode).toBe(404)
  })
})
