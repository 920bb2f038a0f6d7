/** What the PP+ forms share: amounts typed in pounds, and the override offered after a refusal. */
import { parsePounds } from '../../../../domain/funding/money.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { FundingRefusedError } from '../../../../services/funding-rows.js'
import { text, type FormBody, type FormProblems } from '../../../forms.js'

/** The service's paths to the inputs that answer them. */
export const FUNDING_FIELD_IDS = {
  amountPence: 'amount',
  pepId: 'targetId',
  overrideReason: 'overrideReason',
}

/** Pounds as typed ("£1,250.50") in pence, or null with the error recorded at `amountPence`. */
export function readAmount(body: FormBody, problems: FormProblems, what: string): number | null {
  const typed = text(body, 'amount')
  if (typed === '') {
    problems.add('amountPence', `Enter how much was ${what}`)
    return null
  }
  const pence = parsePounds(typed)
  if (pence === null) problems.add('amountPence', 'Enter an amount in pounds and pence, like £125.50')
  return pence
}

export type OverrideValues = { offered: boolean; chosen: boolean; reason: string }

/** A new form: no override offered yet. */
export const NO_OVERRIDE: OverrideValues = { offered: false, chosen: false, reason: '' }

/**
 * The "beyond the allocation" choice. It is offered only once the rules have refused an amount as
 * beyond the money available (issue 4 item 5); then the form keeps offering it.
 */
export function readOverride(body: FormBody): OverrideValues {
  return {
    offered: text(body, 'overrideOffered') === 'yes',
    chosen: text(body, 'override') === 'yes',
    reason: text(body, 'overrideReason'),
  }
}

/** The reason to send: only when the override was offered and chosen (a blank one is refused). */
export function overrideReasonOf(values: OverrideValues): string | undefined {
  return values.offered && values.chosen ? values.reason : undefined
}

/** After a refusal: whether the form now offers the override. */
export function offerOverride(values: OverrideValues, error: unknown): OverrideValues {
  const overridable = error instanceof FundingRefusedError && error.overridable
  return { ...values, offered: values.offered || overridable }
}

/**
 * After the service refused: its errors go on the form, which now offers the override when that would
 * help. Anything but a rule's refusal is thrown on.
 */
export function afterRefusal<V extends { override: OverrideValues }>(
  problems: FormProblems,
  values: V,
  error: unknown,
): V {
  if (!(error instanceof RuleBrokenError)) throw error
  problems.addAll(error.errors)
  return { ...values, override: offerOverride(values.override, error) }
}
