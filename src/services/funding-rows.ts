/**
 * From the funding tables to the plain rows the PP+ rules take (src/domain/funding), and the PEPs and
 * support plans money may be released or spent against. No I/O: the callers read the rows.
 */
import { financialYearOf, todayInLondon, type IsoDate } from '../domain/calendar/dates.js'
import type { PupilStatus } from '../domain/cohort/status.js'
import type { SpendCategory } from '../domain/funding/categories.js'
import type { PlanForFunding } from '../domain/funding/checks.js'
import { financialYearBounds } from '../domain/funding/financial-year.js'
import type { FundingRows } from '../domain/funding/ledger.js'
import type { FundingProblem } from '../domain/funding/outcome.js'
import { fundingSourcesFor, type FundingSource } from '../domain/funding/sources.js'
import type { PlanWithTargets, PupilFundingRows } from '../data/repositories/funding.repository.js'
import type { FieldError } from './errors.js'
import { RuleBrokenError } from './errors.js'

/** PD-9: the amounts an API or form may carry; anything larger is a typing mistake (and would overflow). */
export const MAX_AMOUNT_PENCE = 100_000_000

// PP+ began in 2014-15 (rates.ts); a year after next has no rate and no PEP to spend against yet.
const FIRST_FINANCIAL_YEAR = 2014

/**
 * A refusal from the funding rules. `overridable` when the only problem is going beyond the money
 * allocated or released (and perhaps a missing reason): the form then offers the override.
 */
export class FundingRefusedError extends RuleBrokenError {
  constructor(
    errors: FieldError[],
    readonly overridable: boolean,
  ) {
    super(errors, overridable ? 'This goes beyond the money available' : undefined)
  }
}

export function refusal(problems: readonly FundingProblem[], extra: FieldError[] = []): FundingRefusedError {
  const overridable =
    extra.length === 0 &&
    problems.some((p) => p.overridable) &&
    problems.every((p) => p.overridable || p.code === 'override_reason_missing')
  return new FundingRefusedError(
    [...problems.map((p) => ({ path: p.path, message: p.message })), ...extra],
    overridable,
  )
}

export function financialYearProblems(financialYear: number, todayIso: IsoDate): FieldError[] {
  const last = financialYearOf(todayIso) + 1
  if (Number.isInteger(financialYear) && financialYear >= FIRST_FINANCIAL_YEAR && financialYear <= last)
    return []
  return [
    {
      path: 'financialYear',
      message: `Choose a financial year from ${FIRST_FINANCIAL_YEAR} to ${last}, written as the year it starts, like ${last - 1}`,
    },
  ]
}

export function amountTooLarge(amountPence: number): FieldError[] {
  return amountPence > MAX_AMOUNT_PENCE
    ? [{ path: 'amountPence', message: 'Enter an amount up to £1,000,000' }]
    : []
}

/** The day that decides who may get money for a year: today, or the year's last day when it is past. */
export function statusDayFor(financialYear: number, todayIso: IsoDate): IsoDate {
  const { end } = financialYearBounds(financialYear)
  return end < todayIso ? end : todayIso
}

/** The pupil's rows as the rules take them; an allocation is dated the day it was recorded. */
export function domainRows(pupilId: string, rows: PupilFundingRows): FundingRows {
  return {
    allocations: rows.allocations.map((a) => ({
      pupilId,
      financialYear: a.financialYear,
      source: a.source,
      date: todayInLondon(a.createdAt),
      amountPence: a.amountPence,
    })),
    releases: rows.releases.map((r) => ({
      pupilId,
      financialYear: r.financialYear,
      source: r.source,
      date: r.releasedOn,
      amountPence: r.amountPence,
      pepId: r.pepId,
      targetId: r.targetId,
    })),
    spends: rows.spends.map((s) => ({
      pupilId,
      financialYear: s.financialYear,
      source: s.source,
      date: s.spentOn,
      amountPence: s.amountPence,
      description: s.description,
      category: s.category as SpendCategory,
      targetId: s.targetId,
      impact: s.impact,
    })),
  }
}

/** An approved plan: a PEP the Virtual School approved, or a support plan the school finalised. */
export function isApproved(plan: Pick<PlanWithTargets, 'status'>): boolean {
  return plan.status === 'approved'
}

/** The day a plan was approved, in England. A PLA support plan without VS review is approved on submission. */
export function approvedOn(plan: PlanWithTargets): IsoDate | null {
  if (!isApproved(plan)) return null
  const at = plan.approvedAt ?? plan.submittedAt
  return at ? todayInLondon(at) : plan.meetingDate
}

/**
 * The plans the rules weigh: every PEP (a release against an unapproved one is refused with a reason),
 * and support plans only once approved (issue 4 item 5: spend against an approved support plan).
 */
export function plansForFunding(pupilId: string, plans: readonly PlanWithTargets[]): PlanForFunding[] {
  return plans
    .filter((p) => p.kind === 'pep' || isApproved(p))
    .map((p) => ({
      id: p.id,
      pupilId,
      kind: p.kind === 'pep' ? 'pep' : 'support_plan',
      approvedOn: approvedOn(p),
      targetIds: p.targets.map((t) => t.id),
    }))
}

export function planOfTarget(plans: readonly PlanWithTargets[], targetId: string | null) {
  return targetId ? plans.find((p) => p.targets.some((t) => t.id === targetId)) : undefined
}

/**
 * Which money a spend against `targetId` comes from: a PEP target spends CLA PP+; a support plan
 * target spends PLA PP+, or the school's pupil premium when that is what the child has this year.
 */
export function spendSourceFor(
  plans: readonly PlanWithTargets[],
  targetId: string | null,
  rows: FundingRows,
  financialYear: number,
  status: PupilStatus,
): FundingSource {
  const plan = planOfTarget(plans, targetId)
  const has = (source: FundingSource) =>
    rows.allocations.some((a) => a.financialYear === financialYear && a.source === source)
  if (plan?.kind === 'pep') return 'pp_plus_cla'
  if (plan?.kind === 'pla_support_plan')
    return has('pupil_premium') && !has('pp_plus_pla') ? 'pupil_premium' : 'pp_plus_pla'
  return fundingSourcesFor(status)[0] ?? 'pp_plus_cla'
}
