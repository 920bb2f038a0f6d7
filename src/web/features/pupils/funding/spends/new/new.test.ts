import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, fundingSpends } from '../../../../../../data/schema/index.js'
import { recordAllocation, releaseFunding } from '../../../../../../services/funding.service.js'
import { buildTestApp, type TestApp, type TestBrowser } from '../../../../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../../../test-support/builders.js'
import { aPlan } from '../../../../../../test-support/funding.js'
import { aBrowserSignedInAs, aLookedAfterChild } from '../../../peps/test-helpers.js'

const NOW = new Date('2026-11-23T10:00:00Z')

describe('recording spending', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let adviser: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  const spendsOf = async (pupilId: string) =>
    t.ctx.db.select().from(fundingSpends).where(eq(fundingSpends.pupilId, pupilId))

  /** £400 released to the school against an approved PEP target. */
  async function aFundedChild() {
    const pupil = await aLookedAfterChild(t.ctx, school)
    const { targets } = await aPlan(t.ctx.db, pupil.id, {
      targets: [{ description: 'Read every week', requestedPence: 40_000 }],
    })
    await recordAllocation(t.ctx, adviser.actor, pupil.id, { financialYear: 2026, amountPence: 263_000 })
    await releaseFunding(t.ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 40_000 })
    return { pupil, target: targets[0]!, url: `/pupils/${pupil.id}/funding/spends/new` }
  }

  const fields = (targetId: string, over: Record<string, string> = {}) => ({
    'spentOn-day': '20',
    'spentOn-month': '11',
    'spentOn-year': '2026',
    amount: '45',
    description: 'Books <img src=x onerror=alert(1)>',
    category: 'resources',
    targetId,
    impact: '',
    ...over,
  })

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    adviser = await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })
    browser = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'designated_teacher', school)).user.email)
  })
  afterAll(async () => t?.close())

  it('asks for the date, amount, what, category, target and impact, and saves the spending', async () => {
    const { pupil, target, url } = await aFundedChild()
    const page = await browser.get(url)
    expect(page.statusCode).toBe(200)
    for (const label of [
      'Date of the spending',
      'Amount',
      'What was it spent on?',
      'Category',
      'Which target does it serve?',
      'Impact (optional)',
    ])
      expect(page.body).toContain(label)
    expect(page.body).toContain('Books and learning resources')
    expect(page.body).toContain('the school holds £400, has spent £0 and has £400 available')
    expect(page.body).not.toContain('Spend beyond the allocation')

    const res = await browser.submit(url, url, fields(target.id, { impact: 'Reads at bedtime now' }))
    expect(res.statusCode).toBe(302)
    const ledger = await browser.get(res.headers.location!)
    expect(ledger.body).toContain('Spending of £45 on 20 November 2026 recorded')
    // Free text is escaped on the ledger.
    expect(ledger.body).toContain('Books &lt;img src=x onerror=alert(1)&gt;')
    expect(ledger.body).not.toContain('<img src=x')
    expect(ledger.body).toContain('Reads at bedtime now')
    expect(await spendsOf(pupil.id)).toEqual([
      expect.objectContaining({ amountPence: 4_500, category: 'resources', targetId: target.id }),
    ])
  })

  it('refuses spending beyond the money released, then offers "Spend beyond the allocation" and records it', async () => {
    const { pupil, target, url } = await aFundedChild()
    const refused = await browser.submit(url, url, fields(target.id, { amount: '450' }))
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(
      'This would bring spending to £450, more than the £400 released to the school for 2026-27',
    )
    expect(refused.body).toContain('Spend beyond the allocation')
    expect(refused.body).toContain('Why is this allowed?')
    // What was typed is kept.
    expect(refused.body).toMatch(/value="resources" checked/)
    expect(refused.body).toContain('Books &lt;img src=x onerror=alert(1)&gt;')
    expect(await spendsOf(pupil.id)).toEqual([])

    // Offered, not chosen: refused again, and still offered.
    const notChosen = await browser.submit(
      url,
      url,
      fields(target.id, { amount: '450', overrideOffered: 'yes' }),
    )
    expect(notChosen.statusCode).toBe(422)
    expect(notChosen.body).toContain('Spend beyond the allocation')

    const allowed = await browser.submit(
      url,
      url,
      fields(target.id, {
        amount: '450',
        overrideOffered: 'yes',
        override: 'yes',
        overrideReason: 'The Virtual School will release the rest in January',
      }),
    )
    expect(allowed.statusCode).toBe(302)
    const [spend] = await spendsOf(pupil.id)
    expect(spend!.overrideReason).toBe('The Virtual School will release the rest in January')
    const audited = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'funding.override_used')))
    expect(audited.map((e) => e.details)).toEqual([
      { reason: 'The Virtual School will release the rest in January', refused: ['beyond_released'] },
    ])
    const ledger = await browser.get(`/pupils/${pupil.id}/funding`)
    expect(ledger.body).toContain('More has been spent than the school holds for this child in 2026-27.')
  })

  it('lists what is missing in the error summary, and saves nothing', async () => {
    const { pupil, url } = await aFundedChild()
    const res = await browser.submit(url, url, { amount: 'lots' })
    expect(res.statusCode).toBe(422)
    for (const href of ['#spentOn-day', '#amount', '#description', '#category', '#targetId'])
      expect(res.body).toContain(`href="${href}"`)
    expect(res.body).toContain('Enter the date of the spending')
    expect(res.body).toContain('Enter an amount in pounds and pence, like £125.50')
    expect(await spendsOf(pupil.id)).toEqual([])
  })

  it('says so when there is no approved plan to spend against', async () => {
    const pupil = await aPupil(t.ctx, school)
    await anEpisode(t.ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
    await aPlan(t.ctx.db, pupil.id, { status: 'draft' })
    const page = await browser.get(`/pupils/${pupil.id}/funding/spends/new`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('There is no approved PEP or support plan with targets yet')
    expect(page.body).not.toContain('Save spending')
  })
})
