import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  auditEvents,
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  ppPlusRates,
} from '../data/schema/index.js'
import { aClaEpisode, aPupil, aSchool, aUser, anEpisode } from '../test-support/builders.js'
import { aPlan } from '../test-support/funding.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import {
  fundingSummaryForGovernors,
  ppPlusBalances,
  pupilLedger,
  schoolLedger,
} from './funding-ledger.service.js'
import { getRate, listRates, setRate } from './funding-rates.service.js'
import { FundingRefusedError } from './funding-rows.js'
import { addImpact } from './funding-impact.service.js'
import { recordAllocation, recordSpend, releaseFunding } from './funding.service.js'

// FIXED_TODAY is 23 November 2026: the 2026-27 financial year (2026), for which no PP+ rate is seeded.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aLookedAfterChild(laCode = '919') {
  const school = await aSchool(ctx)
  const pupil = await aPupil(ctx, school)
  await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: laCode }))
  const dt = await aUser(ctx, 'designated_teacher', school)
  const adviser = await aUser(ctx, 'vs_adviser', null, { laCode })
  return { school, pupil, dt, adviser }
}

async function aPreviouslyLookedAfterChild() {
  const school = await aSchool(ctx)
  const pupil = await aPupil(ctx, school)
  await anEpisode(ctx, pupil.id, { type: 'PLA', startDate: '2023-03-01', route: 'adoption' })
  const dt = await aUser(ctx, 'designated_teacher', school)
  return { school, pupil, dt }
}

const auditOf = async (pupilId: string) =>
  (
    await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.pupilId, pupilId))
      .orderBy(auditEvents.seq)
  )
    .filter((e) => e.action.startsWith('funding.'))
    .map((e) => ({ action: e.action, details: e.details }))

const countRows = async (pupilId: string) => ({
  allocations: (
    await database.db.select().from(fundingAllocations).where(eq(fundingAllocations.pupilId, pupilId))
  ).length,
  releases: (await database.db.select().from(fundingReleases).where(eq(fundingReleases.pupilId, pupilId)))
    .length,
  spends: (await database.db.select().from(fundingSpends).where(eq(fundingSpends.pupilId, pupilId))).length,
})

/** A looked-after child with £2,630 allocated for 2026-27 and an approved PEP with two targets. */
async function aFundedChild() {
  const child = await aLookedAfterChild()
  await recordAllocation(ctx, child.adviser.actor, child.pupil.id, {
    financialYear: 2026,
    amountPence: 263_000,
  })
  const { pep, targets } = await aPlan(database.db, child.pupil.id, {
    targets: [
      { description: 'Maths tuition to close the gap', requestedPence: 120_000 },
      { description: 'Join a drama club', requestedPence: 30_000 },
    ],
  })
  return { ...child, pep, targets }
}

