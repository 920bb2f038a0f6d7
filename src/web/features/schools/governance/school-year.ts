import { FIRST_GOVERNANCE_YEAR } from '../../../../services/governance.service.js'

export const schoolYearLabel = (year: number) => `${year} to ${year + 1}`

/** How many school years, next year first, the year picker offers. */
const YEARS_OFFERED = 7

/**
 * The school year asked for in the address (`?schoolYear=2026`), or the current one when it is missing
 * or not one the register offers (from 2000 to next year: appointments are made ahead).
 */
export function askedSchoolYear(query: unknown, currentYear: number): number {
  const raw = (query as Record<string, unknown> | undefined)?.schoolYear
  const year = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN
  return year >= FIRST_GOVERNANCE_YEAR && year <= currentYear + 1 ? year : currentYear
}

/** The items of the year picker, the year shown selected (an earlier one is added to the list). */
export function yearItems(shown: number, currentYear: number) {
  const offered = Array.from({ length: YEARS_OFFERED }, (_, i) => currentYear + 1 - i)
  const years = [...new Set([...offered, shown])]
    .filter((y) => y >= FIRST_GOVERNANCE_YEAR)
    .sort((a, b) => b - a)
  return years.map((y) => ({ value: y, text: schoolYearLabel(y), selected: y === shown }))
}

/** The tabs between the two governance pages of a school. */
export function governanceTabs(urn: string, year: number, current: 'roles' | 'training') {
  return [
    {
      text: 'Designated roles',
      href: `/schools/${urn}/governance/roles?schoolYear=${year}`,
      active: current === 'roles',
    },
    {
      text: 'Training',
      href: `/schools/${urn}/governance/training?schoolYear=${year}`,
      active: current === 'training',
    },
  ]
}
