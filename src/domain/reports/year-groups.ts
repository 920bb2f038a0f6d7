/** Year-group bands for breakdowns (DOMAIN.md PD-11): fixed ids and labels. Nursery is year group -1. */
export const YEAR_GROUP_BANDS = [
  { id: 'nursery_to_year_2', label: 'Nursery to Year 2', from: -1, to: 2 },
  { id: 'years_3_to_6', label: 'Years 3 to 6', from: 3, to: 6 },
  { id: 'years_7_to_9', label: 'Years 7 to 9', from: 7, to: 9 },
  { id: 'years_10_and_11', label: 'Years 10 and 11', from: 10, to: 11 },
  { id: 'sixth_form', label: 'Sixth form (Years 12 to 14)', from: 12, to: 14 },
  { id: 'not_recorded', label: 'Year group not recorded', from: null, to: null },
] as const

export type YearGroupBand = (typeof YEAR_GROUP_BANDS)[number]
export type YearGroupBandId = YearGroupBand['id']
export type YearGroupBandLabel = YearGroupBand['label']

/** The band a year group falls in; an unknown or out-of-range year group is "not recorded". */
export function bandOf(yearGroup: number | null): YearGroupBand {
  const band =
    yearGroup === null
      ? undefined
      : YEAR_GROUP_BANDS.find((b) => b.from !== null && yearGroup >= b.from && yearGroup <= b.to)
  return band ?? YEAR_GROUP_BANDS[YEAR_GROUP_BANDS.length - 1]!
}
