/**
 * The report to governors as its readers use it (issue 7 item 4): the figures with a chart beside each
 * table, the designated teacher writing, sharing and archiving it, a governor reading it and downloading
 * the PDF, and the refusals. The figures themselves are tested in governors-report.service.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aSchool, aUser } from '../../../test-support/builders.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { aReportFixtureSchool, type ReportFixture } from '../../../test-support/governors-report-fixture.js'
import { pdfText, pdftotextPath as pdftotext } from '../../../test-support/pdf-text.js'
import { pdfAvailable } from '../../pdf.js'

const NOW = new Date('2026-11-23T10:00:00Z')

/** The report itself: from its first heading to the end of the main content. */
const reportBody = (html: string) => html.slice(html.indexOf('Section 1:'), html.indexOf('</main>'))

describe('the report to governors in the browser (POL-26, POL-27, PD-11)', () => {
  let t: TestApp
  let fixture: ReportFixture
  let dt: TestBrowser
  let governor: TestBrowser
  let page: string
  let words: string

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    fixture = await aReportFixtureSchool(t.ctx, t.database.db)
    dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', fixture.school)).user.email)
    governor = new TestBrowser(t.app)
    await governor.signIn((await aUser(t.ctx, 'governor', fixture.school)).user.email)
    page = `/governors?school=${fixture.school.urn}&schoolYear=2025`
    words = `/governors/${fixture.school.urn}/words?schoolYear=2025`
  }, 60_000)
  afterAll(async () => t?.close())

  it('shows both sections, each chart an image with a title and description beside its table', async () => {
    const res = await governor.get(page)
    expect(res.statusCode).toBe(200)
    const body = reportBody(res.body)
    for (const heading of [
      'Section 1: the children, and how the school supports them',
      'Designated roles, training and the school’s policy',
      'Section 2: outcomes',
      'Personal education plans (PEPs)',
      'Attendance',
      'Suspensions and permanent exclusions',
      'Progress',
      'Pupil premium plus (PP+) and pupil premium',
      'Where leavers went',
    ])
      expect(body).toContain(heading)
    const charts = [
      ...body.matchAll(/<svg class="harbour-chart" role="img" aria-labelledby="([\w-]+)-title \1-desc"/g),
    ]
    expect(charts.map((m) => m[1])).toEqual([
      'chart-counts',
      'chart-peps',
      'chart-attendance',
      'chart-persistent-absence',
      'chart-suspensions',
      'chart-spending',
    ])
    expect(body).toContain('<title id="chart-attendance-title">Attendance, 2025 to 2026</title>')
    expect(body).toMatch(
      /<desc id="chart-attendance-desc">Looked after \(CLA\): 80\.0%; All other pupils \(compared with Looked after \(CLA\)\): 96\.7%/,
    )
    // The table beside the chart holds the same figures.
    expect(body).toMatch(
      /Looked after \(CLA\)<\/th>\s*<td[^>]*>3<\/td>\s*<td[^>]*>80\.0%<\/td>\s*<td[^>]*>66\.7%<\/td>/,
    )
    expect(body).toMatch(/<th scope="row" class="govuk-table__header">On time<\/th><td[^>]*>16<\/td>/)
    // PLA: 2 pupils, so their attendance is withheld with the PD-11 note, in the table and beside the bar.
    expect(body).toMatch(
      /Previously looked after \(PLA\)<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>fewer than 3 pupils<\/td>/,
    )
    expect(body).toContain('>withheld</text>')
    expect(body).toContain(
      '3 children looked after on roll had PEPs due in this school year: 20 PEPs were due by the statutory timescales and the Virtual School’s termly PEPs, 80.0% of them on time.',
    )
    expect(body).toContain('3 items of spending this school year; 2 with their impact recorded.')
  })

  it('has nothing to click through to: no link in the report, none to a pupil anywhere (PD-11)', async () => {
    const res = await governor.get(page)
    expect(reportBody(res.body)).not.toMatch(/<a\s/)
    expect(res.body).not.toMatch(/href="\/pupils/)
    for (const p of fixture.pupils)
      for (const secret of [p.familyName, p.upn]) expect(res.body).not.toContain(secret)
  })

  it('says which dates it used for a school year with no term dates', async () => {
    const body = (await governor.get(page)).body
    expect(body).toContain(
      'The school has not set its term dates for 2025 to 2026 in Harbour. This report covers 1 August 2025 to 31 July 2026, and PEPs are counted as due by the end of the usual terms instead: 31 December, 31 March and 31 July.',
    )
  })

  it('shows a governor “not shared yet” and no words while the report is a draft; the DT sees the draft', async () => {
    const saved = await dt.submit(words, `/governors/${fixture.school.urn}/words`, {
      schoolYear: '2025',
      version: '0',
      narrative: 'Attendance of the group improved.\nThe PEPs were on time.',
      priorities: '',
    })
    expect(saved.statusCode).toBe(302)
    expect(saved.headers.location).toBe(page)
    const dtPage = (await dt.get(page)).body
    expect(dtPage).toContain('The report has been saved')
    expect(dtPage).toContain('Attendance of the group improved.<br />')
    expect(dtPage).toContain('Draft: not shared with governors yet')
    const governorPage = (await governor.get(page)).body
    expect(governorPage).toContain(
      'Not shared yet: the designated teacher has not shared the report for 2025 to 2026',
    )
    expect(governorPage).not.toContain('Attendance of the group improved')
    expect(governorPage).not.toContain('Share with governors')
  })

  it('refuses to share before the priorities are written, pointing to where to write them', async () => {
    const version = /name="version" value="(\d+)"/.exec((await dt.get(page)).body)![1]!
    const res = await dt.submit(page, `/governors/${fixture.school.urn}/share`, {
      schoolYear: '2025',
      version,
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain(`href="${words.replace(/&/g, '&amp;')}#priorities"`)
    expect(res.body).toContain('Write the priorities for next year before you share the report')
  })

  it('keeps what the DT typed on the form with an error summary when it is too long', async () => {
    const res = await dt.submit(words, `/governors/${fixture.school.urn}/words`, {
      schoolYear: '2025',
      version: '1',
      narrative: 'x'.repeat(20_001),
      priorities: 'Keep this',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#narrative"')
    expect(res.body).toContain('The report must be 20,000 characters or fewer')
    expect(res.body).toContain('>Keep this</textarea>')
  })

  it('shows the 409 page, with what was typed, when someone else saved first', async () => {
    const res = await dt.submit(words, `/governors/${fixture.school.urn}/words`, {
      schoolYear: '2025',
      version: '0',
      narrative: 'My stale words',
      priorities: 'Stale priorities',
    })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('Someone else changed this report while you were writing')
    expect(res.body).toContain('My stale words')
    expect(res.body).toContain(`href="${words.replace(/&/g, '&amp;')}"`)
  })

  it('shares the report: governors then read the words, and can download the PDF', async () => {
    const form = await dt.get(words)
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!
    await dt.submit(words, `/governors/${fixture.school.urn}/words`, {
      schoolYear: '2025',
      version,
      narrative: 'Attendance of the group improved.\nThe PEPs were on time.',
      priorities: 'Fewer suspensions.',
    })
    const current = /name="version" value="(\d+)"/.exec((await dt.get(page)).body)![1]!
    const shared = await dt.submit(page, `/governors/${fixture.school.urn}/share`, {
      schoolYear: '2025',
      version: current,
    })
    expect(shared.statusCode).toBe(302)
    const body = (await governor.get(page)).body
    expect(body).toContain('Shared with governors')
    expect(body).toMatch(/Attendance of the group improved\.<br \/>\s*The PEPs were on time\./)
    expect(body).toContain('Fewer suspensions.')
    expect(body).not.toContain('id="not-shared"')
  })

  it.skipIf(!pdfAvailable() || !pdftotext)(
    'gives a governor the PDF: the report, the words, and no pupil’s name, UPN or date of birth',
    async () => {
      const res = await governor.get(`/governors/${fixture.school.urn}/pdf?schoolYear=2025`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="governors-report-${fixture.school.urn}-2025.pdf"`,
      )
      const text = pdfText(res.rawPayload)
      expect(text).toContain('Governors’ report, 2025 to 2026')
      expect(text).toContain('Fewer suspensions.')
      expect(text).toContain('Section 2: outcomes')
      for (const p of fixture.pupils)
        for (const secret of [p.familyName, p.upn, p.dateOfBirth]) expect(text).not.toContain(secret)
    },
    60_000,
  )

  it('archives the shared report: still readable, no longer editable', async () => {
    const version = /name="version" value="(\d+)"/.exec((await dt.get(page)).body)![1]!
    const res = await dt.submit(page, `/governors/${fixture.school.urn}/archive`, {
      schoolYear: '2025',
      version,
    })
    expect(res.statusCode).toBe(302)
    const body = (await dt.get(page)).body
    expect(body).toContain('Archived')
    expect(body).not.toContain('id="edit-words"')
    expect((await dt.get(words)).headers.location).toBe(page)
    expect((await governor.get(page)).body).toContain('Fewer suspensions.')
  })

  it('refuses the roles that cannot write the report (403), and another school’s DT (404)', async () => {
    expect((await governor.get(words)).statusCode).toBe(403)
    const token = /name="_csrf" value="([^"]+)"/.exec((await governor.get(page)).body)![1]!
    const post = await governor.post(`/governors/${fixture.school.urn}/share`, {
      _csrf: token,
      schoolYear: '2025',
    })
    expect(post.statusCode).toBe(403)
    const dsl = new TestBrowser(t.app)
    await dsl.signIn((await aUser(t.ctx, 'dsl', fixture.school)).user.email)
    expect((await dsl.get(words)).statusCode).toBe(403)
    expect((await dsl.get(page)).body).not.toContain('id="edit-words"')
    const other = new TestBrowser(t.app)
    await other.signIn((await aUser(t.ctx, 'designated_teacher', await aSchool(t.ctx))).user.email)
    expect((await other.get(words)).statusCode).toBe(404)
  })
})
