import { describe, expect, it } from 'vitest'
import { SliceKeys } from './slice-keys.js'

describe('SliceKeys', () => {
  it('numbers each distinct piece of text once, wherever it lies', () => {
    const keys = new SliceKeys()
    const text = 'AM,PM,AM,A,AMX,PM'
    const ids = [
      [0, 2],
      [3, 5],
      [3, 5], // the same piece twice running
      [6, 8],
      [9, 10],
      [11, 13], // "AM" again, inside a longer cell
      [15, 17],
    ].map(([start, end]) => keys.idOf(text, start!, end!))
    expect(ids).toEqual([0, 1, 1, 0, 2, 0, 1])
    expect([0, 1, 2].map((id) => keys.keyOf(id))).toEqual(['AM', 'PM', 'A'])
    expect(keys.idOf('AMX', 0, 3)).toBe(3)
  })
})
