/**
 * The answer to "may this be recorded?" for funding entries (DOMAIN.md PD-9; issue 4: "totals never
 * exceed allocations without an explicit, audited override"). Problems carry a form field `path`, so the
 * service can pass them on as `FieldError`s.
 */

export type FundingProblemCode =
  | 'amount_not_whole_pence'
  | 'amount_not_positive'
  | 'date_invalid'
  | 'date_in_future'
  | 'date_outside_financial_year'
  | 'not_eligible'
  | 'release_not_needed'
  | 'pep_missing'
  | 'pep_not_found'
  | 'pep_not_approved'
  | 'released_before_approval'
  | 'target_missing'
  | 'target_not_in_plan'
  | 'description_missing'
  | 'category_invalid'
  | 'beyond_allocation'
  | 'beyond_released'
  | 'override_reason_missing'

export type FundingProblem = {
  code: FundingProblemCode
  path: string
  message: string
  /** Only going beyond the money allocated or released can be overridden; nothing else ever can. */
  overridable: boolean
}

/** Someone with authority says "record it anyway"; the service audits the reason. */
export type Override = { reason: string }

export type FundingCheck<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'allowed_with_override'; value: T; overridden: FundingProblem[]; overrideReason: string }
  | { kind: 'refused'; problems: FundingProblem[] }

export function problem(code: FundingProblemCode, path: string, message: string): FundingProblem {
  return { code, path, message, overridable: code === 'beyond_allocation' || code === 'beyond_released' }
}

/**
 * No problems: ok. Only overridable problems and an override with a reason: allowed, with override.
 * Anything else: refused, with every problem so the form can show them all at once.
 */
export function outcome<T>(
  problems: FundingProblem[],
  override: Override | null | undefined,
  value: () => T,
): FundingCheck<T> {
  if (problems.length === 0) return { kind: 'ok', value: value() }
  if (!override || problems.some((p) => !p.overridable)) return { kind: 'refused', problems }
  const reason = override.reason.trim()
  if (reason === '') {
    return {
      kind: 'refused',
      problems: [
        ...problems,
        problem(
          'override_reason_missing',
          'overrideReason',
          'Enter why this is allowed beyond the money available',
        ),
      ],
    }
  }
  return { kind: 'allowed_with_override', value: value(), overridden: problems, overrideReason: reason }
}
