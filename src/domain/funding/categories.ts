/**
 * What PP+ and pupil premium money is spent on. DOMAIN.md does not fix a list (PD-9 asks only that each
 * spend item links to a target and records impact), so this is Harbour's list; totals by category feed
 * the governors' report (GOV-4 (7), POL-27).
 */

export const SPEND_CATEGORIES = [
  'tuition',
  'mentoring',
  'resources',
  'trips_and_enrichment',
  'therapeutic_support',
  'training',
  'technology',
  'other',
] as const

export type SpendCategory = (typeof SPEND_CATEGORIES)[number]

export const SPEND_CATEGORY_LABELS = {
  tuition: 'Tuition',
  mentoring: 'Mentoring',
  resources: 'Books and learning resources',
  trips_and_enrichment: 'Trips, clubs and enrichment',
  therapeutic_support: 'Therapeutic support',
  training: 'Staff training',
  technology: 'Laptops and technology',
  other: 'Other',
} as const satisfies Record<SpendCategory, string>

export type SpendCategoryLabel = (typeof SPEND_CATEGORY_LABELS)[SpendCategory]

export function isSpendCategory(value: unknown): value is SpendCategory {
  return typeof value === 'string' && (SPEND_CATEGORIES as ReadonlyArray<string>).includes(value)
}

export function spendCategoryLabel(category: SpendCategory): SpendCategoryLabel {
  return SPEND_CATEGORY_LABELS[category]
}

/** For a GOV.UK select or radios: in the order above, "Other" last. */
export function spendCategoryOptions(): Array<{ value: SpendCategory; text: SpendCategoryLabel }> {
  return SPEND_CATEGORIES.map((value) => ({ value, text: SPEND_CATEGORY_LABELS[value] }))
}
