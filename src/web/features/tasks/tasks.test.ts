import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aPupil, aSchool, aUser } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { createTask, listMyTasks } from '../../../services/tasks.service.js'

const NOW = new Date('2026-03-02T12:00:00Z')

describe('your tasks', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let dtBrowser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    dtBrowser = new TestBrowser(t.app)
    await dtBrowser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  it('tells the key adult when their pupil gets a social worker, and records who was told (POL-30)', async () => {
    const keyAdult = await aUser(t.ctx, 'staff', school, { name: 'Kit Keyadult' })
    const pupil = await aPupil(t.ctx, school, { givenName: 'Jordan', familyName: 'Needsworker' })
    const staffUrl = `/pupils/${pupil.id}/staff/new`
    expect(
      (await dtBrowser.submit(staffUrl, staffUrl, { userId: keyAdult.user.id, role: 'key_adult' }))
        .statusCode,
    ).toBe(302)
    const episodeUrl = `/pupils/${pupil.id}/episodes/new`
    const added = await dtBrowser.submit(`${episodeUrl}?type=CIN`, episodeUrl, {
      type: 'CIN',
      'startDate-day': '2',
      'startDate-month': '3',
      'startDate-year': '2026',
      cinCategory: 'N4',
    })
    expect(added.statusCode).toBe(302)

    const browser = new TestBrowser(t.app)
    await browser.signIn(keyAdult.user.email)
    const tasks = await browser.get('/tasks')
    expect(tasks.statusCode).toBe(200)
    expect(tasks.body).toContain('Read: Jordan Needsworker now has a social worker')
    expect(tasks.body).toContain('Due today')
    expect(tasks.body).toContain(`href="/pupils/${pupil.id}"`)

    const [task] = await listMyTasks(t.ctx, keyAdult.actor)
    const done = await browser.submit('/tasks', `/tasks/${task!.id}/done`, { note: 'Read the plan' })
    expect(done.statusCode).toBe(302)
    expect(done.headers.location).toBe('/tasks')
    const after = await browser.get('/tasks')
    expect(after.body).toContain('Task done: Read: Jordan Needsworker now has a social worker')
    expect(after.body).toContain('You have no tasks to do.')

    const completed = await browser.get('/tasks?done=1')
    expect(completed.body).toContain('Read: Jordan Needsworker now has a social worker')
    expect(completed.body).toContain('By Kit Keyadult')
    expect(completed.body).toContain('Note: Read the plan')

    const page = await dtBrowser.get(`/pupils/${pupil.id}`)
    expect(page.body).toContain('Done by Kit Keyadult')
  })

  it('lists what is late first, then what is due today, then what is due', async () => {
    const user = await aUser(t.ctx, 'senco', school)
    const pupil = await aPupil(t.ctx, school)
    for (const [title, dueOn] of [
      ['Third: due next week', '2026-03-09'],
      ['First: late', '2026-02-20'],
      ['Second: due today', '2026-03-02'],
    ])
      await createTask(t.ctx.db, {
        schoolId: school.id,
        pupilId: pupil.id,
        kind: 'test',
        title: title!,
        assigneeUserId: user.user.id,
        dueOn: dueOn!,
      })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.user.email)
    const body = (await browser.get('/tasks')).body
    const first = body.indexOf('First: late')
    const second = body.indexOf('Second: due today')
    const third = body.indexOf('Third: due next week')
    expect(first).toBeGreaterThan(-1)
    expect(first).toBeLessThan(second)
    expect(second).toBeLessThan(third)
    expect(body).toMatch(/govuk-tag--red">\s*Late\s*</)
    expect(body).toMatch(/govuk-tag--orange">\s*Due today\s*</)
    expect(body).toMatch(/govuk-tag--blue">\s*Due\s*</)
    expect(body).toContain('Show completed tasks')
  })

  it('refuses a note that is too long, and leaves the task open', async () => {
    const user = await aUser(t.ctx, 'senco', school)
    const task = await createTask(t.ctx.db, {
      schoolId: school.id,
      kind: 'test',
      title: 'A task with a long note',
      assigneeUserId: user.user.id,
      dueOn: '2026-03-05',
    })
    const browser = new TestBrowser(t.app)
    await browser.signIn(user.user.email)
    const res = await browser.submit('/tasks', `/tasks/${task!.id}/done`, { note: 'x'.repeat(1001) })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain(`href="#note-${task!.id}"`)
    expect(await listMyTasks(t.ctx, user.actor)).toHaveLength(1)
  })

  it('shows the not-found page for someone else’s task', async () => {
    const owner = await aUser(t.ctx, 'senco', school)
    const task = await createTask(t.ctx.db, {
      schoolId: school.id,
      kind: 'test',
      title: 'Not yours',
      assigneeUserId: owner.user.id,
      dueOn: '2026-03-05',
    })
    const res = await dtBrowser.submit('/tasks', `/tasks/${task!.id}/done`, {})
    expect(res.statusCode).toBe(404)
    expect(await listMyTasks(t.ctx, owner.actor)).toHaveLength(1)
  })
})
