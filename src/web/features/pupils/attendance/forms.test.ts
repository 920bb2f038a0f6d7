import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attendanceSupportPlans, partTimeTimetables } from '../../../../data/schema/index.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { FIXED_NOW } from '../../../../test-support/service-context.js'

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  }
}

// FIXED_NOW is 23 November 2026.
describe('support plans and part-time timetables, from the pupil’s attendance page (issue 5 item 4)', () => {
  let t: TestApp
  let dt: TestBrowser
  let pupilId: string
  let base: string

  beforeAll(async () => {
    t = await buildTestApp({ now: () => FIXED_NOW })
    const school = await aSchool(t.ctx)
    pupilId = (await aPupil(t.ctx, school, { givenName: 'Kit' })).id
    await anEpisode(t.ctx, pupilId, aClaEpisode({ startDate: '2025-01-10' }))
    base = `/pupils/${pupilId}/attendance`
    dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
  })
  afterAll(async () => t?.close())

  const plansOf = () =>
    t.ctx.db.select().from(attendanceSupportPlans).where(eq(attendanceSupportPlans.pupilId, pupilId))

  it('lists every problem with an empty plan, each linked to its field, and saves nothing', async () => {
    const url = `${base}/support-plans/new`
    const res = await dt.submit(url, url, {
      concern: '',
      'actions-0-action': '',
      'actions-0-who': '',
      'actions-1-action': '',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('There is a problem')
    for (const href of ['#concern', '#actions-0-action', '#startedOn-day', '#reviewDate-day'])
      expect(res.body).toContain(`href="${href}"`)
    expect(res.body).toContain('Describe the concern about attendance')
    expect(await plansOf()).toEqual([])
  })

  it('points a problem with the second action at the second row, not the first', async () => {
    const url = `${base}/support-plans/new`
    const res = await dt.submit(url, url, {
      concern: 'Late most Mondays',
      'actions-0-action': '',
      'actions-0-who': '',
      'actions-1-action': 'Morning check-in',
      'actions-1-who': '',
      ...date('actions-1-by', '2026-12-04'),
      ...date('startedOn', '2026-11-23'),
      ...date('reviewDate', '2027-01-15'),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#actions-1-who"')
    expect(res.body).toContain('Say who will do it')
  })

  it('adds a plan, changes its review date, then closes it with an outcome', async () => {
    const url = `${base}/support-plans/new`
    const added = await dt.submit(url, url, {
      concern: 'Late most Mondays since the move',
      'actions-0-action': 'Morning check-in with the key adult',
      'actions-0-who': 'Key adult',
      ...date('actions-0-by', '2026-12-04'),
      'actions-1-action': '',
      'actions-1-who': '',
      peopleInvolved: 'Carer\nSocial worker\n',
      ...date('startedOn', '2026-11-23'),
      ...date('reviewDate', '2027-01-15'),
    })
    expect(added.statusCode).toBe(302)
    expect(added.headers.location).toBe(`${base}#support-plans`)
    const [plan] = await plansOf()
    expect(plan).toMatchObject({
      concern: 'Late most Mondays since the move',
      actions: [{ action: 'Morning check-in with the key adult', who: 'Key adult', by: '2026-12-04' }],
      peopleInvolved: ['Carer', 'Social worker'],
      reviewDate: '2027-01-15',
    })
    const page = await dt.get(base)
    expect(page.body).toContain('Support plan added. Its review is due on 15 January 2027')
    expect(page.body).toContain('Morning check-in with the key adult (Key adult, by 4 December 2026)')

    const edit = `${base}/support-plans/${plan!.id}/edit`
    const form = await dt.get(edit)
    expect(form.body).toContain('value="Morning check-in with the key adult"')
    const changed = await dt.submit(edit, edit, {
      version: String(plan!.version),
      concern: plan!.concern,
      'actions-0-action': 'Morning check-in with the key adult',
      'actions-0-who': 'Key adult',
      ...date('actions-0-by', '2026-12-04'),
      peopleInvolved: 'Carer',
      ...date('startedOn', '2026-11-23'),
      ...date('reviewDate', '2027-02-01'),
    })
    expect(changed.statusCode).toBe(302)
    expect((await plansOf())[0]!.reviewDate).toBe('2027-02-01')

    const close = `${base}/support-plans/${plan!.id}/close`
    const empty = await dt.submit(close, close, {
      version: '2',
      outcome: '',
      ...date('closedOn', '2026-11-23'),
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('href="#outcome"')
    const closed = await dt.submit(close, close, {
      version: '2',
      outcome: 'On time every day for four weeks',
      ...date('closedOn', '2026-11-23'),
    })
    expect(closed.statusCode).toBe(302)
    expect((await plansOf())[0]).toMatchObject({
      status: 'closed',
      outcome: 'On time every day for four weeks',
    })
    // A closed plan cannot be changed: its forms are gone.
    expect((await dt.get(edit)).statusCode).toBe(404)
  })

  it('asks for the Virtual School’s and the social worker’s agreement to a looked-after child’s part-time timetable', async () => {
    const url = `${base}/part-time-timetables/new`
    const fields = {
      reason: 'Returning after a long illness',
      arrangement: 'Mornings only, Monday to Thursday',
      ...date('startDate', '2026-11-23'),
      ...date('reviewDate', '2026-12-11'),
      ...date('endDate', '2027-01-22'),
      ...date('agreedWithParentsOn', '2026-11-20'),
    }
    const refused = await dt.submit(url, url, fields)
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('href="#agreedWithVirtualSchoolOn-day"')
    expect(refused.body).toContain('the Virtual School must agree to a part-time timetable before it starts')
    expect(refused.body).toContain('href="#agreedWithSocialWorkerOn-day"')

    // A date the form cannot read is never saved as no date.
    const unreadable = await dt.submit(url, url, {
      ...fields,
      'agreedWithVirtualSchoolOn-day': '20',
      ...date('agreedWithSocialWorkerOn', '2026-11-20'),
    })
    expect(unreadable.statusCode).toBe(422)
    expect(unreadable.body).toContain('The date the Virtual School agreed must include a month and year')

    const saved = await dt.submit(url, url, {
      ...fields,
      ...date('agreedWithVirtualSchoolOn', '2026-11-19'),
      virtualSchoolContact: 'Ava Adviser',
      ...date('agreedWithSocialWorkerOn', '2026-11-20'),
    })
    expect(saved.statusCode).toBe(302)
    const [timetable] = await t.ctx.db
      .select()
      .from(partTimeTimetables)
      .where(eq(partTimeTimetables.pupilId, pupilId))
    expect(timetable).toMatchObject({
      agreedWithVirtualSchoolOn: '2026-11-19',
      virtualSchoolContact: 'Ava Adviser',
    })
    const page = await dt.get(base)
    expect(page.body).toContain('23 November 2026 to 22 January 2027')
    expect(page.body).toContain('19 November 2026 (Ava Adviser)')

    const end = `${base}/part-time-timetables/${timetable!.id}/end`
    const ended = await dt.submit(end, end, {
      version: String(timetable!.version),
      outcome: 'Back to full time',
      ...date('endedOn', '2026-11-23'),
    })
    expect(ended.statusCode).toBe(302)
    expect((await dt.get(base)).body).toContain('23 November 2026: Back to full time')
  })

  it('asks for the dates of an empty timetable form rather than failing', async () => {
    const url = `${base}/part-time-timetables/new`
    const res = await dt.submit(url, url, { reason: '', arrangement: '' })
    expect(res.statusCode).toBe(422)
    for (const href of ['#startDate-day', '#reviewDate-day', '#endDate-day'])
      expect(res.body).toContain(`href="${href}"`)
  })

  it('refuses the forms to a Virtual School adviser, who may read the page', async () => {
    const adviser = new TestBrowser(t.app)
    await adviser.signIn((await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })).user.email)
    expect((await adviser.get(base)).statusCode).toBe(200)
    expect((await adviser.get(base)).body).not.toContain('Add a support plan')
    expect((await adviser.get(`${base}/support-plans/new`)).statusCode).toBe(403)
  })
})
