import { describe, expect, it } from 'vitest'
import { codeInSlot, dayNumberOf, slotDate, slotOf, weekCodes, weekOfDay, weekStartOf } from './week-slots.js'

describe('week slots', () => {
  it.each([
    ['2026-11-23', 'AM', '2026-11-23', 0],
    ['2026-11-23', 'PM', '2026-11-23', 1],
    ['2026-11-27', 'PM', '2026-11-23', 9],
    ['2026-11-29', 'PM', '2026-11-23', 13],
    ['2026-11-30', 'AM', '2026-11-30', 0],
    ['1970-01-01', 'AM', '1969-12-29', 6],
    ['2024-02-29', 'AM', '2024-02-26', 6],
  ] as const)('%s %s is in the week of %s, slot %i', (date, session, monday, slot) => {
    const day = dayNumberOf(date)
    expect(weekStartOf(weekOfDay(day))).toBe(monday)
    expect(slotOf(day, session)).toBe(slot)
    expect(slotDate(weekOfDay(day), slot)).toEqual({ date, session })
  })

  it('keeps each slot’s code, one or two characters, and no mark as null', () => {
    const codes = weekCodes([
      '/',
      '\\',
      null,
      'C1',
      'Y7',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      '#',
    ])
    expect(codes).toHaveLength(28)
    expect([0, 1, 2, 3, 4, 13].map((slot) => codeInSlot(codes, slot))).toEqual([
      '/',
      '\\',
      null,
      'C1',
      'Y7',
      '#',
    ])
    expect(codeInSlot(weekCodes([]), 5)).toBeNull()
  })
})
