import { describe, expect, it } from 'vitest'
import type { SuspensionDay } from './days.js'
import { highestTermTotal, yearTotals } from './suspension-duties.js'

const day = (
  date: string,
  term: SuspensionDay['term'],
  schoolYear: number,
  halfDays: 1 | 2 = 2,
): SuspensionDay => ({
  date,
  term,
  schoolYear,
  halfDays,
})

describe('DOMAIN.md EX-1: totals for each school year a suspension touches', () => {
  it('splits a suspension across the summer holiday between two school years', () => {
    const own = [
      day('2026-07-20', 'summer', 2025),
      day('2026-07-21', 'summer', 2025),
      day('2026-09-02', 'autumn', 2026),
    ]
    const others = [day('2026-06-01', 'summer', 2025), day('2026-09-03', 'autumn', 2026, 1)]
    expect(yearTotals(own, others, 2025, 40)).toEqual([
      { schoolYear: 2025, before: 41, daysThisYear: 43, remaining: 2 },
      { schoolYear: 2026, before: 0.5, daysThisYear: 1.5, remaining: 43.5 },
    ])
  })

  it('always reports the start date’s school year, even for a permanent exclusion with no days', () => {
    expect(yearTotals([], [day('2026-01-12', 'spring', 2025)], 2025, 0)).toEqual([
      { schoolYear: 2025, before: 1, daysThisYear: 1, remaining: 44 },
    ])
  })
})

describe('DOMAIN.md EX-10, EX-13: the term total that decides the board’s duty', () => {
  it('takes the larger total of the terms the suspension falls in, this suspension included', () => {
    const own = [day('2025-12-19', 'autumn', 2025), day('2026-01-05', 'spring', 2025)]
    const others = [
      day('2026-01-12', 'spring', 2025),
      day('2026-01-13', 'spring', 2025),
      day('2025-11-03', 'autumn', 2025, 1),
    ]
    expect(highestTermTotal(own, others)).toBe(3)
  })

  it('ignores terms the suspension does not touch', () => {
    const others = Array.from({ length: 20 }, (_, i) =>
      day(`2025-11-${String(i + 1).padStart(2, '0')}`, 'autumn', 2025),
    )
    expect(highestTermTotal([day('2026-03-02', 'spring', 2025, 1)], others)).toBe(0.5)
  })

  it('is 0 for a permanent exclusion, which has no suspension days', () => {
    expect(highestTermTotal([], [day('2026-03-02', 'spring', 2025)])).toBe(0)
  })
})
