/** How the report's figures read on the page: a withheld one says why, an empty one says so. */
import { formatPence } from '../../../domain/funding/money.js'
import type { Measure } from '../../../domain/reports/suppression.js'

export type Shown = { text: string; value: number | null; withheld: boolean }

/**
 * A figure as text, and as a number for a chart bar (null: no bar). A withheld one reads as the note
 * itself, "fewer than 3 pupils" (PD-11); a group with nobody in it, "no pupils".
 */
export function shown(m: Measure | null, format: (n: number) => string = String): Shown {
  if (m === null) return { text: 'no pupils', value: null, withheld: false }
  if (typeof m === 'number') return { text: format(m), value: m, withheld: false }
  return { text: m.withheld, value: null, withheld: true }
}

export const percent = (n: number) => `${n.toFixed(1)}%`
export const days = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))
export const money = (pence: number) => formatPence(pence)
export const yesNo = (b: boolean) => (b ? 'Yes' : 'No')

export const schoolYearLabel = (year: number) => `${year} to ${year + 1}`