describe('recordAllocation', () => {
  it('records the Virtual School’s allocation for a looked-after child, with its LA, and audits it', async () => {
    const { pupil, adviser, school } = await aLookedAfterChild()
    const row = await recordAllocation(ctx, adviser.actor, pupil.id, {
      financialYear: 2026,
      amountPence: 263_000,
      note: 'Full-year PP+',
    })
    expect(row).toMatchObject({
      source: 'pp_plus_cla',
      laCode: '919',
      schoolId: school.id,
      amountPence: 263_000,
    })
    expect(await auditOf(pupil.id)).toEqual([
      {
        action: 'funding.allocated',
        details: { source: 'pp_plus_cla', financialYear: 2026, amountPence: 263_000 },
      },
    ])
  })

  it('lets the school allocate PLA PP+ and a CSW child’s pupil premium, each from the right source', async () => {
    const pla = await aPreviouslyLookedAfterChild()
    expect(
      (await recordAllocation(ctx, pla.dt.actor, pla.pupil.id, { financialYear: 2026, amountPence: 263_000 }))
        .source,
    ).toBe('pp_plus_pla')
    const school = await aSchool(ctx)
    const csw = await aPupil(ctx, school)
    await anEpisode(ctx, csw.id, { type: 'CIN', startDate: '2026-01-05' })
    const head = await aUser(ctx, 'headteacher', school)
    expect(
      (await recordAllocation(ctx, head.actor, csw.id, { financialYear: 2026, amountPence: 100_000 })).source,
    ).toBe('pupil_premium')
  })

  it('is forbidden to the school for a looked-after child’s PP+ (PP-5: the Virtual School holds it)', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    await expect(
      recordAllocation(ctx, dt.actor, pupil.id, { financialYear: 2026, amountPence: 263_000 }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    expect(await countRows(pupil.id)).toEqual({ allocations: 0, releases: 0, spends: 0 })
  })

  it('refuses an amount of nothing, a year out of range and short breaks only (PD-4), storing nothing', async () => {
    const { pupil, adviser } = await aLookedAfterChild()
    expect(
      await brokenPaths(
        recordAllocation(ctx, adviser.actor, pupil.id, { financialYear: 2026, amountPence: 0 }),
      ),
    ).toEqual(['amountPence'])
    expect(
      await brokenPaths(
        recordAllocation(ctx, adviser.actor, pupil.id, { financialYear: 2031, amountPence: 263_000 }),
      ),
    ).toEqual(['financialYear'])
    const school = await aSchool(ctx)
    const shortBreaks = await aPupil(ctx, school)
    await anEpisode(ctx, shortBreaks.id, aClaEpisode({ startDate: '2025-01-10', legalStatus: 'V3' }))
    expect(
      await brokenRules(
        recordAllocation(ctx, adviser.actor, shortBreaks.id, { financialYear: 2026, amountPence: 263_000 }),
      ),
    ).toEqual([
      {
        path: 'source',
        message: 'This child is looked after only for short breaks, so gets no pupil premium plus',
      },
    ])
    expect(await countRows(pupil.id)).toEqual({ allocations: 0, releases: 0, spends: 0 })
    expect(await countRows(shortBreaks.id)).toEqual({ allocations: 0, releases: 0, spends: 0 })
  })

  it('is 404 for a Virtual School of another LA, and forbidden to a SENCO', async () => {
    const { pupil, school } = await aLookedAfterChild()
    const otherLa = await aUser(ctx, 'vs_head', null, { laCode: '204' })
    await expect(
      recordAllocation(ctx, otherLa.actor, pupil.id, { financialYear: 2026, amountPence: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError)
    const senco = await aUser(ctx, 'senco', school)
    await expect(
      recordAllocation(ctx, senco.actor, pupil.id, { financialYear: 2026, amountPence: 1 }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('releaseFunding', () => {
  it('releases money against a target of an approved PEP, and audits it', async () => {
    const { pupil, adviser, pep, targets } = await aFundedChild()
    const row = await releaseFunding(ctx, adviser.actor, pupil.id, {
      targetId: targets[0]!.id,
      amountPence: 120_000,
    })
    expect(row).toMatchObject({
      pepId: pep.id,
      releasedOn: '2026-11-23',
      overrideReason: null,
      financialYear: 2026,
    })
    const actions = (await auditOf(pupil.id)).map((e) => e.action)
    expect(actions).toEqual(['funding.allocated', 'funding.released'])
  })

  it('refuses a release against a PEP the Virtual School has not approved, changing nothing', async () => {
    const { pupil, adviser } = await aFundedChild()
    const { targets } = await aPlan(database.db, pupil.id, { status: 'submitted', meetingDate: '2026-11-01' })
    const errors = await brokenRules(
      releaseFunding(ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 10_000 }),
    )
    expect(errors).toEqual([
      { path: 'pepId', message: 'The Virtual School must approve the PEP before releasing money against it' },
    ])
    expect((await countRows(pupil.id)).releases).toBe(0)
  })

  it('refuses a target of another child’s PEP', async () => {
    const { pupil, adviser } = await aFundedChild()
    const other = await aFundedChild()
    expect(
      await brokenPaths(
        releaseFunding(ctx, adviser.actor, pupil.id, { targetId: other.targets[0]!.id, amountPence: 10_000 }),
      ),
    ).toEqual(['targetId'])
    // Naming the other child's PEP too: that PEP is not this child's.
    expect(
      await brokenPaths(
        releaseFunding(ctx, adviser.actor, pupil.id, {
          targetId: other.targets[0]!.id,
          pepId: other.pep.id,
          amountPence: 10_000,
        }),
      ),
    ).toEqual(['pepId'])
    expect((await countRows(pupil.id)).releases).toBe(0)
  })

  it('refuses going beyond the allocation, then allows it with a reason and audits the override', async () => {
    const { pupil, adviser, targets } = await aFundedChild()
    const input = { targetId: targets[0]!.id, amountPence: 300_000 }
    const refused = await releaseFunding(ctx, adviser.actor, pupil.id, input).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(FundingRefusedError)
    expect((refused as FundingRefusedError).overridable).toBe(true)
    expect((refused as FundingRefusedError).errors).toEqual([
      {
        path: 'amountPence',
        message: 'This would release £3,000 in total, more than the £2,630 allocated for 2026-27',
      },
    ])
    expect((await countRows(pupil.id)).releases).toBe(0)

    // A blank reason is not a reason.
    expect(
      await brokenPaths(releaseFunding(ctx, adviser.actor, pupil.id, { ...input, overrideReason: '  ' })),
    ).toEqual(['amountPence', 'overrideReason'])

    const row = await releaseFunding(ctx, adviser.actor, pupil.id, {
      ...input,
      overrideReason: 'Top-up agreed at the PEP meeting',
    })
    expect(row.overrideReason).toBe('Top-up agreed at the PEP meeting')
    const events = await auditOf(pupil.id)
    expect(events.map((e) => e.action)).toEqual([
      'funding.allocated',
      'funding.released',
      'funding.override_used',
    ])
    expect(events[2]!.details).toEqual({
      reason: 'Top-up agreed at the PEP meeting',
      refused: ['beyond_allocation'],
    })
  })

  it('cannot go beyond an allocation that was never recorded, even with a reason', async () => {
    const { pupil, adviser } = await aLookedAfterChild()
    const { targets } = await aPlan(database.db, pupil.id)
    const refused = await releaseFunding(ctx, adviser.actor, pupil.id, {
      targetId: targets[0]!.id,
      amountPence: 10_000,
      overrideReason: 'Urgent',
    }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(FundingRefusedError)
    expect((refused as FundingRefusedError).overridable).toBe(false)
    expect((refused as FundingRefusedError).errors).toEqual([
      { path: 'amountPence', message: 'Record an allocation for 2026-27 before releasing money' },
    ])
    expect(await countRows(pupil.id)).toEqual({ allocations: 0, releases: 0, spends: 0 })
  })

  it('is forbidden to the designated teacher (PP-5: the Virtual School releases)', async () => {
    const { pupil, dt, targets } = await aFundedChild()
    await expect(
      releaseFunding(ctx, dt.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 1 }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('recordSpend', () => {
  const aSpend = (targetId: string, over: Partial<Parameters<typeof recordSpend>[3]> = {}) => ({
    targetId,
    spentOn: '2026-11-20',
    amountPence: 45_000,
    description: 'Ten sessions of maths tuition',
    category: 'tuition',
    impact: 'Confident with fractions',
    ...over,
  })

  it('records spending of released money against an approved PEP target, with category and impact', async () => {
    const { pupil, adviser, dt, targets } = await aFundedChild()
    await releaseFunding(ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 120_000 })
    const row = await recordSpend(ctx, dt.actor, pupil.id, aSpend(targets[0]!.id))
    expect(row).toMatchObject({
      source: 'pp_plus_cla',
      category: 'tuition',
      impact: 'Confident with fractions',
    })
    const spent = (await auditOf(pupil.id)).at(-1)!
    // Free text stays out of the audit trail.
    expect(spent).toEqual({
      action: 'funding.spent',
      details: {
        source: 'pp_plus_cla',
        financialYear: 2026,
        amountPence: 45_000,
        category: 'tuition',
        targetId: targets[0]!.id,
        overridden: false,
      },
    })
  })

  it('refuses spending beyond the money released, changing nothing; allows it with an override, audited', async () => {
    const { pupil, adviser, dt, targets } = await aFundedChild()
    await releaseFunding(ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 40_000 })
    const before = await countRows(pupil.id)
    const refused = await recordSpend(ctx, dt.actor, pupil.id, aSpend(targets[0]!.id)).catch(
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(FundingRefusedError)
    expect((refused as FundingRefusedError).overridable).toBe(true)
    expect((refused as FundingRefusedError).errors).toEqual([
      {
        path: 'amountPence',
        message: 'This would bring spending to £450, more than the £400 released to the school for 2026-27',
      },
    ])
    expect(await countRows(pupil.id)).toEqual(before)

    await recordSpend(
      ctx,
      dt.actor,
      pupil.id,
      aSpend(targets[0]!.id, { overrideReason: 'The Virtual School agreed by phone; release to follow' }),
    )
    const events = await auditOf(pupil.id)
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({ action: 'funding.spent' }),
      {
        action: 'funding.override_used',
        details: {
          reason: 'The Virtual School agreed by phone; release to follow',
          refused: ['beyond_released'],
        },
      },
    ])
    const ledger = await pupilLedger(ctx, dt.actor, pupil.id)
    expect(ledger.accounts[0]).toMatchObject({ released: 40_000, spent: 45_000, available: -5_000 })
  })

  it('refuses a target of a PEP that is not approved, and a missing description and category, all at once', async () => {
    const { pupil, adviser, dt, targets } = await aFundedChild()
    await releaseFunding(ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 100_000 })
    const draft = await aPlan(database.db, pupil.id, { status: 'draft', meetingDate: '2026-11-15' })
    expect(
      await brokenPaths(
        recordSpend(
          ctx,
          dt.actor,
          pupil.id,
          aSpend(draft.targets[0]!.id, { description: ' ', category: 'sweets' }),
        ),
      ),
    ).toEqual(['description', 'category', 'targetId'])
    expect((await countRows(pupil.id)).spends).toBe(0)
  })

  it('spends PLA PP+ against a support plan the school finalised, but not against a draft', async () => {
    const { pupil, dt } = await aPreviouslyLookedAfterChild()
    await recordAllocation(ctx, dt.actor, pupil.id, { financialYear: 2026, amountPence: 263_000 })
    // Without the parents' consent to VS review, a submitted support plan is approved at once.
    const plan = await aPlan(database.db, pupil.id, { kind: 'pla_support_plan', approvedAt: null })
    const draft = await aPlan(database.db, pupil.id, { kind: 'pla_support_plan', status: 'draft' })
    const row = await recordSpend(ctx, dt.actor, pupil.id, aSpend(plan.targets[0]!.id))
    expect(row.source).toBe('pp_plus_pla')
    expect(await brokenPaths(recordSpend(ctx, dt.actor, pupil.id, aSpend(draft.targets[0]!.id)))).toEqual([
      'targetId',
    ])
  })

  it('is forbidden to the Virtual School, and 404 for a school that is not the child’s', async () => {
    const { pupil, adviser, targets } = await aFundedChild()
    await expect(recordSpend(ctx, adviser.actor, pupil.id, aSpend(targets[0]!.id))).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    const otherDt = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(recordSpend(ctx, otherDt.actor, pupil.id, aSpend(targets[0]!.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('addImpact', () => {
  it('records the impact with the version read, and refuses a stale version (409) without a change', async () => {
    const { pupil, adviser, dt, targets } = await aFundedChild()
    await releaseFunding(ctx, adviser.actor, pupil.id, { targetId: targets[1]!.id, amountPence: 30_000 })
    const spend = await recordSpend(ctx, dt.actor, pupil.id, {
      targetId: targets[1]!.id,
      spentOn: '2026-10-01',
      amountPence: 30_000,
      description: 'Drama club, autumn term',
      category: 'trips_and_enrichment',
    })
    const updated = await addImpact(ctx, dt.actor, pupil.id, spend.id, {
      impact: 'Spoke in front of the class for the first time',
      version: spend.version,
    })
    expect(updated.version).toBe(spend.version + 1)
    await expect(
      addImpact(ctx, dt.actor, pupil.id, spend.id, { impact: 'Overwrites', version: spend.version }),
    ).rejects.toBeInstanceOf(ConflictError)
    const [row] = await database.db.select().from(fundingSpends).where(eq(fundingSpends.id, spend.id))
    expect(row!.impact).toBe('Spoke in front of the class for the first time')
    expect((await auditOf(pupil.id)).at(-1)!.action).toBe('funding.impact_recorded')
  })

  it('is 404 for a spend item of another pupil', async () => {
    const first = await aFundedChild()
    const second = await aFundedChild()
    await releaseFunding(ctx, second.adviser.actor, second.pupil.id, {
      targetId: second.targets[0]!.id,
      amountPence: 10_000,
    })
    const spend = await recordSpend(ctx, second.dt.actor, second.pupil.id, {
      targetId: second.targets[0]!.id,
      spentOn: '2026-11-01',
      amountPence: 10_000,
      description: 'Books',
      category: 'resources',
    })
    await expect(
      addImpact(ctx, first.dt.actor, first.pupil.id, spend.id, { impact: 'x', version: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('pupilLedger', () => {
  it('gives the year’s totals by target and category, with the rows, in one audited read', async () => {
    const { pupil, adviser, dt, targets } = await aFundedChild()
    await releaseFunding(ctx, adviser.actor, pupil.id, { targetId: targets[0]!.id, amountPence: 120_000 })
    await recordSpend(ctx, dt.actor, pupil.id, {
      targetId: targets[0]!.id,
      spentOn: '2026-11-02',
      amountPence: 50_050,
      description: 'Maths tutor',
      category: 'tuition',
    })
    const eventsBefore = (await auditOf(pupil.id)).length
    const ledger = await pupilLedger(ctx, dt.actor, pupil.id)
    expect((await auditOf(pupil.id)).slice(eventsBefore)).toEqual([
      { action: 'funding.viewed', details: { financialYear: 2026 } },
    ])
    expect(ledger).toMatchObject({ financialYear: 2026, yearLabel: '2026-27', rateText: 'rate not set' })
    expect(ledger.totals).toEqual({ allocated: 263_000, released: 120_000, spent: 50_050, available: 69_950 })
    const [account] = ledger.accounts
    expect(account).toMatchObject({ source: 'pp_plus_cla', unreleased: 143_000 })
    expect(account!.byTarget).toEqual([
      expect.objectContaining({
        description: 'Maths tuition to close the gap',
        requested: 120_000,
        released: 120_000,
        spent: 50_050,
      }),
      expect.objectContaining({ description: 'Join a drama club', requested: 30_000, released: 0, spent: 0 }),
    ])
    expect(account!.byCategory).toEqual([{ category: 'tuition', label: 'Tuition', spent: 50_050 }])
    expect(account!.spends.map((s) => s.description)).toEqual(['Maths tutor'])
  })

  it('shows the seeded rate for 2025-26 and nothing recorded for that year', async () => {
    const { pupil, dt } = await aFundedChild()
    const ledger = await pupilLedger(ctx, dt.actor, pupil.id, 2025)
    expect(ledger.rateText).toBe('£2,630')
    expect(ledger.totals).toEqual({ allocated: 0, released: 0, spent: 0, available: 0 })
    expect(ledger.years).toEqual([2026, 2025])
    expect((await pupilLedger(ctx, dt.actor, pupil.id, 2024)).years).toEqual([2026, 2025, 2024])
  })

  it('is 404 out of scope and forbidden to a member of staff', async () => {
    const { pupil, school } = await aFundedChild()
    const otherDt = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(pupilLedger(ctx, otherDt.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
    const staff = await aUser(ctx, 'staff', school)
    await expect(pupilLedger(ctx, staff.actor, pupil.id)).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('schoolLedger and ppPlusBalances', () => {
  it('totals a school’s year without naming anyone, and is 404 to the Virtual School', async () => {
    const school = await aSchool(ctx)
    const head = await aUser(ctx, 'headteacher', school)
    const adviser = await aUser(ctx, 'vs_adviser', null, { laCode: '919' })
    const ids: string[] = []
    for (const amount of [263_000, 100_000]) {
      const pupil = await aPupil(ctx, school, { givenName: 'Secretname' })
      await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
      await recordAllocation(ctx, adviser.actor, pupil.id, { financialYear: 2026, amountPence: amount })
      ids.push(pupil.id)
    }
    const { targets } = await aPlan(database.db, ids[0]!)
    await releaseFunding(ctx, adviser.actor, ids[0]!, { targetId: targets[0]!.id, amountPence: 50_000 })
    await recordSpend(ctx, head.actor, ids[0]!, {
      targetId: targets[0]!.id,
      spentOn: '2026-11-20',
      amountPence: 20_000,
      description: 'Secret description',
      category: 'mentoring',
    })

    const result = await schoolLedger(ctx, head.actor, school.urn)
    expect(result.summary.totals).toEqual({
      pupils: 2,
      allocated: 363_000,
      released: 50_000,
      spent: 20_000,
      available: 30_000,
      unreleased: 313_000,
    })
    expect(result.summary.byCategory.find((c) => c.category === 'mentoring')).toMatchObject({
      pupils: 1,
      spent: 20_000,
    })
    const json = JSON.stringify(result)
    expect(json).not.toContain('Secret')
    expect(json).not.toContain(ids[0])
    await expect(schoolLedger(ctx, adviser.actor, school.urn)).rejects.toBeInstanceOf(NotFoundError)

    // For governors (PD-11): money over fewer than 3 pupils is withheld; the count of pupils is not.
    const governors = await fundingSummaryForGovernors(database.db, school.id, {
      kind: 'financial_year',
      year: 2026,
    })
    expect(governors.totals).toMatchObject({ pupils: 2, allocated: { withheld: 'fewer than 3 pupils' } })
    expect(JSON.stringify(governors)).not.toContain('Secret')
    // A school year (August 2026 to July 2027) takes the rows dated in it, across financial years.
    const schoolYear = await fundingSummaryForGovernors(
      database.db,
      school.id,
      { kind: 'school_year', year: 2026 },
      1,
    )
    expect(schoolYear.totals).toMatchObject({ pupils: 2, allocated: 363_000, spent: 20_000 })

    const balances = await ppPlusBalances(database.db, [...ids, '00000000-0000-7000-8000-000000000000'], 2026)
    expect(balances.get(ids[0]!)).toEqual({
      allocated: 263_000,
      released: 50_000,
      spent: 20_000,
      available: 30_000,
    })
    expect(balances.get(ids[1]!)).toEqual({ allocated: 100_000, released: 0, spent: 0, available: 0 })
    expect(balances.get('00000000-0000-7000-8000-000000000000')).toEqual({
      allocated: 0,
      released: 0,
      spent: 0,
      available: 0,
    })
    expect((await ppPlusBalances(database.db, ids, 2025)).get(ids[0]!)!.allocated).toBe(0)
  })

  it('counts PLA PP+ the school holds as money it has, in balances', async () => {
    const { pupil, dt } = await aPreviouslyLookedAfterChild()
    await recordAllocation(ctx, dt.actor, pupil.id, { financialYear: 2026, amountPence: 263_000 })
    expect((await ppPlusBalances(database.db, [pupil.id], 2026)).get(pupil.id)).toEqual({
      allocated: 263_000,
      released: 263_000,
      spent: 0,
      available: 263_000,
    })
  })
})

describe('PP+ rates', () => {
  it('shows a year without a rate as "rate not set", lets an admin set it once, and audits it', async () => {
    const admin = await aUser(ctx, 'admin', null)
    const listed = await listRates(ctx, admin.actor)
    expect(listed.years.map((y) => [y.label, y.text])).toEqual([
      ['2027-28', 'rate not set'],
      ['2026-27', 'rate not set'],
      ['2025-26', '£2,630'],
      ['2024-25', '£2,570'],
    ])
    expect(listed.nextYearToSet).toBe(2026)
    const set = await setRate(ctx, admin.actor, {
      financialYear: 2026,
      pence: 270_000,
      source: 'DfE conditions of grant 2026-27',
    })
    expect(set.text).toBe('£2,700')
    expect((await getRate(ctx, admin.actor, 2026)).text).toBe('£2,700')
    expect(
      await brokenPaths(setRate(ctx, admin.actor, { financialYear: 2026, pence: 280_000, source: 'Again' })),
    ).toEqual(['financialYear'])
    expect(
      await brokenPaths(setRate(ctx, admin.actor, { financialYear: 2027, pence: 0, source: ' ' })),
    ).toEqual(['pence', 'source'])
    const [row] = await database.db.select().from(ppPlusRates).where(eq(ppPlusRates.financialYear, 2026))
    expect(row!.pence).toBe(270_000)
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'funding.rate_set'), eq(auditEvents.entityId, '2026')))
    expect(events).toHaveLength(1)
  })

  it('is forbidden to anyone but an administrator', async () => {
    const head = await aUser(ctx, 'headteacher', await aSchool(ctx))
    await expect(listRates(ctx, head.actor)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      setRate(ctx, head.actor, { financialYear: 2027, pence: 1, source: 'x' }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })
})
