import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attendanceImports, attendanceMarks, auditEvents } from '../../data/schema/index.js'
import { setCalendar } from '../../services/schools.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { ApiClient, aTokenFor, json } from '../../test-support/api-client.js'
import { buildTestApp, type TestApp } from '../../test-support/app.js'
import { aPupil, aSchool } from '../../test-support/builders.js'

const CALENDAR = {
  terms: [
    { name: 'autumn' as const, start: '2026-09-02', end: '2026-12-18' },
    { name: 'spring' as const, start: '2027-01-04', end: '2027-03-26' },
    { name: 'summer' as const, start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30'],
}

describe('attendance API', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupil>>
  let officer: ApiClient
  let teacher: ApiClient
  let otherOfficer: ApiClient

  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date('2026-11-23T10:00:00Z') })
    school = await aSchool(t.ctx)
    await setCalendar(t.ctx, SYSTEM_ACTOR, school.urn, CALENDAR)
    pupil = await aPupil(t.ctx, school, { enrolledOn: '2026-09-02' })
    officer = new ApiClient(t.app, (await aTokenFor(t.ctx, 'attendance_officer', school)).token)
    teacher = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
    const other = await aSchool(t.ctx)
    otherOfficer = new ApiClient(t.app, (await aTokenFor(t.ctx, 'attendance_officer', other)).token)
  })
  afterAll(async () => t?.close())

  const upload = (client: ApiClient, body: string, headers: Record<string, string> = {}) =>
    client.raw({
      method: 'POST',
      url: `/schools/${school.urn}/attendance`,
      headers: { 'content-type': 'text/csv', ...headers },
      payload: body,
    })
  const marks = async () =>
    (
      await t.ctx.db.select({ n: count() }).from(attendanceMarks).where(eq(attendanceMarks.pupilId, pupil.id))
    )[0]!.n
  const imports = async () =>
    (
      await t.ctx.db
        .select({ n: count() })
        .from(attendanceImports)
        .where(eq(attendanceImports.schoolId, school.id))
    )[0]!.n

  it('POST /schools/{urn}/attendance imports a CSV file: 200 { imported }', async () => {
    const res = await upload(
      officer,
      `upn,date,session,code\r\n${pupil.upn},2026-09-02,AM,/\r\n${pupil.upn},2026-09-02,PM,N\r\n${pupil.upn},2026-09-03,AM,I\r\n`,
      { 'content-type': 'text/csv; charset=utf-8' },
    )
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({ imported: 3, added: 3, superseded: 0, unchanged: 0 })
    expect(await marks()).toBe(3)
  })

  it('refuses a bad row with 422, the line number in `detail` and an `errors` list, and keeps nothing', async () => {
    const [before, importsBefore] = [await marks(), await imports()]
    const res = await upload(
      officer,
      `upn,date,session,code\n${pupil.upn},2026-09-07,AM,/\n${pupil.upn},2026-09-07,XX,/\n${pupil.upn},2026-09-08,AM,ZZ\n`,
    )
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = json(res)
    expect(body.detail).toMatch(/^Line 3: the session must be AM or PM/)
    expect(body.errors).toEqual([
      { path: 'session', line: 3, message: expect.stringMatching(/^Line 3: /) as unknown },
      {
        path: 'code',
        line: 4,
        message: expect.stringMatching(/^Line 4: unknown attendance code "ZZ"/) as unknown,
      },
    ])
    expect(await marks()).toBe(before)
    expect(await imports()).toBe(importsBefore)
  })

  it('is 403 for a role that may not import, before the file is read', async () => {
    const res = await upload(teacher, 'not,even,csv\n"')
    expect(res.statusCode).toBe(403)
  })

  it('is 404 for a school outside the token’s scope, and for no school at all', async () => {
    expect(
      (await upload(otherOfficer, `upn,date,session,code\n${pupil.upn},2026-09-02,AM,/\n`)).statusCode,
    ).toBe(404)
    const none = await officer.raw({
      method: 'POST',
      url: '/schools/999999/attendance',
      headers: { 'content-type': 'text/csv' },
      payload: 'upn,date,session,code\n',
    })
    expect(none.statusCode).toBe(404)
  })

  it('is 415 for a body that is not text/csv', async () => {
    const res = await officer.post(`/schools/${school.urn}/attendance`, { upn: pupil.upn })
    expect(res.statusCode).toBe(415)
    expect(json(res).detail).toMatch(/text\/csv/)
  })

  it('is 413 for a file announced as larger than 512 MB', async () => {
    const res = await upload(officer, 'upn,date,session,code\n', {
      'content-length': String(513 * 1024 * 1024),
    })
    expect(res.statusCode).toBe(413)
  })

  it('GET /pupils/{id}/attendance answers the figures for a period, audited', async () => {
    await upload(officer, `upn,date,session,code\n${pupil.upn},2026-09-03,PM,/\n`)
    const reader = new ApiClient(t.app, (await aTokenFor(t.ctx, 'designated_teacher', school)).token)
    const eventsBefore = (
      await t.ctx.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.pupilId, pupil.id))
    )[0]!.n
    const res = await reader.get(`/pupils/${pupil.id}/attendance?from=2026-09-01&to=2026-09-30`)
    expect(res.statusCode).toBe(200)
    // AM /, PM N, then AM I, PM /: 2 present, 1 authorised, 1 unauthorised out of 4.
    expect(json(res)).toEqual({
      possibleSessions: 4,
      attendedSessions: 2,
      authorisedAbsence: 1,
      unauthorisedAbsence: 1,
      notCounted: 0,
      attendancePercent: 50,
      persistentAbsence: true,
      severeAbsence: true,
    })
    const eventsAfter = (
      await t.ctx.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.pupilId, pupil.id))
    )[0]!.n
    expect(eventsAfter).toBe(eventsBefore + 1)
  })

  it('GET /pupils/{id}/attendance defaults to the current school year', async () => {
    // Today (23 November 2026) is in the school year 2026 to 2027, which holds every mark so far.
    const res = await officer.get(`/pupils/${pupil.id}/attendance`)
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({ possibleSessions: 4, attendancePercent: 50 })
    const before = await officer.get(`/pupils/${pupil.id}/attendance?from=2026-01-01&to=2026-08-31`)
    expect(json(before)).toMatchObject({
      possibleSessions: 0,
      attendancePercent: null,
      persistentAbsence: false,
    })
  })

  it('GET /pupils/{id}/attendance is 422 for a period that ends before it starts, and 404 out of scope', async () => {
    const backwards = await officer.get(`/pupils/${pupil.id}/attendance?from=2026-09-30&to=2026-09-01`)
    expect(backwards.statusCode).toBe(422)
    expect(json(backwards).errors).toEqual([{ path: 'to', message: expect.any(String) as unknown }])
    expect((await otherOfficer.get(`/pupils/${pupil.id}/attendance`)).statusCode).toBe(404)
  })
})
