import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool, aUser } from '../../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { getPupilRecord } from '../../../../../services/pupil-record.service.js'

describe('assigning staff to a pupil', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let teacher: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    teacher = await aUser(t.ctx, 'staff', school, { name: 'Taylor Teacher' })
    await aUser(t.ctx, 'governor', school, { name: 'Gale Governor' })
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('offers the school’s staff, but not governors', async () => {
    const pupil = await aPupil(t.ctx, school)
    const res = await browser.get(`/pupils/${pupil.id}/staff/new`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Taylor Teacher (Staff member)')
    expect(res.body).not.toContain('Gale Governor')
    expect(res.body).toContain('Key adult')
  })

  it('asks for a person and a role, and assigns nobody without them', async () => {
    const pupil = await aPupil(t.ctx, school)
    const url = `/pupils/${pupil.id}/staff/new`
    const res = await browser.submit(url, url, { userId: '', role: '' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#userId"')
    expect(res.body).toContain('href="#role"')
    expect((await getPupilRecord(t.ctx, dt.actor, pupil.id)).staff).toHaveLength(0)
  })

  it('assigns a key adult, who can then open the pupil’s record', async () => {
    const pupil = await aPupil(t.ctx, school, { familyName: 'Keyadulted' })
    const teacherBrowser = new TestBrowser(t.app)
    await teacherBrowser.signIn(teacher.user.email)
    expect((await teacherBrowser.get(`/pupils/${pupil.id}`)).statusCode).toBe(404)
    const url = `/pupils/${pupil.id}/staff/new`
    const res = await browser.submit(url, url, { userId: teacher.user.id, role: 'key_adult' })
    expect(res.statusCode).toBe(302)
    const page = await browser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('A key adult has been assigned')
    expect(page.body).toContain('Taylor Teacher')
    expect((await teacherBrowser.get(`/pupils/${pupil.id}`)).body).toContain('Keyadulted')
  })
})
