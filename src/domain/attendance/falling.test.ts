import { describe, expect, it } from 'vitest'
import { FALLING_MIN_SESSIONS, FALLING_POINTS, isFalling } from './falling.js'

const counts = (present: number, absent: number) => ({
  present,
  authorised: absent,
  unauthorised: 0,
  notCounted: 0,
})

describe('isFalling: attendance this half-term lower than last by at least 5 points', () => {
  it.each([
    // last half-term, this half-term, falling?
    ['100% then exactly 95%', counts(60, 0), counts(57, 3), true],
    ['100% then 95.2% (a fall of 4.8 points)', counts(60, 0), counts(40, 2), false],
    ['90% then 85%', counts(90, 10), counts(17, 3), true],
    ['80% then 90% (rising)', counts(80, 20), counts(18, 2), false],
    ['no change', counts(50, 10), counts(50, 10), false],
  ])('%s', (_, last, now, expected) => {
    expect(isFalling(last, now)).toBe(expected)
  })

  it('waits until both half-terms have a school week of possible sessions', () => {
    expect(FALLING_MIN_SESSIONS).toBe(10)
    expect(isFalling(counts(60, 0), counts(4, 4))).toBe(false)
    expect(isFalling(counts(60, 0), counts(5, 5))).toBe(true)
    expect(isFalling(counts(5, 4), counts(0, 20))).toBe(false)
  })

  it('ignores sessions that are not counted', () => {
    const now = { ...counts(57, 3), notCounted: 40 }
    expect(isFalling(counts(60, 0), now)).toBe(true)
    expect(FALLING_POINTS).toBe(5)
  })
})
