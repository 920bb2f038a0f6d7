import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { and, eq, like } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  designatedRoleAppointments,
  policyAcknowledgements,
  schoolPolicies,
  tasks,
  type DesignatedRole,
} from '../../../../data/schema/index.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { pdfAvailable } from '../../../pdf.js'

// 23 November 2026, in the 2026 to 2027 school year.
const NOW = new Date('2026-11-23T10:00:00Z')

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ now: () => NOW })
})
afterAll(async () => t?.close())

const signedIn = async (email: string) => {
  const browser = new TestBrowser(t.app)
  await browser.signIn(email)
  return browser
}

/** A school in LA 919 (Hertfordshire, whose Virtual School's contacts are in the directory) with its people. */
async function aSchoolWithStaff() {
  const school = await aSchool(t.ctx, { name: 'Quayside Primary' })
  const appoint = (role: DesignatedRole, personName: string) =>
    t.ctx.db
      .insert(designatedRoleAppointments)
      .values({ schoolId: school.id, role, personName, startDate: '2025-09-01' })
  await appoint('designated_teacher', 'Dee Teacher')
  await appoint('designated_governor', 'Gail Governor')
  await appoint('dsl', 'Sam Lead')
  const dt = await aUser(t.ctx, 'designated_teacher', school, { name: 'Dee Teacher' })
  const staff = await aUser(t.ctx, 'staff', school, { name: 'Ann Assistant' })
  const governor = await aUser(t.ctx, 'governor', school, { name: 'Gail Governor' })
  const url = `/schools/${school.urn}/policy`
  return { school, dt, staff, governor, url }
}

const policiesOf = (schoolId: string) =>
  t.ctx.db.select().from(schoolPolicies).where(eq(schoolPolicies.schoolId, schoolId))

const versionOn = (page: string) => /name="version" value="(\d*)"/.exec(page)?.[1] ?? ''

