import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attendanceImports, attendanceMarks } from '../../../../data/schema/index.js'
import { setCalendar } from '../../../../services/schools.service.js'
import { SYSTEM_ACTOR } from '../../../../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { CALENDAR_2026_27 } from '../../../../test-support/attendance.js'
import { aPupil, aSchool, aUpn, aUser } from '../../../../test-support/builders.js'
import { tableRows } from '../../../../test-support/html-tables.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'

type Part = { name: string; value: string } | { name: string; filename: string; content: string }

/** A multipart/form-data body as a browser sends a form with a file. */
function multipart(parts: Part[]) {
  const boundary = `----harbour${randomUUID()}`
  const body = parts
    .map((p) =>
      'filename' in p
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n` +
          `Content-Type: text/csv\r\n\r\n${p.content}\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
    )
    .join('')
  return { payload: `${body}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!

// FIXED_NOW is Monday 23 November 2026, a school day in CALENDAR_2026_27.
describe('importing the register through the web page (issue 5 item 2)', () => {
  let t: TestApp
  let officer: TestBrowser
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupils: Array<{ id: string; upn: string }>
  let folder: string
  const previousFolder = process.env.HARBOUR_UPLOAD_DIR

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'harbour-upload-test-'))
    process.env.HARBOUR_UPLOAD_DIR = folder
    t = await buildTestApp({ now: () => FIXED_NOW })
    school = await aSchool(t.ctx, { name: 'Upload Academy' })
    await setCalendar(t.ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
    pupils = [await aPupil(t.ctx, school), await aPupil(t.ctx, school)]
    officer = new TestBrowser(t.app)
    await officer.signIn((await aUser(t.ctx, 'attendance_officer', school)).user.email)
  })
  afterAll(async () => {
    await t?.close()
    if (previousFolder === undefined) delete process.env.HARBOUR_UPLOAD_DIR
    else process.env.HARBOUR_UPLOAD_DIR = previousFolder
    await rm(folder, { recursive: true, force: true })
  })

  /** Uploads `content` as the officer would, the CSRF token and the school before the file. */
  async function upload(content: string, options: { csrf?: string | null; fileFirst?: boolean } = {}) {
    const form = await officer.get(`/attendance/import?school=${school.urn}`)
    const token = options.csrf === undefined ? csrfOf(form.body) : options.csrf
    const fields: Part[] = [
      ...(token === null ? [] : [{ name: '_csrf', value: token }]),
      { name: 'school', value: school.urn },
    ]
    const file: Part = { name: 'file', filename: 'register.csv', content }
    const { payload, contentType } = multipart(options.fileFirst ? [file, ...fields] : [...fields, file])
    return t.app.inject({
      method: 'POST',
      url: '/attendance/import',
      headers: {
        cookie: `harbour_session=${officer.cookie('harbour_session')!}`,
        'content-type': contentType,
      },
      payload,
    })
  }

  const marksOfSchool = () =>
    t.ctx.db
      .select()
      .from(attendanceMarks)
      .where(
        inArray(
          attendanceMarks.pupilId,
          pupils.map((p) => p.id),
        ),
      )

  const good = () =>
    [
      'upn,date,session,code',
      `${pupils[0]!.upn},2026-11-23,AM,/`,
      `${pupils[0]!.upn},2026-11-23,PM,I`,
      `${pupils[1]!.upn},23/11/2026,AM,L`,
    ].join('\r\n')

  it('lists each bad line with its number and message, and keeps nothing', async () => {
    const stranger = aUpn()
    const res = await upload(
      [
        'upn,date,session,code',
        `${pupils[0]!.upn},2026-11-23,AM,/`,
        `${pupils[0]!.upn},2026-11-23,PM,ZZ`,
        `${pupils[1]!.upn},2026-11-23,AM,L`,
        `${stranger},2026-11-23,AM,/`,
      ].join('\n'),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain('href="#problems"')
    expect(tableRows(res.body, 'problem-list')).toEqual([
      ['3', 'Unknown attendance code "ZZ"'],
      ['5', `No pupil at this school has the UPN ${stranger}`],
    ])
    expect(res.body).toContain('2 problems.')
    expect(await marksOfSchool()).toEqual([])
    expect(await readdir(folder)).toEqual([])
  })

  it('previews what the file would change, imports only on confirmation, then forgets the file', async () => {
    const preview = await upload(good())
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('Check the import')
    expect(tableRowsOfSummary(preview.body)).toEqual([
      ['Lines with a mark', '3'],
      ['New marks', '3'],
      ['Marks that change', '0'],
      ['Marks already the same', '0'],
    ])
    expect(await marksOfSchool()).toEqual([])
    expect(await readdir(folder)).toHaveLength(1)

    const confirmed = await officer.post('/attendance/import/confirm', { _csrf: csrfOf(preview.body) })
    expect(confirmed.statusCode).toBe(302)
    expect(confirmed.headers.location).toBe(`/attendance?school=${school.urn}`)
    expect((await marksOfSchool()).map((m) => m.code).sort()).toEqual(['/', 'I', 'L'])
    const [record] = await t.ctx.db
      .select()
      .from(attendanceImports)
      .where(eq(attendanceImports.schoolId, school.id))
    expect(record).toMatchObject({ source: 'web', fileName: 'register.csv', imported: 3, added: 3 })
    expect(await readdir(folder)).toEqual([])
    const landing = await officer.get(confirmed.headers.location!)
    expect(landing.body).toContain('Imported 3 marks from register.csv: 3 new, 0 changed, 0 unchanged')

    // Confirming again finds no file: nothing is imported twice.
    const again = await officer.post('/attendance/import/confirm', { _csrf: csrfOf(landing.body) })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('The file you checked is no longer kept')
  })

  it('refuses an upload without the form’s CSRF token, or with the token after the file', async () => {
    for (const options of [{ csrf: null }, { csrf: 'forged' }, { fileFirst: true }]) {
      const res = await upload(good(), options)
      expect(res.statusCode, JSON.stringify(options)).toBe(403)
      expect(res.body).toContain('Your form has expired')
    }
    expect(await readdir(folder)).toEqual([])
  })

  it('asks for a file when none was chosen', async () => {
    const form = await officer.get(`/attendance/import?school=${school.urn}`)
    const { payload, contentType } = multipart([
      { name: '_csrf', value: csrfOf(form.body) },
      { name: 'school', value: school.urn },
      { name: 'file', filename: '', content: '' },
    ])
    const res = await t.app.inject({
      method: 'POST',
      url: '/attendance/import',
      headers: {
        cookie: `harbour_session=${officer.cookie('harbour_session')!}`,
        'content-type': contentType,
      },
      payload,
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#file"')
    expect(res.body).toContain('Select a CSV file of attendance marks')
  })

  it('answers a form cut off part-way as the sender’s problem, keeping nothing', async () => {
    const form = await officer.get(`/attendance/import?school=${school.urn}`)
    const { payload, contentType } = multipart([
      { name: '_csrf', value: csrfOf(form.body) },
      { name: 'school', value: school.urn },
    ])
    const res = await t.app.inject({
      method: 'POST',
      url: '/attendance/import',
      headers: {
        cookie: `harbour_session=${officer.cookie('harbour_session')!}`,
        'content-type': contentType,
      },
      payload: payload.slice(0, payload.indexOf('name="school"')),
    })
    expect(res.statusCode).toBe(400)
    expect(await readdir(folder)).toEqual([])
  })

  it('is the school’s own: another school is not found, and staff may not import', async () => {
    const elsewhere = await aSchool(t.ctx)
    expect((await officer.get(`/attendance/import?school=${elsewhere.urn}`)).statusCode).toBe(404)
    const dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
    expect((await dt.get('/attendance/import')).statusCode).toBe(403)
    expect((await dt.get('/attendance')).body).not.toContain('Import attendance marks')
  })
})

function tableRowsOfSummary(html: string): string[][] {
  return [...html.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [
    m[1]!.trim(),
    m[2]!.trim(),
  ])
}
