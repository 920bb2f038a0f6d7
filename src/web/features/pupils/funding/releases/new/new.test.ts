import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, fundingReleases } from '../../../../../../data/schema/index.js'
import { recordAllocation } from '../../../../../../services/funding.service.js'
import { buildTestApp, type TestApp, type TestBrowser } from '../../../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../../../test-support/builders.js'
import { aPlan } from '../../../../../../test-support/funding.js'
import { aBrowserSignedInAs, aLookedAfterChild } from '../../../peps/test-helpers.js'

const NOW = new Date('2026-11-23T10:00:00Z')

describe('releasing money to the school', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let adviser: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const releasesOf = async (pupilId: string) =>
    t.ctx.db.select().from(fundingReleases).where(eq(fundingReleases.pupilId, pupilId))

  async function aFundedChild() {
    const pupil = await aLookedAfterChild(t.ctx, school)
    const approved = await aPlan(t.ctx.db, pupil.id, {
      targets: [{ description: 'Maths <em>tuition</em>', requestedPence: 120_000 }],
    })
    const draft = await aPlan(t.ctx.db, pupil.id, {
      status: 'submitted',
      meetingDate: '2026-11-10',
      targets: [{ description: 'A target still waiting for approval' }],
    })
    await recordAllocation(t.ctx, adviser.actor, pupil.id, { financialYear: 2026, amountPence: 100_000 })
    const url = `/pupils/${pupil.id}/funding/releases/new`
    return { pupil, target: approved.targets[0]!, draftTarget: draft.targets[0]!, url }
  }

  const fields = (targetId: string, amount: string, over: Record<string, string> = {}) => ({
    targetId,
    amount,
    'releasedOn-day': '23',
    'releasedOn-month': '11',
    'releasedOn-year': '2026',
    ...over,
  })

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    adviser = await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })
    browser = await aBrowserSignedInAs(t.app, adviser.user.email)
  })
  afterAll(async () => t?.close())

  it('offers only targets of approved PEPs, with what each asked for, and today’s date', async () => {
    const { url } = await aFundedChild()
    const page = await browser.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Maths &lt;em&gt;tuition&lt;/em&gt;')
    expect(page.body).toContain(
      'PEP from the meeting on 20 September 2026. Asked for £1,200. Released this year: £0.',
    )
    expect(page.body).not.toContain('A target still waiting for approval')
    expect(page.body).toContain(
      'Allocated for 2026-27: £1,000. Released so far: £0. Still to release: £1,000.',
    )
    expect(page.body).toMatch(/name="releasedOn-day"[^>]*value="23"/)
    // No override until the rules refuse an amount as beyond the allocation.
    expect(page.body).not.toContain('Release beyond the allocation')
  })

  it('releases money against the chosen target', async () => {
    const { pupil, target, url } = await aFundedChild()
    const res = await browser.submit(url, url, fields(target.id, '600'))
    expect(res.statusCode).toBe(302)
    const ledger = await browser.get(res.headers.location!)
    expect(ledger.body).toContain('£600 released to the school on 23 November 2026 (2026-27)')
    expect(await releasesOf(pupil.id)).toEqual([
      expect.objectContaining({ amountPence: 60_000, targetId: target.id }),
    ])
  })

  it('refuses beyond the allocation, then offers the override, and records it with the reason', async () => {
    const { pupil, target, url } = await aFundedChild()
    const refused = await browser.submit(url, url, fields(target.id, '1500'))
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('govuk-error-summary')
    expect(refused.body).toContain('href="#amount"')
    expect(refused.body).toContain(
      'This would release £1,500 in total, more than the £1,000 allocated for 2026-27',
    )
    expect(refused.body).toContain('Release beyond the allocation')
    expect(refused.body).toContain('name="overrideOffered" value="yes"')

    // Chosen without a reason: asked for one.
    const noReason = await browser.submit(
      url,
      url,
      fields(target.id, '1500', { overrideOffered: 'yes', override: 'yes', overrideReason: '' }),
    )
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('href="#overrideReason"')
    expect(noReason.body).toContain('Enter why this is allowed beyond the money available')
    expect(await releasesOf(pupil.id)).toEqual([])

    const allowed = await browser.submit(
      url,
      url,
      fields(target.id, '1500', {
        overrideOffered: 'yes',
        override: 'yes',
        overrideReason: 'Top-up agreed by the Virtual School head',
      }),
    )
    expect(allowed.statusCode).toBe(302)
    expect(await releasesOf(pupil.id)).toEqual([
      expect.objectContaining({
        amountPence: 150_000,
        overrideReason: 'Top-up agreed by the Virtual School head',
      }),
    ])
    const override = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'funding.override_used')))
    expect(override).toHaveLength(1)
  })

  it('refuses a target of a PEP not yet approved, and asks for what is missing in order', async () => {
    const { pupil, draftTarget, url } = await aFundedChild()
    const res = await browser.submit(url, url, fields(draftTarget.id, '100'))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('The Virtual School must approve the PEP before releasing money against it')
    expect(res.body).toContain('href="#targetId"')
    const empty = await browser.submit(url, url, { 'releasedOn-day': '' })
    const target = empty.body.indexOf('href="#targetId"')
    const amount = empty.body.indexOf('href="#amount"')
    const date = empty.body.indexOf('href="#releasedOn-day"')
    expect(target).toBeGreaterThan(-1)
    expect(amount).toBeGreaterThan(target)
    expect(date).toBeGreaterThan(amount)
    expect(await releasesOf(pupil.id)).toEqual([])
  })

  it('is forbidden to the designated teacher', async () => {
    const { url } = await aFundedChild()
    const dt = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'designated_teacher', school)).user.email)
    expect((await dt.get(url)).statusCode).toBe(403)
  })
})
