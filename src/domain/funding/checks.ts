/**
 * Rules for recording an allocation, a release or a spend item (DOMAIN.md PD-4, PD-9, PP-5, PEP-12,
 * POL-25). Each check answers ok, allowed with override, or refused with reasons; it never changes the
 * rows it is given.
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import type { PupilStatus } from '../cohort/status.js'
import { isSpendCategory, type SpendCategory } from './categories.js'
import { financialYearBounds, financialYearLabel, isInFinancialYear } from './financial-year.js'
import {
  accountLedger,
  type Allocation,
  type FundingAccount,
  type FundingRows,
  type Release,
  type Spend,
} from './ledger.js'
import { formatPence, isWholePence } from './money.js'
import { outcome, problem, type FundingCheck, type FundingProblem, type Override } from './outcome.js'
import {
  FUNDING_SOURCE_LABELS,
  fundingSourcesFor,
  needsRelease,
  planKindFor,
  type FundingSourceOptions,
  type PlanKind,
} from './sources.js'

/** What the checks need to know of a PEP or support plan. `approvedOn` is null until the VS approves it. */
export type PlanForFunding = {
  id: string
  pupilId: string
  kind: PlanKind
  approvedOn: IsoDate | null
  targetIds: ReadonlyArray<string>
}

export type AllocationRequest = FundingAccount & { date: string; amountPence: number }
export type ReleaseRequest = FundingAccount & {
  date: string
  amountPence: number
  pepId: string | null
  targetId: string | null
}
export type SpendRequest = FundingAccount & {
  date: string
  amountPence: number
  description: string
  category: string
  targetId: string | null
  impact?: string | null
}

function amountProblems(amountPence: number): FundingProblem[] {
  if (!isWholePence(amountPence)) {
    return [
      problem('amount_not_whole_pence', 'amountPence', 'Enter an amount in pounds and pence, like £125.50'),
    ]
  }
  if (amountPence <= 0) return [problem('amount_not_positive', 'amountPence', 'Enter an amount more than £0')]
  return []
}

function isPositivePence(amountPence: number): boolean {
  return isWholePence(amountPence) && amountPence > 0
}

function dateProblems(date: string, today: IsoDate, financialYear: number | null): FundingProblem[] {
  if (!isIsoDate(date)) return [problem('date_invalid', 'date', 'Enter a real date')]
  if (date > today) return [problem('date_in_future', 'date', 'The date must be today or in the past')]
  if (financialYear !== null && !isInFinancialYear(date, financialYear)) {
    const { start, end } = financialYearBounds(financialYear)
    return [
      problem(
        'date_outside_financial_year',
        'date',
        `The date must be in the ${financialYearLabel(financialYear)} financial year, from ${formatDate(start)} to ${formatDate(end)}`,
      ),
    ]
  }
  return []
}

function targetMissing(kind: PlanKind): FundingProblem {
  const plan = kind === 'pep' ? 'PEP' : 'support plan'
  return problem('target_missing', 'targetId', `Choose the ${plan} target this money is for`)
}

/** PD-4: a child looked after only for short breaks gets no CLA PP+ unless the Virtual School funds them. */
export function checkAllocation(input: {
  allocation: AllocationRequest
  status: Pick<PupilStatus, 'cla' | 'pla' | 'shortBreaksOnly' | 'cswCurrent' | 'cswEver6'>
  options?: FundingSourceOptions
  today: IsoDate
}): FundingCheck<Allocation> {
  const { allocation: a, status, today } = input
  const problems = [...amountProblems(a.amountPence), ...dateProblems(a.date, today, null)]
  if (!fundingSourcesFor(status, input.options).includes(a.source)) {
    const message =
      a.source === 'pp_plus_cla' && status.cla && status.shortBreaksOnly
        ? 'This child is looked after only for short breaks, so gets no pupil premium plus'
        : `This child cannot get ${FUNDING_SOURCE_LABELS[a.source].toLowerCase()}`
    problems.push(problem('not_eligible', 'source', message))
  }
  return outcome(problems, null, () => ({
    pupilId: a.pupilId,
    financialYear: a.financialYear,
    source: a.source,
    date: a.date,
    amountPence: a.amountPence,
  }))
}

/** PEP-12: PP+ is "given to schools once the PEP has been moderated": an approved PEP, and its target. */
function pepAndTargetProblems(r: ReleaseRequest, plans: ReadonlyArray<PlanForFunding>): FundingProblem[] {
  const problems: FundingProblem[] = []
  const pep = plans.find((p) => p.id === r.pepId && p.pupilId === r.pupilId && p.kind === 'pep')
  if (!r.pepId) {
    problems.push(problem('pep_missing', 'pepId', 'Choose the PEP this money is released against'))
  } else if (!pep) {
    problems.push(problem('pep_not_found', 'pepId', 'Choose one of this child’s PEPs'))
  } else if (pep.approvedOn === null) {
    const message = 'The Virtual School must approve the PEP before releasing money against it'
    problems.push(problem('pep_not_approved', 'pepId', message))
  } else if (isIsoDate(r.date) && r.date < pep.approvedOn) {
    const message = `The date must be on or after ${formatDate(pep.approvedOn)}, when the PEP was approved`
    problems.push(problem('released_before_approval', 'date', message))
  }
  if (!r.targetId) problems.push(targetMissing('pep'))
  else if (pep && !pep.targetIds.includes(r.targetId)) {
    problems.push(problem('target_not_in_plan', 'targetId', 'Choose a target from this PEP'))
  }
  return problems
}

