import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fundingAllocations } from '../../../../../../data/schema/index.js'
import { buildTestApp, type TestApp, type TestBrowser } from '../../../../../../test-support/app.js'
import { anEpisode, aPupil, aSchool, aUser } from '../../../../../../test-support/builders.js'
import { aBrowserSignedInAs, aLookedAfterChild as aChildLookedAfter } from '../../../peps/test-helpers.js'

// The 2025-26 financial year, whose rate (£2,630) is seeded.
const NOW = new Date('2026-02-10T10:00:00Z')

describe('recording an allocation', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dtBrowser: TestBrowser
  let adviserBrowser: TestBrowser

  const formUrl = (pupilId: string) => `/pupils/${pupilId}/funding/allocations/new`
  const allocationsOf = async (pupilId: string) =>
    t.ctx.db.select().from(fundingAllocations).where(eq(fundingAllocations.pupilId, pupilId))

  const aLookedAfterChild = () => aChildLookedAfter(t.ctx, school, {}, '2024-01-10')

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dtBrowser = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'designated_teacher', school)).user.email)
    adviserBrowser = await aBrowserSignedInAs(
      t.app,
      (await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })).user.email,
    )
  })
  afterAll(async () => t?.close())

  it('lets the Virtual School allocate a looked-after child’s PP+, starting from the year’s rate', async () => {
    const pupil = await aLookedAfterChild()
    const url = formUrl(pupil.id)
    const page = await adviserBrowser.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(
      'Pupil premium plus (looked after). The pupil premium plus rate for 2025-26: £2,630.',
    )
    expect(page.body).toMatch(/name="amount"[^>]*value="2630"/)
    expect(page.body).toMatch(/value="2025" checked/)
    const res = await adviserBrowser.submit(url, url, {
      financialYear: '2025',
      amount: '£2,630',
      note: 'Full year <b>agreed</b>',
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/pupils/${pupil.id}/funding?financialYear=2025`)
    const ledger = await adviserBrowser.get(res.headers.location!)
    expect(ledger.body).toContain('£2,630 allocated for 2025-26')
    expect(ledger.body).toContain('Full year &lt;b&gt;agreed&lt;/b&gt;')
    expect(await allocationsOf(pupil.id)).toEqual([
      expect.objectContaining({ amountPence: 263_000, source: 'pp_plus_cla', financialYear: 2025 }),
    ])
  })

  it('shows the GOV.UK error summary for an amount that is not money, keeping what was typed', async () => {
    const pupil = await aLookedAfterChild()
    const url = formUrl(pupil.id)
    const res = await adviserBrowser.submit(url, url, {
      financialYear: '2025',
      amount: '12.345',
      note: 'Kept',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#amount"')
    expect(res.body).toContain('Enter an amount in pounds and pence, like £125.50')
    expect(res.body).toContain('Kept')
    const zero = await adviserBrowser.submit(url, url, { financialYear: '2025', amount: '0' })
    expect(zero.body).toContain('Enter an amount more than £0')
    expect(await allocationsOf(pupil.id)).toEqual([])
  })

  it('is forbidden to the school for a looked-after child (PP-5), with no button on the ledger', async () => {
    const pupil = await aLookedAfterChild()
    const url = formUrl(pupil.id)
    expect((await dtBrowser.get(url)).statusCode).toBe(403)
    const res = await dtBrowser.submit(`/pupils/${pupil.id}/funding`, url, {
      financialYear: '2025',
      amount: '100',
    })
    expect(res.statusCode).toBe(403)
    expect(await allocationsOf(pupil.id)).toEqual([])
  })

  it('lets the school allocate a previously looked-after child’s PP+', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, { type: 'PLA', startDate: '2022-05-01', route: 'sgo' })
    const url = formUrl(pupil.id)
    expect((await dtBrowser.get(`/pupils/${pupil.id}/funding`)).body).toContain('Record an allocation')
    const page = await dtBrowser.get(url)
    expect(page.body).toContain('Pupil premium plus (previously looked after)')
    const res = await dtBrowser.submit(url, url, { financialYear: '2025', amount: '1315.50' })
    expect(res.statusCode).toBe(302)
    expect(await allocationsOf(pupil.id)).toEqual([
      expect.objectContaining({ amountPence: 131_550, source: 'pp_plus_pla' }),
    ])
  })
})
