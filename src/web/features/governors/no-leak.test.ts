/**
 * The no-leak test (issue 3 and issue 7, "Done when"; DOMAIN.md PD-11): a governor of the demo school signs
 * in and visits every page reachable from their navigation and links, the governors' report in the API,
 * and the report's PDF read back as text by poppler's pdftotext; no response holds a seeded pupil's name,
 * UPN or date of birth.
 */
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pupils } from '../../../data/schema/index.js'
import { formatDate, schoolYearOf, todayInLondon } from '../../../domain/calendar/dates.js'
import { DEMO_PASSWORD, loadDemo } from '../../../demo/generate.js'
import { demoSchoolSpecs } from '../../../demo/spec.js'
import { schoolEmail } from '../../../demo/users.js'
import { createApiToken, SYSTEM_ACTOR } from '../../../services/users.service.js'
import { ApiClient } from '../../../test-support/api-client.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { pdfText, pdftotextPath as pdftotext } from '../../../test-support/pdf-text.js'
import { pdfAvailable } from '../../pdf.js'

const MAX_PAGES = 300

/** `'` and `&` as Nunjucks escapes them, so that a name in a page is found as it is written there. */
const asHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

describe('a governor sees no pupil’s name, UPN or date of birth (PD-11)', () => {
  let t: TestApp
  let secrets: string[]
  let seeded: number
  const visited = new Map<string, LightMyRequestResponse>()
  const pdfTexts = new Map<string, string>()
  const [demoSchool] = demoSchoolSpecs('small')

  beforeAll(async () => {
    t = await buildTestApp()
    await loadDemo(t.database.db, { size: 'small', seed: 3, today: todayInLondon(t.ctx.now()) })
    const rows = await t.database.db.select().from(pupils)
    seeded = rows.length
    secrets = [
      ...new Set(
        rows.flatMap((p) => {
          const names = [`${p.givenName} ${p.familyName}`]
          if (p.preferredName) names.push(`${p.preferredName} ${p.familyName}`)
          return [...names, ...names.map(asHtml), p.upn, p.dateOfBirth, formatDate(p.dateOfBirth)]
        }),
      ),
    ]

    const governor = new TestBrowser(t.app)
    const email = schoolEmail('governor', demoSchool!.slug)
    await governor.signIn(email, DEMO_PASSWORD)

    // Breadth first from the home page and the report, following same-origin links and GET forms.
    const queue = ['/', '/governors']
    while (queue.length && visited.size < MAX_PAGES) {
      const url = queue.shift()!
      if (visited.has(url)) continue
      const res = await governor.get(url)
      visited.set(url, res)
      const next = [...linksOf(res)].filter((u) => !visited.has(u) && !queue.includes(u))
      queue.push(...next)
    }

    // The report's PDF for this year and the last, as text: the crawl leaves PDFs out (binary, and slow).
    if (pdfAvailable() && pdftotext)
      for (const year of [
        schoolYearOf(todayInLondon(t.ctx.now())),
        schoolYearOf(todayInLondon(t.ctx.now())) - 1,
      ]) {
        const url = `/governors/${demoSchool!.urn}/pdf?schoolYear=${year}`
        const res = await governor.get(url)
        expect(res.headers['content-type']).toBe('application/pdf')
        pdfTexts.set(url, pdfText(res.rawPayload))
      }

    const api = new ApiClient(t.app, await createApiToken(t.ctx, SYSTEM_ACTOR, email, 'no-leak'))
    const thisYear = schoolYearOf(todayInLondon(t.ctx.now()))
    for (const year of [undefined, thisYear, thisYear - 1, thisYear - 2]) {
      const url = `/schools/${demoSchool!.urn}/reports/governors${year ? `?schoolYear=${year}` : ''}`
      visited.set(`/api/v1${url}`, await api.get(url))
    }
  }, 120_000)
  afterAll(async () => t?.close())

  it('crawled the governor’s pages, the report among them, from a seeded school', () => {
    expect(seeded).toBeGreaterThan(50)
    expect(visited.get('/')?.headers.location).toBe('/governors')
    expect(visited.get('/governors')?.statusCode).toBe(200)
    expect(visited.get('/governors')?.body).toContain('How many children')
    // The school years offered by the report's form were followed too.
    expect([...visited.keys()].filter((u) => u.startsWith('/governors?schoolYear=')).length).toBeGreaterThan(
      1,
    )
    const report = visited.get(`/api/v1/schools/${demoSchool!.urn}/reports/governors`)!
    expect(report.statusCode).toBe(200)
    expect(report.json<{ counts: { roll: number } }>().counts.roll).toBeGreaterThan(50)
  })

  it('finds none of the seeded pupils’ names, UPNs or dates of birth in any response', () => {
    const leaks: string[] = []
    for (const [url, res] of visited) {
      const text = `${JSON.stringify(res.headers)}\n${res.body}`
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${url}: ${secret}`)
    }
    expect(leaks).toEqual([])
  })

  it.skipIf(!pdfAvailable() || !pdftotext)(
    'finds none of them in the report’s PDF either (pdftotext)',
    () => {
      expect(pdfTexts.size).toBe(2)
      for (const text of pdfTexts.values()) expect(text).toContain('How many children')
      const leaks = [...pdfTexts].flatMap(([url, text]) =>
        secrets.filter((secret) => text.includes(secret)).map((secret) => `${url}: ${secret}`),
      )
      expect(leaks).toEqual([])
    },
  )

  it('led nowhere a pupil’s record is', () => {
    const reached = [...visited.keys()].filter((u) => /^\/(pupils|register|tasks)\b/.test(u))
    expect(reached).toEqual([])
  })
})

/** Same-origin links of an HTML page, the redirect it sends, and each choice of its GET forms. */
function linksOf(res: LightMyRequestResponse): Set<string> {
  const found = new Set<string>()
  const add = (href: string) => {
    const url = href.replace(/&amp;/g, '&').split('#')[0]!
    // Same origin only; not the static assets, which hold no data, nor a PDF (read as text above).
    if (/^\/(?!\/)/.test(url) && !/^\/(govuk|assets)\//.test(url) && !/\/pdf(\?|$)/.test(url)) found.add(url)
  }
  if (res.headers.location) add(String(res.headers.location))
  if (!String(res.headers['content-type'] ?? '').includes('text/html')) return found
  for (const m of res.body.matchAll(/<a\s[^>]*href="([^"]+)"/g)) add(m[1]!)
  for (const form of res.body.matchAll(
    /<form\s[^>]*method="get"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/gi,
  )) {
    const [, action, inner] = form
    for (const select of inner!.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g))
      for (const option of select[2]!.matchAll(/<option value="([^"]*)"/g))
        add(`${action}?${new URLSearchParams({ [select[1]!]: option[1]! }).toString()}`)
  }
  return found
}
