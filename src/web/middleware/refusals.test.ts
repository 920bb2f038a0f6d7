import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../data/schema/index.js'
import { assignStaff } from '../../services/contacts.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../test-support/app.js'
import { aPupil, aSchool, aUser } from '../../test-support/builders.js'

// DESIGN.md "Access control and audit": a failed permission check is recorded, though the work's
// transaction rolled back, and the page looks the same as for a record that does not exist.
describe('refused pages are audited (access.denied)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let staff: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser
  let assigned: Awaited<ReturnType<typeof aPupil>>
  let unassigned: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    staff = await aUser(t.ctx, 'staff', school)
    assigned = await aPupil(t.ctx, school)
    unassigned = await aPupil(t.ctx, school, { givenName: 'Jesse', familyName: 'Notyours' })
    await assignStaff(t.ctx, SYSTEM_ACTOR, assigned.id, { userId: staff.user.id, role: 'key_adult' })
    browser = new TestBrowser(t.app)
    await browser.signIn(staff.user.email)
  })
  afterAll(async () => t?.close())

  const refusalsBy = (userId: string) =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, 'access.denied')))

  it('shows staff the 404 page for a pupil they are not assigned to, and writes one event', async () => {
    const before = (await refusalsBy(staff.user.id)).length
    const res = await browser.get(`/pupils/${unassigned.id}`)
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('Page not found')
    expect(res.body).not.toContain('Notyours')
    const events = (await refusalsBy(staff.user.id)).slice(before)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      pupilId: unassigned.id,
      schoolId: school.id,
      details: { action: 'pupil:read', route: 'GET /pupils/:id' },
    })
    expect(JSON.stringify(events[0])).not.toContain('Notyours')
  })

  it('looks the same for an id that is nobody’s, and writes nothing: there was no record to refuse', async () => {
    const before = (await refusalsBy(staff.user.id)).length
    const unknown = await browser.get(`/pupils/${randomUUID()}`)
    const refused = await browser.get(`/pupils/${unassigned.id}`)
    expect(unknown.statusCode).toBe(404)
    const strip = (html: string) => html.replace(/value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '')
    expect(strip(unknown.body)).toBe(strip(refused.body))
    expect((await refusalsBy(staff.user.id)).length).toBe(before + 1)
  })

  it('writes one event for a 403, with the action tried and the pupil', async () => {
    const before = (await refusalsBy(staff.user.id)).length
    const res = await browser.get(`/pupils/${assigned.id}/edit`)
    expect(res.statusCode).toBe(403)
    const events = (await refusalsBy(staff.user.id)).slice(before)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      pupilId: assigned.id,
      details: { action: 'pupil:update', route: 'GET /pupils/:id/edit' },
    })
  })

  it('writes one event for a page that is not about a pupil', async () => {
    const before = (await refusalsBy(staff.user.id)).length
    expect((await browser.get('/admin')).statusCode).toBe(403)
    const events = (await refusalsBy(staff.user.id)).slice(before)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      pupilId: null,
      details: { action: 'user:manage', route: 'GET /admin' },
    })
  })

  it('records a refused form post (the change rolled back, the refusal kept)', async () => {
    const dt = await aUser(t.ctx, 'designated_teacher', await aSchool(t.ctx))
    const other = new TestBrowser(t.app)
    await other.signIn(dt.user.email)
    // The CSRF token comes from a page the user may open: their own form for a new pupil.
    const res = await other.submit('/pupils/new', `/pupils/${assigned.id}/edit`, { givenName: 'Changed' })
    expect(res.statusCode).toBe(404)
    const events = await refusalsBy(dt.user.id)
    expect(events.map((e) => [e.pupilId, (e.details as { action: string }).action])).toEqual([
      [assigned.id, 'pupil:read'],
    ])
  })
})
