/** Financial years (1 April-31 March), named by the calendar year they start in, as `financialYearOf`. */
import { financialYearOf, isIsoDate, type IsoDate } from '../calendar/dates.js'

export type FinancialYearLabel = `${number}-${string}`

/** 2025 → "2025-26", as the DfE writes PP rates (DOMAIN.md PD-9). */
export function financialYearLabel(financialYear: number): FinancialYearLabel {
  return `${financialYear}-${String((financialYear + 1) % 100).padStart(2, '0')}`
}

export function financialYearBounds(financialYear: number): { start: IsoDate; end: IsoDate } {
  const y = String(financialYear).padStart(4, '0')
  const next = String(financialYear + 1).padStart(4, '0')
  return { start: `${y}-04-01`, end: `${next}-03-31` }
}

/** True when `d` is a real date inside the financial year. */
export function isInFinancialYear(d: string, financialYear: number): boolean {
  return isIsoDate(d) && financialYearOf(d) === financialYear
}
