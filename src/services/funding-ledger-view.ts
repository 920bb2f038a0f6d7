/**
 * A pupil's PP+ and pupil premium ledger as readers see it (DOMAIN.md PD-9, PP-5, POL-25): each source
 * of money with its totals, its targets and its rows. No I/O: the ledger service reads the rows.
 */
import { todayInLondon, type IsoDate } from '../domain/calendar/dates.js'
import { SPEND_CATEGORIES, SPEND_CATEGORY_LABELS, type SpendCategory } from '../domain/funding/categories.js'
import { accountLedger, type FundingRows } from '../domain/funding/ledger.js'
import {
  FUNDING_SOURCE_LABELS,
  holderOf,
  planKindFor,
  type FundHolder,
  type FundingSource,
} from '../domain/funding/sources.js'
import type { PlanWithTargets, PupilFundingRows } from '../data/repositories/funding.repository.js'
import { approvedOn, isApproved } from './funding-rows.js'

export type Money = { allocated: number; released: number; spent: number; available: number }

export type TargetLine = {
  targetId: string
  pepId: string | null
  description: string
  requested: number
  released: number
  spent: number
}

export type AccountView = Money & {
  source: FundingSource
  label: string
  holder: FundHolder
  unreleased: number
  byCategory: Array<{ category: SpendCategory; label: string; spent: number }>
  byTarget: TargetLine[]
  allocations: Array<{ id: string; date: IsoDate; amountPence: number; note: string | null }>
  releases: Array<{
    id: string
    releasedOn: IsoDate
    amountPence: number
    targetId: string
    targetDescription: string
    overrideReason: string | null
  }>
  spends: Array<{
    id: string
    spentOn: IsoDate
    amountPence: number
    description: string
    category: SpendCategory
    categoryLabel: string
    targetId: string
    targetDescription: string
    impact: string | null
    overrideReason: string | null
    version: number
  }>
}

export type ApprovedPlan = {
  id: string
  kind: 'pep' | 'support_plan'
  meetingDate: IsoDate
  approvedOn: IsoDate
  targets: Array<{ id: string; description: string; requested: number }>
}

export function approvedPlansOf(plans: readonly PlanWithTargets[]): ApprovedPlan[] {
  return plans.filter(isApproved).map((p) => ({
    id: p.id,
    kind: p.kind === 'pep' ? 'pep' : 'support_plan',
    meetingDate: p.meetingDate,
    approvedOn: approvedOn(p)!,
    targets: p.targets.map((t) => ({
      id: t.id,
      description: t.description,
      requested: t.ppPlusRequestedPence,
    })),
  }))
}

/** One source of money for the pupil and year: totals, the targets of the latest approved plan, the rows. */
export function accountView(
  source: FundingSource,
  financialYear: number,
  pupilId: string,
  raw: PupilFundingRows,
  rows: FundingRows,
  plans: readonly PlanWithTargets[],
  approved: readonly ApprovedPlan[],
): AccountView {
  const inAccount = (r: { financialYear: number; source: FundingSource }) =>
    r.financialYear === financialYear && r.source === source
  const totals = accountLedger(rows, { pupilId, financialYear, source })
  const targets = new Map(plans.flatMap((p) => p.targets.map((t) => [t.id, t] as const)))
  const describe = (id: string) => targets.get(id)?.description ?? 'A target no longer in a plan'

  // Every target of the latest approved plan of the right kind, then any other target with money.
  const latest = approved.filter((p) => p.kind === planKindFor(source)).at(-1)
  const lineIds = [...(latest?.targets.map((t) => t.id) ?? []), ...totals.byTarget.map((t) => t.targetId)]
  const byTarget = [...new Set(lineIds)].map((targetId) => {
    const money = totals.byTarget.find((t) => t.targetId === targetId)
    return {
      targetId,
      pepId: targets.get(targetId)?.pepId ?? null,
      description: describe(targetId),
      requested: targets.get(targetId)?.ppPlusRequestedPence ?? 0,
      released: money?.released ?? 0,
      spent: money?.spent ?? 0,
    }
  })

  return {
    source,
    label: FUNDING_SOURCE_LABELS[source],
    holder: holderOf(source),
    allocated: totals.allocated,
    released: totals.released,
    spent: totals.spent,
    available: totals.available,
    unreleased: totals.unreleased,
    byCategory: SPEND_CATEGORIES.filter((c) => totals.byCategory[c] !== 0).map((category) => ({
      category,
      label: SPEND_CATEGORY_LABELS[category],
      spent: totals.byCategory[category],
    })),
    byTarget,
    allocations: raw.allocations.filter(inAccount).map((a) => ({
      id: a.id,
      date: todayInLondon(a.createdAt),
      amountPence: a.amountPence,
      note: a.note,
    })),
    releases: raw.releases.filter(inAccount).map((r) => ({
      id: r.id,
      releasedOn: r.releasedOn,
      amountPence: r.amountPence,
      targetId: r.targetId,
      targetDescription: describe(r.targetId),
      overrideReason: r.overrideReason,
    })),
    spends: raw.spends.filter(inAccount).map((s) => ({
      id: s.id,
      spentOn: s.spentOn,
      amountPence: s.amountPence,
      description: s.description,
      category: s.category as SpendCategory,
      categoryLabel: SPEND_CATEGORY_LABELS[s.category as SpendCategory] ?? s.category,
      targetId: s.targetId,
      targetDescription: describe(s.targetId),
      impact: s.impact,
      overrideReason: s.overrideReason,
      version: s.version,
    })),
  }
}

export const sumOf = (accounts: readonly Money[], key: keyof Money) =>
  accounts.reduce((n, a) => n + a[key], 0)
