import { describe, expect, it } from 'vitest'
import { afterFailedSignIn, lockedMinutesLeft, UNLOCKED, type LockState } from './lockout.js'

const policy = { attempts: 5, minutes: 15 }
const now = new Date('2026-11-23T10:00:00Z')
const minutesFrom = (m: number) => new Date(now.getTime() + m * 60_000)

describe('account lockout', () => {
  it.each<[string, LockState, LockState, boolean]>([
    ['counts the first failure', UNLOCKED, { failedSignIns: 1, lockedUntil: null }, false],
    [
      'counts the fourth',
      { failedSignIns: 3, lockedUntil: null },
      { failedSignIns: 4, lockedUntil: null },
      false,
    ],
    [
      'locks for 15 minutes at the fifth',
      { failedSignIns: 4, lockedUntil: null },
      { failedSignIns: 5, lockedUntil: minutesFrom(15) },
      true,
    ],
    [
      'does not lengthen a lock that is on',
      { failedSignIns: 5, lockedUntil: minutesFrom(3) },
      { failedSignIns: 5, lockedUntil: minutesFrom(3) },
      false,
    ],
    [
      'starts counting again once a lock has run out',
      { failedSignIns: 5, lockedUntil: minutesFrom(-1) },
      { failedSignIns: 1, lockedUntil: null },
      false,
    ],
  ])('%s', (_, before, after, lockedNow) => {
    expect(afterFailedSignIn(before, policy, now)).toEqual({ state: after, lockedNow })
  })

  it('follows a configured policy', () => {
    const strict = { attempts: 3, minutes: 60 }
    expect(afterFailedSignIn({ failedSignIns: 2, lockedUntil: null }, strict, now)).toEqual({
      state: { failedSignIns: 3, lockedUntil: minutesFrom(60) },
      lockedNow: true,
    })
  })

  it.each<[string, Date | null, number]>([
    ['not locked', null, 0],
    ['lock over', minutesFrom(-1), 0],
    ['lock ends now', now, 0],
    ['15 minutes left', minutesFrom(15), 15],
    ['part of a minute counts as one', minutesFrom(0.1), 1],
  ])('minutes left: %s', (_, lockedUntil, minutes) => {
    expect(lockedMinutesLeft({ failedSignIns: 5, lockedUntil }, now)).toBe(minutes)
  })
})
