import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trainingSessions } from '../../../../../data/schema/index.js'
import { appointToRole } from '../../../../../services/governance.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../../test-support/service-context.js'

// 23 November 2026: the 2026 to 2027 school year, taken as 1 September to 31 July (no calendar set).
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({ now: () => FIXED_NOW })
})
afterAll(async () => t?.close())

async function aSchoolWithDt() {
  const school = await aSchool(t.ctx)
  const dt = await aUser(t.ctx, 'designated_teacher', school, { name: 'Dee Teacher' })
  const { appointment } = await appointToRole(t.ctx, dt.actor, school.urn, {
    role: 'designated_teacher',
    personName: 'Dee Teacher',
    userId: dt.user.id,
    startDate: '2025-09-01',
    hasQts: true,
    inductionCompleted: true,
    onLeadershipTeam: true,
  })
  const browser = new TestBrowser(t.app)
  await browser.signIn(dt.user.email)
  const training = `/schools/${school.urn}/governance/training`
  return { school, dt, appointment, browser, training }
}

const sessionFields = (over: Record<string, string | string[]> = {}) => ({
  newCourseTitle: 'Designated teacher network',
  newCourseKind: 'designated_teacher',
  newCourseProvider: 'Virtual School',
  'heldOn-day': '5',
  'heldOn-month': '10',
  'heldOn-year': '2026',
  duration: '9',
  durationUnit: 'hours',
  otherNames: 'Amy Assistant\n\nBen Teacher',
  ...over,
})

const sessionsOf = (schoolId: string) =>
  t.ctx.db.select().from(trainingSessions).where(eq(trainingSessions.schoolId, schoolId))

describe('the training page', () => {
  it('shows who is missing what, by when, before anything is recorded', async () => {
    const { browser, training } = await aSchoolWithDt()
    const page = await browser.get(training)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Who is missing what, by when')
    expect(page.body).toContain(
      'At least 2 days’ designated teacher training this school year (none recorded yet)',
    )
    expect(page.body).toContain('Whole-staff attachment-aware and trauma-informed training this school year')
    expect(page.body).toContain('31 July 2027')
    expect(page.body).toContain('No training sessions are recorded for the 2026 to 2027 school year.')
  })

  it('records a session with the DT and others attending, and counts it towards the DT’s days', async () => {
    const { school, appointment, browser, training } = await aSchoolWithDt()
    const res = await browser.submit(
      `${training}/new`,
      `${training}/new`,
      sessionFields({ appointmentIds: appointment.id }),
    )
    expect(res.statusCode).toBe(302)
    const page = await browser.get(res.headers.location!)
    expect(page.body).toContain('Training on 5 October 2026 recorded: Designated teacher network')
    expect(page.body).toContain('(1.5 days so far)')
    expect(page.body).toMatch(/<li>Amy Assistant<\/li><li>Ben Teacher<\/li><li>Dee Teacher<\/li>/)
    expect(page.body).toContain('9 hours')
    expect(await sessionsOf(school.id)).toHaveLength(1)
    // The course is offered for the next session.
    const form = await browser.get(`${training}/new`)
    expect(form.body).toContain('Designated teacher network')
    expect(form.body).toContain('A new course')
  })

  it.each([
    ['negative hours', { duration: '-3' }, 'How long the training lasted must be more than 0'],
    [
      'absurd hours',
      { duration: '600' },
      'One session cannot be longer than 60 hours. Check the number, or record a longer course as several sessions',
    ],
    [
      'words for hours',
      { duration: 'three' },
      'Enter how long the training lasted, as a number, like 3 or 1.5',
    ],
  ])('refuses %s with a clear message and saves nothing', async (_, over, message) => {
    const { school, browser, training } = await aSchoolWithDt()
    const res = await browser.submit(`${training}/new`, `${training}/new`, sessionFields(over))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain(`<a href="#duration">${message}</a>`)
    expect(res.body).toContain('value="Designated teacher network"')
    expect(await sessionsOf(school.id)).toEqual([])
  })

  it('reports a date that is not real together with the other problems', async () => {
    const { school, browser, training } = await aSchoolWithDt()
    const res = await browser.submit(
      `${training}/new`,
      `${training}/new`,
      sessionFields({ 'heldOn-day': '31', 'heldOn-month': '9', duration: '0', otherNames: '' }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('<a href="#heldOn-day">The date of the training must be a real date</a>')
    expect(res.body).toContain('<a href="#duration">How long the training lasted must be more than 0</a>')
    expect(await sessionsOf(school.id)).toEqual([])
  })

  it('lets a governor read the compliance table but not record training', async () => {
    const { school, training } = await aSchoolWithDt()
    const governor = await aUser(t.ctx, 'governor', school)
    const browser = new TestBrowser(t.app)
    await browser.signIn(governor.user.email)
    const page = await browser.get(training)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Who is missing what, by when')
    expect(page.body).not.toContain('Record a training session')
    expect((await browser.get(`${training}/new`)).statusCode).toBe(403)
    expect((await browser.submit(training, `${training}/new`, sessionFields())).statusCode).toBe(403)
    expect(await sessionsOf(school.id)).toEqual([])
  })
})
