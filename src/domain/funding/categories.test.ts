import { describe, expect, it } from 'vitest'
import { isSpendCategory, SPEND_CATEGORIES, spendCategoryLabel, spendCategoryOptions } from './categories.js'

describe('spend categories (for the governors’ PP+ totals, DOMAIN.md GOV-4 (7))', () => {
  it('has a plain-English label for every category, "Other" last', () => {
    const options = spendCategoryOptions()
    expect(options.map((o) => o.value)).toEqual(SPEND_CATEGORIES)
    expect(options.at(-1)).toEqual({ value: 'other', text: 'Other' })
    expect(new Set(options.map((o) => o.text)).size).toBe(SPEND_CATEGORIES.length)
    expect(spendCategoryLabel('trips_and_enrichment')).toBe('Trips, clubs and enrichment')
  })

  it.each<[unknown, boolean]>([
    ['tuition', true],
    ['therapeutic_support', true],
    ['Tuition', false],
    ['holiday', false],
    ['', false],
    [undefined, false],
  ])('isSpendCategory(%j) is %s', (value, expected) => {
    expect(isSpendCategory(value)).toBe(expected)
  })
})
