import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../../data/schema/index.js'
import { addContact } from '../../../../services/contacts.service.js'
import { exportSubjectAccess } from '../../../../services/subject-access.service.js'
import { SYSTEM_ACTOR } from '../../../../services/users.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { aPupilWithEverything } from '../../../../test-support/full-record.js'
import { pdfAvailable } from '../../../pdf.js'
import { documentLocals } from './routes.js'

describe('the subject-access export page (issue 3 item 7)', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupilWithEverything>>['pupil']
  let dsl: TestBrowser
  let url: string

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    ;({ pupil } = await aPupilWithEverything(t.ctx, school))
    await addContact(t.ctx, SYSTEM_ACTOR, pupil.id, { role: 'carer', name: '<script>alert(1)</script>' })
    dsl = new TestBrowser(t.app)
    await dsl.signIn((await aUser(t.ctx, 'dsl', school, { name: 'Sam Lead' })).user.email)
    url = `/pupils/${pupil.id}/subject-access`
  }, 60_000)
  afterAll(async () => t?.close())

  const exportsOf = async () =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'pupil.exported')))

  async function signedInAs(role: 'admin' | 'headteacher' | 'designated_teacher', at = school) {
    const browser = new TestBrowser(t.app)
    await browser.signIn((await aUser(t.ctx, role, at)).user.email)
    return browser
  }

  it('shows the DSL everything held, section by section, in words', async () => {
    const res = await dsl.get(url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const html = res.body
    expect(html).toContain('Everything Harbour holds about Robin Everything')
    for (const heading of [
      'Pupil details',
      'Status history',
      'Child protection details',
      'Changes of placement or school',
      'Contacts',
      'Assigned staff',
      'Tasks',
      'Emails about the child',
      'Access log',
    ])
      expect(html).toContain(heading)
    expect(html).toContain(pupil.upn)
    expect(html).toContain('1 May 2014') // date of birth, the GOV.UK way
    expect(html).toContain('Looked after (CLA)')
    expect(html).toContain('Replaced by a correction')
    expect(html).toContain('The care order began a day later')
    expect(html).toContain('Recorded for the wrong child')
    expect(html).toContain('Neglect')
    expect(html).toContain('Plan agreed at the initial conference')
    expect(html).toContain('Moved to a foster placement nearer school')
    expect(html).toContain('Kim Keyadult')
    expect(html).toContain('Max Mentor')
    expect(html).toContain('Arrange the PEP meeting')
    expect(html).toContain('Robin moved placement on 2 September 2024.')
    expect(html).toContain('Added the pupil')
  })

  it('shows names as text, never as markup', async () => {
    const html = (await dsl.get(url)).body
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert(1)</script>')
  })

  it('records each export once, as a page', async () => {
    const before = (await exportsOf()).length
    await dsl.get(url)
    const events = await exportsOf()
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)!.details).toMatchObject({ format: 'html' })
  })

  it('leaves the child protection details out for an administrator, and says why', async () => {
    const html = (await (await signedInAs('admin')).get(url)).body
    expect(html).toContain('Child protection details are left out')
    expect(html).not.toContain('Neglect')
    expect(html).not.toContain('Plan agreed at the initial conference')
  })

  it('is linked from the pupil page for the DSL, the headteacher and an administrator only', async () => {
    const link = `href="/pupils/${pupil.id}/subject-access"`
    expect((await dsl.get(`/pupils/${pupil.id}`)).body).toContain(link)
    expect((await (await signedInAs('headteacher')).get(`/pupils/${pupil.id}`)).body).toContain(link)
    expect((await (await signedInAs('admin')).get(`/pupils/${pupil.id}`)).body).toContain(link)
    expect((await (await signedInAs('designated_teacher')).get(`/pupils/${pupil.id}`)).body).not.toContain(
      link,
    )
  })

  it('refuses a designated teacher (403) and a DSL of another school as for an unknown pupil (404)', async () => {
    const before = (await exportsOf()).length
    const dt = await signedInAs('designated_teacher')
    expect((await dt.get(url)).statusCode).toBe(403)
    expect((await dt.get(`${url}/pdf`)).statusCode).toBe(403)
    const elsewhere = new TestBrowser(t.app)
    await elsewhere.signIn((await aUser(t.ctx, 'dsl', await aSchool(t.ctx))).user.email)
    const res = await elsewhere.get(url)
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain('Everything')
    expect((await elsewhere.get(`${url}/pdf`)).statusCode).toBe(404)
    expect(await exportsOf()).toHaveLength(before)
  })

  describe('without Chromium', () => {
    const saved = process.env.CHROMIUM_PATH
    afterEach(() => {
      if (saved === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = saved
    })

    it('says a PDF is not available and offers the print view instead', async () => {
      process.env.CHROMIUM_PATH = '/nonexistent/chromium'
      const page = await dsl.get(url)
      expect(page.body).toContain('A PDF is not available')
      expect(page.body).not.toContain(`${url}/pdf`)
      const before = (await exportsOf()).length
      const pdf = await dsl.get(`${url}/pdf`)
      expect(pdf.statusCode).toBe(200)
      expect(pdf.headers['content-type']).toMatch(/^text\/html/)
      expect(pdf.body).toContain('A PDF is not available')
      expect((await exportsOf()).at(-1)!.details).toMatchObject({ format: 'html' })
      expect(await exportsOf()).toHaveLength(before + 1)
    })
  })

  it.skipIf(!pdfAvailable())(
    'downloads a PDF made by Chromium, recorded as one export',
    async () => {
      expect((await dsl.get(url)).body).toContain(`href="${url}/pdf"`)
      const before = (await exportsOf()).length
      const res = await dsl.get(`${url}/pdf`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="subject-access-${pupil.upn}-\\d{4}-\\d{2}-\\d{2}\\.pdf"$`),
      )
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
      expect(res.rawPayload.length).toBeGreaterThan(10_000)
      const events = await exportsOf()
      expect(events).toHaveLength(before + 1)
      expect(events.at(-1)!.details).toMatchObject({ format: 'pdf' })
    },
    60_000,
  )

  it('prints the same document in the PDF, with its styles inside and no script', async () => {
    const admin = await aUser(t.ctx, 'dsl', school)
    const data = await exportSubjectAccess(t.ctx, admin.actor, pupil.id, 'pdf')
    const html = await t.app.view('pupils/subject-access/pdf.njk', {
      ...documentLocals(data),
      stylesheet: '.govuk-body { color: #0b0c0c }',
    })
    expect(html).toContain('Everything Harbour holds about Robin Everything')
    expect(html).toContain('Plan agreed at the initial conference')
    expect(html).toContain('<style>.govuk-body { color: #0b0c0c }</style>')
    expect(html).not.toMatch(/<script|<link/)
    expect(html).not.toContain('Download as PDF')
  })
})