/**
 * PP-5, PEP-12, POL-25: the Virtual School releases CLA PP+ to the school against a target of an approved
 * PEP, on or after the approval, within the allocation unless overridden.
 */
export function checkRelease(input: {
  rows: FundingRows
  release: ReleaseRequest
  plans: ReadonlyArray<PlanForFunding>
  today: IsoDate
  override?: Override | null
}): FundingCheck<Release> {
  const { release: r, today } = input
  const year = financialYearLabel(r.financialYear)
  const problems = [...amountProblems(r.amountPence), ...dateProblems(r.date, today, r.financialYear)]
  if (!needsRelease(r.source)) {
    problems.push(
      problem(
        'release_not_needed',
        'source',
        'The school already holds this money, so there is nothing to release',
      ),
    )
  }

  problems.push(...pepAndTargetProblems(r, input.plans))

  if (needsRelease(r.source) && isPositivePence(r.amountPence)) {
    const totals = accountLedger(input.rows, r)
    const after = totals.released + r.amountPence
    if (after > totals.allocated) {
      const message =
        totals.allocated === 0
          ? `No pupil premium plus has been allocated to this child for ${year}`
          : `This would release ${formatPence(after)} in total, more than the ${formatPence(totals.allocated)} allocated for ${year}`
      problems.push(problem('beyond_allocation', 'amountPence', message))
    }
  }

  return outcome(problems, input.override, () => ({
    pupilId: r.pupilId,
    financialYear: r.financialYear,
    source: r.source,
    date: r.date,
    amountPence: r.amountPence,
    pepId: r.pepId!,
    targetId: r.targetId!,
  }))
}

/**
 * PD-9: a spend item links to a target (CLA: of an approved PEP; PLA and PP: of the support plan) and
 * stays within the money the school holds (CLA: released; PLA and PP: allocated) unless overridden.
 */
export function checkSpend(input: {
  rows: FundingRows
  spend: SpendRequest
  plans: ReadonlyArray<PlanForFunding>
  today: IsoDate
  override?: Override | null
}): FundingCheck<Spend> {
  const { spend: s, today } = input
  const year = financialYearLabel(s.financialYear)
  const kind = planKindFor(s.source)
  const problems = [...amountProblems(s.amountPence), ...dateProblems(s.date, today, s.financialYear)]
  const description = s.description.trim()
  if (description === '') {
    problems.push(problem('description_missing', 'description', 'Enter what the money was spent on'))
  }
  const { category, targetId } = s
  if (!isSpendCategory(category)) {
    problems.push(problem('category_invalid', 'category', 'Choose what kind of spending this is'))
  }

  // CLA: only targets the Virtual School has approved (PEP-12: PP+ once the PEP has been moderated).
  const plans = input.plans.filter(
    (p) => p.pupilId === s.pupilId && p.kind === kind && (kind === 'support_plan' || p.approvedOn !== null),
  )
  if (!targetId) problems.push(targetMissing(kind))
  else if (!plans.some((p) => p.targetIds.includes(targetId))) {
    const message =
      kind === 'pep'
        ? 'Choose a target from one of this child’s approved PEPs'
        : 'Choose a target from this child’s support plan'
    problems.push(problem('target_not_in_plan', 'targetId', message))
  }

  if (isPositivePence(s.amountPence)) {
    const totals = accountLedger(input.rows, s)
    const after = totals.spent + s.amountPence
    if (after > totals.released) {
      problems.push(beyondHeld(needsRelease(s.source), totals.released, after, year))
    }
  }

  return outcome(problems, input.override, () => ({
    pupilId: s.pupilId,
    financialYear: s.financialYear,
    source: s.source,
    date: s.date,
    amountPence: s.amountPence,
    description,
    category: category as SpendCategory,
    targetId: targetId!,
    impact: s.impact?.trim() || null,
  }))
}

function beyondHeld(released: boolean, held: number, after: number, year: string): FundingProblem {
  if (released) {
    const message =
      held === 0
        ? `The Virtual School has not released any pupil premium plus for this child for ${year}`
        : `This would bring spending to ${formatPence(after)}, more than the ${formatPence(held)} released to the school for ${year}`
    return problem('beyond_released', 'amountPence', message)
  }
  const message =
    held === 0
      ? `No money has been allocated to this child for ${year}`
      : `This would bring spending to ${formatPence(after)}, more than the ${formatPence(held)} allocated for ${year}`
  return problem('beyond_allocation', 'amountPence', message)
}
