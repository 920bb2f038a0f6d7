import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../../data/schema/index.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { getPupil } from '../../../../services/pupils.service.js'
import { undoLeaving } from '../../../../services/pupil-leaving.service.js'
import { aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'

describe('recording that a pupil has left (PD-13 retention, PD-14 UPN, GOV-4 destinations)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dt.user.email)
  })
  afterAll(async () => t?.close())

  const form = (version: number, over: Record<string, string> = {}) => ({
    version: String(version),
    'leftOn-day': '22',
    'leftOn-month': '7',
    'leftOn-year': '2026',
    destination: 'mainstream_school',
    ...over,
  })

  it('records the last day on roll and where the pupil went, audited, and frees the UPN', async () => {
    const pupil = await aPupil(t.ctx, school, { enrolledOn: '2021-09-01' })
    const url = `/pupils/${pupil.id}/leaving`
    expect((await browser.get(`/pupils/${pupil.id}`)).body).toContain(`href="${url}"`)
    const res = await browser.submit(url, url, form(pupil.version))
    expect(res.statusCode).toBe(302)
    const after = await getPupil(t.ctx, dt.actor, pupil.id)
    expect(after.leftOn).toBe('2026-07-22')
    expect((await browser.get(`/pupils/${pupil.id}`)).body).toContain('22 July 2026')
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'pupil.left')))
    expect(events.map((e) => e.details)).toEqual([{ leftOn: '2026-07-22', destination: 'mainstream_school' }])
    // The UPN may be enrolled again; the old record can then not be put back on roll.
    const again = await aPupil(t.ctx, school, { upn: pupil.upn })
    expect(again.id).not.toBe(pupil.id)
    const refused = await undoLeaving(t.ctx, dt.actor, pupil.id, after.version).catch((e: unknown) => e)
    expect((refused as RuleBrokenError).errors[0]!.message).toMatch(/on roll again/)
  })

  it('shows an error summary for a missing date and destination, a date before enrolment, and changes nothing', async () => {
    const pupil = await aPupil(t.ctx, school, { enrolledOn: '2024-09-02' })
    const url = `/pupils/${pupil.id}/leaving`
    const empty = await browser.submit(
      url,
      url,
      form(pupil.version, { 'leftOn-day': '', 'leftOn-month': '', 'leftOn-year': '', destination: '' }),
    )
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('govuk-error-summary')
    expect(empty.body).toContain('href="#leftOn-day"')
    expect(empty.body).toContain('Select where the pupil went')
    const early = await browser.submit(
      url,
      url,
      form(pupil.version, { 'leftOn-year': '2024', 'leftOn-month': '7' }),
    )
    expect(early.statusCode).toBe(422)
    expect(early.body).toContain('on or after the enrolment date')
    expect((await getPupil(t.ctx, dt.actor, pupil.id)).leftOn).toBeNull()
  })
})
