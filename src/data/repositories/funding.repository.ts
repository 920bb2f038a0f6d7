import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import {
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  pepTargets,
  peps,
  ppPlusRates,
  type FundingSource,
} from '../schema/index.js'

export type AllocationRow = typeof fundingAllocations.$inferSelect
export type ReleaseRow = typeof fundingReleases.$inferSelect
export type SpendRow = typeof fundingSpends.$inferSelect
export type RateRow = typeof ppPlusRates.$inferSelect

/** A release or spend with the account it belongs to, taken from its allocation. */
export type AccountOf = { financialYear: number; source: FundingSource }

export async function insertAllocation(
  tx: Executor,
  values: typeof fundingAllocations.$inferInsert,
): Promise<AllocationRow> {
  const [row] = await tx.insert(fundingAllocations).values(values).returning()
  return row!
}

export async function insertRelease(
  tx: Executor,
  values: typeof fundingReleases.$inferInsert,
): Promise<ReleaseRow> {
  const [row] = await tx.insert(fundingReleases).values(values).returning()
  return row!
}

export async function insertSpend(
  tx: Executor,
  values: typeof fundingSpends.$inferInsert,
): Promise<SpendRow> {
  const [row] = await tx.insert(fundingSpends).values(values).returning()
  return row!
}

/**
 * The allocations of one account, locked for the rest of the transaction: two releases or spends
 * against the same money queue behind each other, so together they cannot pass the allocation.
 */
export async function lockAccount(
  tx: Executor,
  pupilId: string,
  financialYear: number,
  source: FundingSource,
): Promise<AllocationRow[]> {
  return tx
    .select()
    .from(fundingAllocations)
    .where(
      and(
        eq(fundingAllocations.pupilId, pupilId),
        eq(fundingAllocations.financialYear, financialYear),
        eq(fundingAllocations.source, source),
      ),
    )
    .orderBy(asc(fundingAllocations.createdAt), asc(fundingAllocations.id))
    .for('update')
}

/** Every allocation, release and spend of a pupil, oldest first, each with its account. */
export async function fundingRowsOfPupil(tx: Executor, pupilId: string) {
  const account = { financialYear: fundingAllocations.financialYear, source: fundingAllocations.source }
  const allocations = await tx
    .select()
    .from(fundingAllocations)
    .where(eq(fundingAllocations.pupilId, pupilId))
    .orderBy(asc(fundingAllocations.createdAt), asc(fundingAllocations.id))
  const releases = await tx
    .select({ row: fundingReleases, ...account })
    .from(fundingReleases)
    .innerJoin(fundingAllocations, eq(fundingAllocations.id, fundingReleases.allocationId))
    .where(eq(fundingReleases.pupilId, pupilId))
    .orderBy(asc(fundingReleases.releasedOn), asc(fundingReleases.id))
  const spends = await tx
    .select({ row: fundingSpends, ...account })
    .from(fundingSpends)
    .innerJoin(fundingAllocations, eq(fundingAllocations.id, fundingSpends.allocationId))
    .where(eq(fundingSpends.pupilId, pupilId))
    .orderBy(asc(fundingSpends.spentOn), asc(fundingSpends.id))
  return {
    allocations,
    releases: releases.map((r) => ({ ...r.row, financialYear: r.financialYear, source: r.source })),
    spends: spends.map((s) => ({ ...s.row, financialYear: s.financialYear, source: s.source })),
  }
}

export type PupilFundingRows = Awaited<ReturnType<typeof fundingRowsOfPupil>>

/**
 * A school's rows for a financial year, as amounts only (no description, impact or reason): the
 * allocations made to the school and the releases and spends against them.
 */
export async function fundingAmountsOfSchool(tx: Executor, schoolId: string, financialYear: number) {
  const ofSchoolYear = and(
    eq(fundingAllocations.schoolId, schoolId),
    eq(fundingAllocations.financialYear, financialYear),
  )
  const account = { financialYear: fundingAllocations.financialYear, source: fundingAllocations.source }
  const allocations = await tx
    .select({
      pupilId: fundingAllocations.pupilId,
      createdAt: fundingAllocations.createdAt,
      amountPence: fundingAllocations.amountPence,
      ...account,
    })
    .from(fundingAllocations)
    .where(ofSchoolYear)
  const releases = await tx
    .select({
      pupilId: fundingReleases.pupilId,
      date: fundingReleases.releasedOn,
      amountPence: fundingReleases.amountPence,
      pepId: fundingReleases.pepId,
      targetId: fundingReleases.targetId,
      ...account,
    })
    .from(fundingReleases)
    .innerJoin(fundingAllocations, eq(fundingAllocations.id, fundingReleases.allocationId))
    .where(ofSchoolYear)
  const spends = await tx
    .select({
      pupilId: fundingSpends.pupilId,
      date: fundingSpends.spentOn,
      amountPence: fundingSpends.amountPence,
      category: fundingSpends.category,
      targetId: fundingSpends.targetId,
      ...account,
    })
    .from(fundingSpends)
    .innerJoin(fundingAllocations, eq(fundingAllocations.id, fundingSpends.allocationId))
    .where(ofSchoolYear)
  return { allocations, releases, spends }
}

