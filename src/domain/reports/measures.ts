/**
 * Measures over a number of pupils, shown or withheld (DOMAIN.md PD-11), and percentages to one decimal
 * place in integer arithmetic (as attendance statistics are: ATT-7).
 */
import { percentToOneDecimal } from '../attendance/statistics.js'
import { suppress, type Measure } from './suppression.js'

/**
 * A value computed over `pupils` pupils: null when there are none (there is nothing to withhold), or no
 * value can be computed (a percentage of nothing); withheld under the threshold; else the value.
 */
export function measureOver(value: number | null, pupils: number, threshold: number): Measure | null {
  if (pupils === 0 || value === null) return null
  return suppress(value, pupils, threshold)
}

/** `part` of `whole` as a percentage to one decimal place; null when `whole` is 0. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : percentToOneDecimal(part, whole)
}

/** True when a measure over `pupils` is withheld: some pupils, but fewer than the threshold. */
export function withheldOver(pupils: number, threshold: number): boolean {
  return pupils > 0 && pupils < threshold
}
