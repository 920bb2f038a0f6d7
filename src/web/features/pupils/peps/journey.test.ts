import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pepTargets } from '../../../../data/schema/index.js'
import { buildTestApp, type TestApp, type TestBrowser } from '../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'
import { aBrowserSignedInAs, aLookedAfterChild, saveSection, versionOn } from './test-helpers.js'

// FIXED_NOW is 23 November 2026; the meeting was on 10 November.
describe('a PEP from first meeting to Virtual School approval (issue 4)', () => {
  let t: TestApp
  let dt: TestBrowser
  let adviser: TestBrowser
  let pupilId: string
  let base: string

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    const school = await aSchool(t.ctx)
    pupilId = (await aLookedAfterChild(t.ctx, school, { givenName: 'Robin', yearGroup: 7 })).id
    dt = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'designated_teacher', school)).user.email)
    adviser = await aBrowserSignedInAs(
      t.app,
      (await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })).user.email,
    )
  })
  afterAll(async () => t?.close())

  it('is reached from the pupil’s page, which says no PEP has been recorded yet', async () => {
    const page = await dt.get(`/pupils/${pupilId}`)
    expect(page.body).toContain('No PEP recorded yet')
    expect(page.body).toContain(`href="/pupils/${pupilId}/peps"`)
    const list = await dt.get(`/pupils/${pupilId}/peps`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Start a new PEP')
    expect(list.body).toContain('No PEP has been recorded for Robin yet')
  })

  it('starts a draft for a looked-after child and opens its task list', async () => {
    const url = `/pupils/${pupilId}/peps/new`
    const form = await dt.get(url)
    // A looked-after child: a PEP, without asking which kind.
    expect(form.body).toContain('Start a new PEP')
    expect(form.body).toContain('name="kind" value="pep"')
    expect(form.body).not.toContain('A PLA support plan')
    const res = await dt.submit(url, url, {
      'meetingDate-day': '10',
      'meetingDate-month': '11',
      'meetingDate-year': '2026',
      kind: 'pep',
    })
    expect(res.statusCode).toBe(302)
    const location = String(res.headers.location)
    expect(location).toMatch(new RegExp(`^/pupils/${pupilId}/peps/[0-9a-f-]{36}/edit$`))
    base = location.replace(/\/edit$/, '')
    const tasks = await dt.get(location)
    expect(tasks.body).toContain('PEP started')
    expect(tasks.body).toMatch(/The child’s voice[\s\S]*?Not started/)
    expect(tasks.body).toMatch(/Meeting and attendees[\s\S]*?In progress/)
  })

  it('saves sections one at a time, marking each completed on the task list', async () => {
    let res = await saveSection(dt, base, 'meeting', {
      'meetingDate-day': '10',
      'meetingDate-month': '11',
      'meetingDate-year': '2026',
      phase: 'school_age',
      'attendees-socialWorker': 'Sam Worker',
      'attendees-carer': 'Pat Carer',
      'attendees-child': 'attended',
    })
    expect(res.statusCode).toBe(302)
    res = await saveSection(dt, base, 'child-voice', {
      'childVoice-ownWords': 'I like art <script>alert("x")</script> and I want to read better.',
      'childVoice-goingWell': 'Art club',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`${base}/edit`)
    res = await saveSection(dt, base, 'targets', {
      'targets-0-area': 'Reading',
      'targets-0-description': 'Read a chapter book each week',
      'targets-0-successCriteria': 'Reading age within a year of actual age by July',
      'targets-0-owner': 'English teacher',
      'targets-0-dueBy-day': '16',
      'targets-0-dueBy-month': '7',
      'targets-0-dueBy-year': '2027',
      'targets-0-ppPlus': '£400.50',
    })
    expect(res.statusCode).toBe(302)
    const tasks = await dt.get(`${base}/edit`)
    expect(tasks.body).toContain('Saved: Targets and Pupil Premium Plus')
    expect(tasks.body).toMatch(/The child’s voice[\s\S]*?Completed/)
    expect(tasks.body).toMatch(/Meeting and attendees[\s\S]*?Completed/)
    // Pounds as typed, pence as stored (DESIGN.md "Data conventions").
    const [target] = await t.ctx.db.select().from(pepTargets).where(eq(pepTargets.pupilId, pupilId))
    expect(target!.ppPlusRequestedPence).toBe(40050)
  })

  it('shows every answer on "Check your answers", with Change links, the child’s words escaped', async () => {
    const page = await dt.get(`${base}/check`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Check your answers before submitting')
    expect(page.body).toContain(`href="${base}/edit/child-voice"`)
    expect(page.body).toContain(`href="${base}/edit/targets"`)
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(page.body).not.toContain('<script>alert("x")</script>')
    expect(page.body).toContain('£400.50')
    expect(page.body).toContain('Submit PEP')
  })

  it('submits to the Virtual School; the DT can no longer change it', async () => {
    const res = await dt.submit(`${base}/check`, `${base}/check`, {
      version: versionOn(await dt.get(`${base}/check`)),
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(base)
    const page = await dt.get(base)
    expect(page.body).toContain('PEP submitted to the Virtual School')
    expect(page.body).toMatch(/moj-badge--blue[^>]*>\s*Submitted/)
    expect(page.body).toContain('It can be changed only if the Virtual School returns it')
    expect((await dt.get(`${base}/edit`)).headers.location).toBe(base)
  })

  it('the adviser returns it with feedback, shown at the top of the PEP', async () => {
    const decision = await adviser.get(`${base}/decision`)
    expect(decision.statusCode).toBe(200)
    // The rubric as radios, the criteria as hints.
    expect(decision.body).toContain('Green: good')
    expect(decision.body).toContain('Key sections missing or targets not SMART')
    const url = `${base}/decision`
    const empty = await adviser.submit(url, url, {
      action: 'return',
      version: versionOn(decision),
      feedback: ' ',
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('href="#feedback"')
    const res = await adviser.submit(url, url, {
      action: 'return',
      version: versionOn(decision),
      feedback: 'Add a maths target, and say how the PP+ will be spent.',
    })
    expect(res.statusCode).toBe(302)
    const page = await dt.get(base)
    expect(page.body).toContain('Returned for changes')
    expect(page.body).toContain('Add a maths target, and say how the PP+ will be spent.')
    expect(page.body).toContain('Change this PEP')
    const tasks = await dt.get(`${base}/edit`)
    expect(tasks.body).toContain('id="return-feedback"')
  })

  it('the DT adds a target and resubmits', async () => {
    const res = await saveSection(dt, base, 'targets', {
      'targets-0-description': 'Read a chapter book each week',
      'targets-0-successCriteria': 'Reading age within a year of actual age by July',
      'targets-0-owner': 'English teacher',
      'targets-0-dueBy-day': '16',
      'targets-0-dueBy-month': '7',
      'targets-0-dueBy-year': '2027',
      'targets-0-ppPlus': '400.50',
      'targets-1-description': 'Know times tables to 12',
      'targets-1-successCriteria': '90% on the multiplication check',
      'targets-1-owner': 'Maths teacher',
      'targets-1-dueBy-day': '1',
      'targets-1-dueBy-month': '4',
      'targets-1-dueBy-year': '2027',
      'targets-1-ppPlus': '150',
    })
    expect(res.statusCode).toBe(302)
    const check = await dt.get(`${base}/check`)
    expect(check.body).toContain('Total PP+ requested: £550.50')
    expect(
      (await dt.submit(`${base}/check`, `${base}/check`, { version: versionOn(check) })).statusCode,
    ).toBe(302)
  })

  it('the adviser cannot approve a red rating, then approves it as amber', async () => {
    const url = `${base}/decision`
    const decision = await adviser.get(url)
    const red = await adviser.submit(url, url, {
      action: 'approve',
      version: versionOn(decision),
      rating: 'red',
    })
    expect(red.statusCode).toBe(422)
    expect(red.body).toContain('There is a problem')
    expect(red.body).toContain('href="#rating"')
    expect(red.body).toContain('cannot be approved')
    const res = await adviser.submit(url, url, {
      action: 'approve',
      version: versionOn(decision),
      rating: 'amber',
      notes: 'Good targets; strengthen the child’s voice next time.',
    })
    expect(res.statusCode).toBe(302)
    const page = await adviser.get(base)
    expect(page.body).toContain('PEP approved. Quality rating: Amber: requires improvement')
    expect(page.body).toMatch(/moj-badge--green[^>]*>\s*Approved/)
    expect(page.body).toContain('Good targets; strengthen the child’s voice next time.')
    // The history, newest first, as an MOJ timeline.
    const titles = [...page.body.matchAll(/<h3 class="moj-timeline__title">([^<]+)<\/h3>/g)].map((m) => m[1])
    expect(titles).toEqual(['Approved', 'Submitted', 'Returned for changes', 'Submitted', 'PEP started'])
    expect(page.body).toContain('Print or save as PDF')
  })

  it('an approved PEP is read, not changed, and the pupil’s page shows it', async () => {
    const page = await dt.get(base)
    expect(page.body).not.toContain('Change this PEP')
    expect(page.body).toContain('approved and cannot be changed')
    expect((await dt.get(`${base}/edit/targets`)).headers.location).toBe(base)
    const pupilPage = await dt.get(`/pupils/${pupilId}`)
    expect(pupilPage.body).toMatch(/moj-badge--green[^>]*>\s*Approved/)
    expect(pupilPage.body).toContain('See all PEPs (1)')
  })

  it('the next PEP asks for the review of the last one’s targets', async () => {
    const url = `/pupils/${pupilId}/peps/new`
    const res = await dt.submit(url, url, {
      'meetingDate-day': '20',
      'meetingDate-month': '11',
      'meetingDate-year': '2026',
      kind: 'pep',
    })
    const next = String(res.headers.location).replace(/\/edit$/, '')
    const tasks = await dt.get(`${next}/edit`)
    expect(tasks.body).toContain('Review of the last PEP’s targets')
    const review = await dt.get(`${next}/edit/review`)
    expect(review.body).toContain('Know times tables to 12')
    const saved = await saveSection(dt, next, 'review', {
      'reviews-0-outcome': 'partly_met',
      'reviews-0-evidence': 'Reading age up 8 months',
      'reviews-1-evidence': 'No outcome chosen',
    })
    expect(saved.statusCode).toBe(422)
    expect(saved.body).toContain('href="#reviews-1-outcome"')
    expect(saved.body).toContain('Reading age up 8 months')
  })
})