/** Goes through the ratification form and "Check your answers" as the DT would. */
async function ratify(browser: TestBrowser, url: string) {
  const check = await browser.submit(`${url}/ratify`, `${url}/ratify`, {
    version: versionOn((await browser.get(`${url}/ratify`)).body),
    'ratifiedOn-day': '20',
    'ratifiedOn-month': '11',
    'ratifiedOn-year': '2026',
    ratifiedBy: 'Full governing board',
  })
  expect(check.statusCode).toBe(200)
  const fields = Object.fromEntries(
    [...check.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  )
  delete fields._csrf
  const done = await browser.submit(`${url}/ratify`, `${url}/ratify`, fields)
  expect(done.statusCode).toBe(302)
  return { check, done }
}

describe('the school’s policy page (issue 7 item 3)', () => {
  it('takes a member of staff from the navigation to the policy, generated with the named roles and the Virtual School', async () => {
    const { dt, url } = await aSchoolWithStaff()
    const browser = await signedIn(dt.user.email)
    const shortcut = await browser.get('/policy')
    expect(shortcut.statusCode).toBe(302)
    expect(shortcut.headers.location).toBe(url)
    const page = await browser.get(url)
    expect(page.statusCode).toBe(200)
    const body = page.body
    expect(body).toContain('Policy for looked-after and previously looked-after children')
    expect(body).toContain('Harbour’s model: not yet adopted by the school')
    expect(body).toContain(
      'designated teacher for looked-after and previously looked-after children: Dee Teacher',
    )
    expect(body).toContain('designated governor: Gail Governor')
    expect(body).toContain('email: virtualschool@hertfordshire.gov.uk')
    expect(body).toContain('telephone: 01992 556915')
    // What the records lack is shown to the DT, to put right in the register.
    expect(body).toContain('No SENCO is in the register of designated roles today')
    expect(body).toMatch(/<a[^>]*href="\/policy"[^>]*aria-current="page"/)
    expect(body).toContain('The governing board has not ratified this policy yet')
    expect(body).not.toContain('I have read and understood this policy')
  })

  it('saves a section changed by the DT, and shows it with the names filled in', async () => {
    const { school, dt, url } = await aSchoolWithStaff()
    const browser = await signedIn(dt.user.email)
    const form = await browser.get(`${url}/draft/attendance`)
    expect(form.statusCode).toBe(200)
    // Harbour's model text is the starting point.
    expect(form.body).toContain('Good attendance matters for every child')
    expect(form.body).toContain('data-module="govuk-character-count"')
    const saved = await browser.submit(`${url}/draft/attendance`, `${url}/draft/attendance`, {
      version: versionOn(form.body),
      text: 'At {school}, {designated teacher} checks attendance every Monday.\n\n- Ring home on day one',
    })
    expect(saved.statusCode).toBe(302)
    expect(saved.headers.location).toBe(`${url}/draft#policy-attendance`)
    const draft = await browser.get(`${url}/draft`)
    expect(draft.body).toContain('Saved: Attendance')
    expect(draft.body).toContain('At Quayside Primary, Dee Teacher checks attendance every Monday.')
    expect(draft.body).toContain('<li>Ring home on day one</li>')
    expect(draft.body).toContain('Your school’s wording')
    const [row] = await policiesOf(school.id)
    expect(row).toMatchObject({ status: 'draft', policyVersion: 1 })
    expect(row!.sections.attendance).toContain('{designated teacher} checks attendance')
  })

  it('refuses a word in curly brackets it cannot fill in, with the error summary, saving nothing', async () => {
    const { school, dt, url } = await aSchoolWithStaff()
    const browser = await signedIn(dt.user.email)
    const res = await browser.submit(`${url}/draft/purpose`, `${url}/draft/purpose`, {
      version: '',
      text: 'Ask {the bursar}.',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain('href="#text"')
    expect(res.body).toContain('Harbour cannot fill in {the bursar}.')
    expect(res.body).toContain('Ask {the bursar}.</textarea>')
    expect(await policiesOf(school.id)).toEqual([])
  })

  it('shows what was typed when someone else changed the draft first', async () => {
    const { dt, school, url } = await aSchoolWithStaff()
    const head = await aUser(t.ctx, 'headteacher', school)
    const browser = await signedIn(dt.user.email)
    const headBrowser = await signedIn(head.user.email)
    const stale = versionOn((await browser.get(`${url}/draft/impact`)).body)
    await headBrowser.submit(`${url}/draft/impact`, `${url}/draft/impact`, {
      version: stale,
      text: 'The head’s words.',
    })
    const res = await browser.submit(`${url}/draft/impact`, `${url}/draft/impact`, {
      version: stale,
      text: 'My words.',
    })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('Someone else changed the policy while you were editing')
    expect(res.body).toContain('My words.')
    expect((await policiesOf(school.id))[0]!.sections.impact).toBe('The head’s words.')
  })

  it('refuses a review more than three years ahead, then ratifies after “Check your answers” and sets a reminder', async () => {
    const { school, dt, url } = await aSchoolWithStaff()
    const browser = await signedIn(dt.user.email)
    const refused = await browser.submit(`${url}/ratify`, `${url}/ratify`, {
      version: '',
      'ratifiedOn-day': '20',
      'ratifiedOn-month': '11',
      'ratifiedOn-year': '2026',
      ratifiedBy: 'Full governing board',
      'nextReviewOn-day': '21',
      'nextReviewOn-month': '11',
      'nextReviewOn-year': '2029',
      confirm: 'yes',
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(
      'The policy must be reviewed at least every 3 years. Choose a next review date on or before 20 November 2029',
    )
    expect(refused.body).toContain('href="#nextReviewOn-day"')
    expect(await policiesOf(school.id)).toEqual([])

    const { check, done } = await ratify(browser, url)
    expect(check.body).toContain('Check your answers before recording the ratification')
    expect(check.body).toContain('Harbour’s model policy, unchanged, as version 1')
    expect(check.body).toContain('20 November 2027') // a year on, by default
    expect(check.body).toContain('will be due on 23 October 2027')
    expect(done.headers.location).toBe(url)
    const page = await browser.get(url)
    expect(page.body).toContain('Version 1 of the policy is now in force')
    expect(page.body).toContain('In force, version 1')
    expect(page.body).toContain('20 November 2026 by Full governing board')
    expect(page.body).toContain('Next review: 20 November 2027.')
    const [reminder] = await t.ctx.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.schoolId, school.id), like(tasks.sourceKey, 'policy-review:%')))
    expect(reminder).toMatchObject({ dueOn: '2027-10-23', assigneeRole: 'designated_teacher' })
  })

  it('lets a member of staff confirm once that they have read it, and shows the DT who has', async () => {
    const { school, dt, staff, url } = await aSchoolWithStaff()
    const dtBrowser = await signedIn(dt.user.email)
    await ratify(dtBrowser, url)
    const browser = await signedIn(staff.user.email)
    const page = await browser.get(url)
    expect(page.body).toContain('I have read and understood this policy')
    const policyId = /name="policyId" value="([^"]+)"/.exec(page.body)![1]!
    const confirmed = await browser.submit(url, `${url}/acknowledge`, { policyId })
    expect(confirmed.statusCode).toBe(302)
    const after = await browser.get(url)
    expect(after.body).toContain('You have confirmed that you have read and understood the policy')
    expect(after.body).toContain(
      'You confirmed that you have read and understood this policy on 23 November 2026',
    )
    expect(after.body).not.toContain('id="acknowledge"')
    // Sent again (a second tab): still once.
    await browser.submit(url, `${url}/acknowledge`, { policyId })
    const rows = await t.ctx.db
      .select()
      .from(policyAcknowledgements)
      .where(eq(policyAcknowledgements.policyId, policyId))
    expect(rows).toHaveLength(1)

    const list = await dtBrowser.get(`${url}/acknowledgements`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('<strong>1 of 2</strong> have confirmed')
    expect(list.body).toMatch(/id="confirmed"[\s\S]*Ann Assistant[\s\S]*Staff member/)
    expect(list.body).toMatch(/id="not-yet"[\s\S]*Dee Teacher[\s\S]*id="confirmed"/)
    expect(list.body).not.toContain('Gail Governor') // governors are not asked to confirm
    expect(school.id).toBeTruthy()
  })

  it('lets a governor read the policy but not change it, refuses staff the draft, and hides another school’s', async () => {
    const { staff, governor, url } = await aSchoolWithStaff()
    const gov = await signedIn(governor.user.email)
    const page = await gov.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Change the policy')
    expect(page.body).not.toContain('I have read and understood')
    expect((await gov.get(`${url}/draft`)).statusCode).toBe(403)
    expect((await gov.get(`${url}/draft/purpose`)).statusCode).toBe(403)
    const staffBrowser = await signedIn(staff.user.email)
    expect((await staffBrowser.get(`${url}/draft`)).statusCode).toBe(403)
    expect((await staffBrowser.get(`${url}/ratify`)).statusCode).toBe(403)
    expect((await staffBrowser.get(`${url}/acknowledgements`)).statusCode).toBe(403)
    const other = await aSchool(t.ctx)
    expect((await staffBrowser.get(`/schools/${other.urn}/policy`)).statusCode).toBe(404)
  })

  it('is a 404 for a section the policy does not have', async () => {
    const { dt, url } = await aSchoolWithStaff()
    const browser = await signedIn(dt.user.email)
    expect((await browser.get(`${url}/draft/appendix`)).statusCode).toBe(404)
  })

  describe('as a PDF', () => {
    const saved = process.env.CHROMIUM_PATH
    afterEach(() => {
      if (saved === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = saved
    })

    it('without Chromium, shows the page to print from the browser, saying a PDF is not available', async () => {
      process.env.CHROMIUM_PATH = '/nonexistent/chromium'
      const { staff, url } = await aSchoolWithStaff()
      const browser = await signedIn(staff.user.email)
      expect((await browser.get(url)).body).not.toContain(`href="${url}/pdf"`)
      const res = await browser.get(`${url}/pdf`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.body).toContain('A PDF is not available')
    })

    it.skipIf(!pdfAvailable())(
      'downloads the policy as a PDF made by Chromium, naming the school and its designated teacher',
      async () => {
        const { school, staff, url } = await aSchoolWithStaff()
        const browser = await signedIn(staff.user.email)
        expect((await browser.get(url)).body).toContain(`href="${url}/pdf"`)
        const res = await browser.get(`${url}/pdf`)
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toBe('application/pdf')
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="policy-${school.urn}-draft.pdf"`,
        )
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
        if (existsSync('/usr/bin/pdftotext')) {
          // Words as read, whatever the line breaks.
          const text = execFileSync('/usr/bin/pdftotext', ['-', '-'], { input: res.rawPayload })
            .toString()
            .replace(/\s+/g, ' ')
          expect(text).toContain('Quayside Primary')
          expect(text).toContain('looked-after children: Dee Teacher')
          expect(text).not.toContain('I have read and understood')
        }
      },
      60_000,
    )
  })
})
