import { describe, expect, it } from 'vitest'
import { ByteKeys } from './byte-keys.js'

describe('ByteKeys', () => {
  it('numbers each distinct piece of bytes once, wherever it lies', () => {
    const keys = new ByteKeys()
    const bytes = Buffer.from('AM,PM,AM,A,AMX,PM,Zoë')
    const ids = [
      [0, 2],
      [3, 5],
      [3, 5], // the same piece twice running
      [6, 8],
      [9, 10],
      [11, 13], // "AM" again, inside a longer cell
      [15, 17],
      [18, 22], // two bytes for the ë
    ].map(([start, end]) => keys.idOf(bytes, start!, end!))
    expect(ids).toEqual([0, 1, 1, 0, 2, 0, 1, 3])
    expect([0, 1, 2, 3].map((id) => keys.keyOf(id))).toEqual(['AM', 'PM', 'A', 'Zoë'])
  })

  it('keeps every piece when there are many', () => {
    const keys = new ByteKeys()
    const pieces = Array.from({ length: 5000 }, (_, i) => Buffer.from(`K${i}`))
    expect(pieces.map((p) => keys.idOf(p, 0, p.length))).toEqual(pieces.map((_, i) => i))
    expect(pieces.map((p) => keys.idOf(p, 0, p.length))).toEqual(pieces.map((_, i) => i))
    expect(keys.keyOf(4321)).toBe('K4321')
  })
})
