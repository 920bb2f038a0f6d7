/**
 * A pupil's PP+ or pupil premium ledger in pence (DOMAIN.md PD-9, PP-5, POL-25): what was allocated, what
 * the Virtual School released to the school, what was spent, and what is left.
 */
import type { IsoDate } from '../calendar/dates.js'
import { isSpendCategory, SPEND_CATEGORIES, type SpendCategory } from './categories.js'
import { sumPence } from './money.js'
import { needsRelease, type FundingSource } from './sources.js'

/** One pupil's money from one source for one financial year (2025 = 2025-26). */
export type FundingAccount = { pupilId: string; financialYear: number; source: FundingSource }

/** The Virtual School's (CLA) or the school's (PLA, PP) allocation; a top-up is another allocation. */
export type Allocation = FundingAccount & { date: IsoDate; amountPence: number }

/** CLA only: money released to the school against a target of an approved PEP (PEP-12, POL-25). */
export type Release = FundingAccount & { date: IsoDate; amountPence: number; pepId: string; targetId: string }

export type Spend = FundingAccount & {
  date: IsoDate
  amountPence: number
  description: string
  category: SpendCategory
  /** PD-9: a PEP target (CLA) or a support plan target (PLA, PP). */
  targetId: string
  impact?: string | null
}

export type FundingRows = {
  allocations: ReadonlyArray<Allocation>
  releases: ReadonlyArray<Release>
  spends: ReadonlyArray<Spend>
}

export type TargetTotals = { targetId: string; released: number; spent: number }

export type Ledger = {
  allocated: number
  /** Money the school holds: releases for CLA, the whole allocation for PLA and PP. */
  released: number
  spent: number
  /** Released and not yet spent; below 0 only after an overridden overspend. */
  available: number
  /** Still held by the Virtual School; below 0 only after an overridden over-release. */
  unreleased: number
  byCategory: Record<SpendCategory, number>
  /** Targets in the order they first appear in releases, then spends. */
  byTarget: TargetTotals[]
}

/**
 * Totals over the rows given: pass one account's rows for a pupil's ledger, or many pupils' rows for a
 * school's. Throws a RangeError on any amount that is not whole pence.
 */
export function ledger(
  allocations: FundingRows['allocations'],
  releases: FundingRows['releases'],
  spends: FundingRows['spends'],
): Ledger {
  const allocated = sumPence(
    allocations.map((a) => a.amountPence),
    'allocation',
  )
  const heldBySchool = sumPence(
    allocations.filter((a) => !needsRelease(a.source)).map((a) => a.amountPence),
    'allocation',
  )
  const released =
    heldBySchool +
    sumPence(
      releases.map((r) => r.amountPence),
      'release',
    )
  const spent = sumPence(
    spends.map((s) => s.amountPence),
    'spend',
  )

  const byCategory = Object.fromEntries(SPEND_CATEGORIES.map((c) => [c, 0])) as Record<SpendCategory, number>
  for (const s of spends) {
    if (!isSpendCategory(s.category)) throw new RangeError(`Unknown spend category ${String(s.category)}`)
    byCategory[s.category] += s.amountPence
  }

  const byTarget = new Map<string, TargetTotals>()
  const target = (targetId: string): TargetTotals => {
    let totals = byTarget.get(targetId)
    if (!totals) byTarget.set(targetId, (totals = { targetId, released: 0, spent: 0 }))
    return totals
  }
  for (const r of releases) target(r.targetId).released += r.amountPence
  for (const s of spends) target(s.targetId).spent += s.amountPence

  return {
    allocated,
    released,
    spent,
    available: released - spent,
    unreleased: allocated - released,
    byCategory,
    byTarget: [...byTarget.values()],
  }
}

export function sameAccount(a: FundingAccount, b: FundingAccount): boolean {
  return a.pupilId === b.pupilId && a.financialYear === b.financialYear && a.source === b.source
}

/** The rows of one account, from rows that may hold other pupils, years or sources. */
export function rowsOfAccount(rows: FundingRows, account: FundingAccount): FundingRows {
  return {
    allocations: rows.allocations.filter((a) => sameAccount(a, account)),
    releases: rows.releases.filter((r) => sameAccount(r, account)),
    spends: rows.spends.filter((s) => sameAccount(s, account)),
  }
}

/** One account's ledger. */
export function accountLedger(rows: FundingRows, account: FundingAccount): Ledger {
  const own = rowsOfAccount(rows, account)
  return ledger(own.allocations, own.releases, own.spends)
}
