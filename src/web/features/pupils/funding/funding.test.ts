import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAllocation, recordSpend, releaseFunding } from '../../../../services/funding.service.js'
import { buildTestApp, type TestApp, type TestBrowser } from '../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../test-support/builders.js'
import { aPlan } from '../../../../test-support/funding.js'
import { aBrowserSignedInAs, aLookedAfterChild } from '../peps/test-helpers.js'

// The 2026-27 financial year: no PP+ rate is seeded for it; 2025-26's is £2,630.
const NOW = new Date('2026-11-23T10:00:00Z')

describe('the pupil’s pupil premium plus page', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let dt: Awaited<ReturnType<typeof aUser>>
  let adviser: Awaited<ReturnType<typeof aUser>>
  let dtBrowser: TestBrowser
  let adviserBrowser: TestBrowser

  /** A looked-after child with an allocation, a release and a spend item whose text tries to be HTML. */
  async function aFundedChild() {
    const pupil = await aLookedAfterChild(t.ctx, school)
    const { targets } = await aPlan(t.ctx.db, pupil.id, {
      targets: [
        { description: 'Maths <script>alert(1)</script> tuition', requestedPence: 120_000 },
        { description: 'Join a drama club', requestedPence: 30_000 },
      ],
    })
    await recordAllocation(t.ctx, adviser.actor, pupil.id, { financialYear: 2026, amountPence: 263_000 })
    await releaseFunding(t.ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 120_000 })
    const spend = await recordSpend(t.ctx, dt.actor, pupil.id, {
      targetId: targets[0]!.id,
      spentOn: '2026-11-02',
      amountPence: 45_050,
      description: 'Tutor <b>sessions</b>',
      category: 'tuition',
      impact: 'Fractions "now easy" & <i>fun</i>',
    })
    return { pupil, targets, spend, url: `/pupils/${pupil.id}/funding` }
  }

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    school = await aSchool(t.ctx)
    dt = await aUser(t.ctx, 'designated_teacher', school)
    adviser = await aUser(t.ctx, 'vs_adviser', null, { laCode: '919' })
    dtBrowser = await aBrowserSignedInAs(t.app, dt.user.email)
    adviserBrowser = await aBrowserSignedInAs(t.app, adviser.user.email)
  })
  afterAll(async () => t?.close())

  it('is linked from the pupil’s page for those who may read it, and not for the DSL', async () => {
    const { pupil, url } = await aFundedChild()
    expect((await dtBrowser.get(`/pupils/${pupil.id}`)).body).toContain(`href="${url}"`)
    const dsl = await aBrowserSignedInAs(t.app, (await aUser(t.ctx, 'dsl', school)).user.email)
    expect((await dsl.get(`/pupils/${pupil.id}`)).body).not.toContain(`href="${url}"`)
    expect((await dsl.get(url)).statusCode).toBe(403)
  })

  it('shows the year’s ledger: allocated, released, spent, available, each target and each spend item', async () => {
    const { url } = await aFundedChild()
    const res = await dtBrowser.get(url)
    expect(res.statusCode).toBe(200)
    const body = res.body
    expect(body).toContain('Pupil premium plus (looked after)')
    expect(body).toContain('The pupil premium plus rate for 2026-27: rate not set.')
    const summary = body.slice(body.indexOf('govuk-summary-list'), body.indexOf('>Targets<'))
    expect(summary).toMatch(/Allocated\s*<\/dt>\s*<dd[^>]*>\s*£2,630/)
    expect(summary).toMatch(/Released to the school\s*<\/dt>\s*<dd[^>]*>\s*£1,200/)
    expect(summary).toMatch(/Still with the Virtual School\s*<\/dt>\s*<dd[^>]*>\s*£1,430/)
    expect(summary).toMatch(/Spent\s*<\/dt>\s*<dd[^>]*>\s*£450.50/)
    expect(summary).toMatch(/Available to spend\s*<\/dt>\s*<dd[^>]*>\s*£749.50/)
    const targets = body.slice(body.indexOf('>Targets<'), body.indexOf('>Spending<'))
    expect(targets).toMatch(
      /Maths &lt;script&gt;alert\(1\)&lt;\/script&gt; tuition<\/td>\s*<td[^>]*>£1,200<\/td>\s*<td[^>]*>£1,200<\/td>\s*<td[^>]*>£450.50<\/td>/,
    )
    expect(targets).toMatch(
      /Join a drama club<\/td>\s*<td[^>]*>£300<\/td>\s*<td[^>]*>£0<\/td>\s*<td[^>]*>£0<\/td>/,
    )
    // Free text is escaped, never markup.
    expect(body).not.toContain('<script>alert(1)</script>')
    expect(body).toContain('Tutor &lt;b&gt;sessions&lt;/b&gt;')
    expect(body).toContain('Fractions &quot;now easy&quot; &amp; &lt;i&gt;fun&lt;/i&gt;')
    expect(body).toContain('Tuition')
    expect(body).toContain('2 November 2026')
  })

  it('offers each role what it may do: the school spends, the Virtual School releases', async () => {
    const { url } = await aFundedChild()
    const forDt = (await dtBrowser.get(url)).body
    expect(forDt).toContain('Record spending')
    expect(forDt).toContain('Change impact')
    expect(forDt).not.toContain('Release money to the school')
    // A looked-after child's PP+ is the Virtual School's to allocate (PP-5).
    expect(forDt).not.toContain('Record an allocation')
    const forAdviser = (await adviserBrowser.get(url)).body
    expect(forAdviser).toContain('Release money to the school')
    expect(forAdviser).toContain('Record an allocation')
    expect(forAdviser).not.toContain('Record spending')
    expect(forAdviser).not.toContain('Change impact')
  })

  it('shows another year, with its rate, from the links, and nothing recorded there', async () => {
    const { url } = await aFundedChild()
    const page = await dtBrowser.get(url)
    expect(page.body).toContain(`href="${url}?financialYear=2025"`)
    const res = await dtBrowser.get(`${url}?financialYear=2025`)
    expect(res.body).toContain('The pupil premium plus rate for 2025-26: £2,630.')
    expect(res.body).toContain('No spending recorded for 2025-26.')
    // A year that is not one shows this year's.
    expect((await dtBrowser.get(`${url}?financialYear=nonsense`)).body).toContain('rate for 2026-27')
  })

  it('is not found for a school that is not the child’s', async () => {
    const { url } = await aFundedChild()
    const other = await aBrowserSignedInAs(
      t.app,
      (await aUser(t.ctx, 'designated_teacher', await aSchool(t.ctx))).user.email,
    )
    expect((await other.get(url)).statusCode).toBe(404)
  })

  describe('recording the impact of a spend item', () => {
    it('saves the impact and shows it on the ledger', async () => {
      const { url, spend } = await aFundedChild()
      const form = `${url}/spends/${spend.id}/impact`
      const page = await dtBrowser.get(form)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Tutor &lt;b&gt;sessions&lt;/b&gt;')
      expect(page.body).toContain('name="version" value="1"')
      const res = await dtBrowser.submit(form, form, { impact: 'Moved up a maths set', version: '1' })
      expect(res.statusCode).toBe(302)
      expect(res.headers.location).toBe(`${url}?financialYear=2026`)
      const ledger = await dtBrowser.get(`${url}?financialYear=2026`)
      expect(ledger.body).toContain('Moved up a maths set')
      expect(ledger.body).toContain('Change impact')
    })

    it('shows the conflict page for a stale version, keeping the other person’s impact', async () => {
      const { url, spend } = await aFundedChild()
      const form = `${url}/spends/${spend.id}/impact`
      expect((await dtBrowser.submit(form, form, { impact: 'First', version: '1' })).statusCode).toBe(302)
      const stale = await dtBrowser.submit(form, form, { impact: 'Second', version: '1' })
      expect(stale.statusCode).toBe(409)
      expect(stale.body).toContain('Someone else changed this record')
      expect((await dtBrowser.get(url)).body).toContain('First')
    })

    it('is not found for another child’s spend item, and forbidden to the Virtual School', async () => {
      const first = await aFundedChild()
      const second = await aFundedChild()
      expect((await dtBrowser.get(`${first.url}/spends/${second.spend.id}/impact`)).statusCode).toBe(404)
      expect((await adviserBrowser.get(`${first.url}/spends/${first.spend.id}/impact`)).statusCode).toBe(403)
    })
  })
})