export type FundingBalanceRow = {
  pupilId: string
  allocated: number
  heldBySchool: number
  released: number
  spent: number
}

/**
 * Totals per pupil for a financial year in one statement, however many pupils (a PEP dashboard of
 * 1,200): the ids go as one array parameter, not one parameter each.
 */
export async function fundingTotalsOfPupils(
  tx: Executor,
  pupilIds: readonly string[],
  financialYear: number,
): Promise<FundingBalanceRow[]> {
  if (pupilIds.length === 0) return []
  const ids = sql`${sql.param([...pupilIds])}::uuid[]`
  const result: unknown = await tx.execute(sql`
    select t.pupil_id as "pupilId",
           coalesce(sum(t.allocated), 0) as "allocated",
           coalesce(sum(t.held), 0) as "heldBySchool",
           coalesce(sum(t.released), 0) as "released",
           coalesce(sum(t.spent), 0) as "spent"
    from (
      select a.pupil_id, a.amount_pence as allocated,
             case when a.source = 'pp_plus_cla' then 0 else a.amount_pence end as held,
             0 as released, 0 as spent
        from funding_allocation a
       where a.pupil_id = any(${ids}) and a.financial_year = ${financialYear}
      union all
      select r.pupil_id, 0, 0, r.amount_pence, 0
        from funding_release r join funding_allocation a on a.id = r.allocation_id
       where r.pupil_id = any(${ids}) and a.financial_year = ${financialYear}
      union all
      select s.pupil_id, 0, 0, 0, s.amount_pence
        from funding_spend s join funding_allocation a on a.id = s.allocation_id
       where s.pupil_id = any(${ids}) and a.financial_year = ${financialYear}
    ) t
    group by t.pupil_id
  `)
  // Both drivers return `{ rows }` from execute.
  const { rows } = result as { rows: Array<Record<keyof FundingBalanceRow, string | number>> }
  return rows.map((r) => ({
    pupilId: String(r.pupilId),
    allocated: Number(r.allocated),
    heldBySchool: Number(r.heldBySchool),
    released: Number(r.released),
    spent: Number(r.spent),
  }))
}

export async function findSpendOfPupil(
  tx: Executor,
  pupilId: string,
  spendId: string,
): Promise<(SpendRow & AccountOf) | undefined> {
  const [found] = await tx
    .select({
      row: fundingSpends,
      financialYear: fundingAllocations.financialYear,
      source: fundingAllocations.source,
    })
    .from(fundingSpends)
    .innerJoin(fundingAllocations, eq(fundingAllocations.id, fundingSpends.allocationId))
    .where(and(eq(fundingSpends.id, spendId), eq(fundingSpends.pupilId, pupilId)))
  return found ? { ...found.row, financialYear: found.financialYear, source: found.source } : undefined
}

/** Optimistic concurrency (DESIGN.md "Data conventions"): only when the version is still the one read. */
export async function updateSpendImpactIfVersion(
  tx: Executor,
  spendId: string,
  expectedVersion: number,
  impact: string | null,
): Promise<SpendRow | undefined> {
  const [row] = await tx
    .update(fundingSpends)
    .set({ impact, version: sql`${fundingSpends.version} + 1` })
    .where(and(eq(fundingSpends.id, spendId), eq(fundingSpends.version, expectedVersion)))
    .returning()
  return row
}

/** The pupil's PEPs and support plans with their targets: what money can be released or spent against. */
export async function plansWithTargetsOf(tx: Executor, pupilId: string) {
  const plans = await tx
    .select({
      id: peps.id,
      kind: peps.kind,
      status: peps.status,
      meetingDate: peps.meetingDate,
      approvedAt: peps.approvedAt,
      submittedAt: peps.submittedAt,
    })
    .from(peps)
    .where(eq(peps.pupilId, pupilId))
    .orderBy(asc(peps.meetingDate), asc(peps.createdAt))
  const targets =
    plans.length === 0
      ? []
      : await tx
          .select({
            id: pepTargets.id,
            pepId: pepTargets.pepId,
            position: pepTargets.position,
            area: pepTargets.area,
            description: pepTargets.description,
            ppPlusRequestedPence: pepTargets.ppPlusRequestedPence,
          })
          .from(pepTargets)
          .where(
            and(
              eq(pepTargets.pupilId, pupilId),
              inArray(
                pepTargets.pepId,
                plans.map((p) => p.id),
              ),
            ),
          )
          .orderBy(asc(pepTargets.position), asc(pepTargets.id))
  return plans.map((p) => ({ ...p, targets: targets.filter((t) => t.pepId === p.id) }))
}

export type PlanWithTargets = Awaited<ReturnType<typeof plansWithTargetsOf>>[number]

export async function listRates(tx: Executor): Promise<RateRow[]> {
  return tx.select().from(ppPlusRates).orderBy(asc(ppPlusRates.financialYear))
}

/** Inserts a year's rate; false when the year already has one (a rate is never overwritten, PD-9). */
export async function insertRate(tx: Executor, values: typeof ppPlusRates.$inferInsert): Promise<boolean> {
  const rows = await tx.insert(ppPlusRates).values(values).onConflictDoNothing().returning()
  return rows.length === 1
}
