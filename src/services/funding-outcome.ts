/**
 * From the funding rules' answer (src/domain/funding/outcome.ts) to what a service does: record it,
 * record it with the override's reason, or refuse with every problem at its field. No I/O.
 */
import { financialYearLabel } from '../domain/funding/financial-year.js'
import { problem, type FundingCheck, type FundingProblem } from '../domain/funding/outcome.js'
import { RuleBrokenError, type FieldError } from './errors.js'
import { FundingRefusedError, refusal } from './funding-rows.js'

/** An override only when a reason was given, even an empty one (the rules then ask for a real one). */
export const overrideOf = (reason: string | null | undefined) =>
  reason === undefined || reason === null ? null : { reason }

/** Free text as stored: trimmed, and null when empty. */
export const tidy = (text: string | null | undefined) => text?.trim() || null

/** Throws unless the rules allow it; returns the override's reason when one was needed. */
export function settle<T>(
  check: FundingCheck<T>,
  extra: FieldError[],
  noAllocation: FieldError | null,
): { value: T; overrideReason: string | null; overridden: FundingProblem[] } {
  if (check.kind === 'refused') {
    // Money cannot go beyond an allocation that was never recorded: there is nothing to record it against.
    if (noAllocation && check.problems.some((p) => p.overridable))
      throw refusal(
        check.problems.filter((p) => !p.overridable && p.code !== 'override_reason_missing'),
        [...extra, noAllocation],
      )
    throw refusal(check.problems, extra)
  }
  if (extra.length) throw new RuleBrokenError(extra)
  if (check.kind === 'ok') return { value: check.value, overrideReason: null, overridden: [] }
  if (noAllocation) throw new FundingRefusedError([noAllocation], false)
  return { value: check.value, overrideReason: check.overrideReason, overridden: check.overridden }
}

/**
 * When the caller named only a target, the PEP is the target's: a target that is in none of the child's
 * PEPs is a wrong target, said at `targetId`, not a missing PEP.
 */
export function targetFirst<T>(derivedPep: boolean, check: FundingCheck<T>): FundingCheck<T> {
  if (!derivedPep || check.kind !== 'refused') return check
  const problems = check.problems.flatMap((p) => {
    if (p.code !== 'pep_missing') return [p]
    if (check.problems.some((q) => q.code === 'target_missing')) return []
    return [problem('target_not_in_plan', 'targetId', 'Choose a target from one of this child’s PEPs')]
  })
  return { kind: 'refused', problems }
}

/** Nothing allocated for the year: no override can help, as there is nothing to record against. */
export function noAllocationError(allocations: readonly unknown[], financialYear: number, doing: string) {
  return allocations.length
    ? null
    : {
        path: 'amountPence',
        message: `Record an allocation for ${financialYearLabel(financialYear)} before ${doing}`,
      }
}
