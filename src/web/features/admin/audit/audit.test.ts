import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../../data/schema/index.js'
import { addDays, todayInLondon } from '../../../../domain/calendar/dates.js'
import { getPupil } from '../../../../services/pupils.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'

// Events are stamped with the real clock, so the range is about the real today.
const today = todayInLondon(new Date())
const parts = (iso: string, name: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! }
}
const query = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

describe('the audit export (/admin/audit)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let otherSchool: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupil>>
  let admin: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    otherSchool = await aSchool(t.ctx)
    pupil = await aPupil(t.ctx, school, { givenName: 'Quinn', familyName: 'Exportless' })
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ note: 'Free text that must stay out' }))
    const dt = await aUser(t.ctx, 'designated_teacher', school, { name: '=HYPERLINK("x")' })
    await getPupil(t.ctx, dt.actor, pupil.id)
    await aPupil(t.ctx, otherSchool)
    admin = await aUser(t.ctx, 'admin', null)
    browser = new TestBrowser(t.app)
    await browser.signIn(admin.user.email)
  })
  afterAll(async () => t?.close())

  const lines = (csv: string) => csv.split('\r\n').filter(Boolean)

  it('is linked from the administration page, and asks for a date range', async () => {
    expect((await browser.get('/admin')).body).toContain('href="/admin/audit"')
    const res = await browser.get('/admin/audit')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Download CSV')
    for (const id of ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'])
      expect(res.body).toContain(`id="${id}"`)
  })

  it.each([
    [
      'no dates',
      { 'from-day': '', 'from-month': '', 'from-year': '', 'to-day': '', 'to-month': '', 'to-year': '' },
      ['Enter the first day', 'Enter the last day'],
    ],
    [
      'a last day before the first',
      { ...parts('2026-02-01', 'from'), ...parts('2026-01-01', 'to') },
      ['The last day must be the same as or after the first day'],
    ],
    [
      'a date that does not exist',
      { ...parts('2026-01-01', 'from'), 'to-day': '31', 'to-month': '2', 'to-year': '2026' },
      ['The last day must be a real date'],
    ],
    [
      'a first day in the future',
      { ...parts(addDays(today, 2), 'from'), ...parts(addDays(today, 3), 'to') },
      ['The first day must be today or in the past'],
    ],
  ])('shows what is wrong with %s', async (_, fields, messages) => {
    const res = await browser.get(`/admin/audit?${query(fields)}`)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    for (const m of messages) expect(res.body).toContain(m)
  })

  it('goes from a good range to the download', async () => {
    const res = await browser.get(`/admin/audit?${query({ ...parts(today, 'from'), ...parts(today, 'to') })}`)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/admin/audit/export?from=${today}&to=${today}`)
  })

  it('streams the events as CSV, with no names of pupils and no free text, and audits the export', async () => {
    const res = await browser.get(`/admin/audit/export?from=${today}&to=${today}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="harbour-audit-${today}-to-${today}.csv"`,
    )
    const [header, ...rows] = lines(res.body)
    expect(header).toBe(
      'seq,time (Europe/London),actor,actor id,role,action,school URN,pupil id,entity,entity id,request id,hash',
    )
    const viewed = rows.map((r) => r.split(',')).find((c) => c[5] === 'pupil.viewed' && c[7] === pupil.id)
    expect(viewed).toBeDefined()
    expect(viewed![1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)
    expect(viewed![4]).toBe('designated_teacher')
    expect(viewed![6]).toBe(school.urn)
    expect(viewed![11]).toMatch(/^[0-9a-f]{64}$/)
    // A name typed to look like a formula is defused.
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`)
    for (const secret of ['Quinn', 'Exportless', pupil.upn, 'Free text that must stay out'])
      expect(res.body).not.toContain(secret)
    // In order, and every event of the day.
    const seqs = rows.map((r) => Number(r.split(',')[0]))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))

    const exported = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, admin.user.id), eq(auditEvents.action, 'audit.exported')))
    expect(exported.map((e) => e.details)).toContainEqual({ from: today, to: today })
  })

  it('gives an admin of one school only that school’s events', async () => {
    const schoolAdmin = await aUser(t.ctx, 'admin', school)
    const other = new TestBrowser(t.app)
    await other.signIn(schoolAdmin.user.email)
    const res = await other.get(`/admin/audit/export?from=${today}&to=${today}`)
    expect(res.statusCode).toBe(200)
    const urns = new Set(
      lines(res.body)
        .slice(1)
        .map((r) => r.split(',')[6]),
    )
    expect([...urns]).toEqual([school.urn])
  })

  it('shows the form again for a bad range given straight to the download', async () => {
    const res = await browser.get(`/admin/audit/export?from=${today}%22%0D%0AX:%201&to=${today}`)
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-disposition']).toBeUndefined()
    expect(res.body).toContain('The first day must be a real date')
  })

  it('refuses everyone but an admin (403)', async () => {
    const dsl = new TestBrowser(t.app)
    await dsl.signIn((await aUser(t.ctx, 'dsl', school)).user.email)
    expect((await dsl.get('/admin/audit')).statusCode).toBe(403)
    expect((await dsl.get(`/admin/audit/export?from=${today}&to=${today}`)).statusCode).toBe(403)
  })
})
