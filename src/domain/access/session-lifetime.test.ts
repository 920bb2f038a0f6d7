import { describe, expect, it } from 'vitest'
import { sessionEnd, shouldRecordActivity, type SessionEnd, type SessionTimes } from './session-lifetime.js'

const policy = { idleMinutes: 30, absoluteHours: 12 }
const signedInAt = Date.parse('2026-11-23T08:00:00Z')
const minutes = (m: number) => signedInAt + m * 60_000

describe('session lifetime', () => {
  it.each<[string, SessionTimes, number, SessionEnd | null]>([
    ['just signed in', { signedInAt }, minutes(0), null],
    ['29 minutes without use', { signedInAt }, minutes(29), null],
    ['30 minutes without use', { signedInAt }, minutes(30), 'idle'],
    ['used 10 minutes ago', { signedInAt, lastSeenAt: minutes(100) }, minutes(110), null],
    ['last used 31 minutes ago', { signedInAt, lastSeenAt: minutes(100) }, minutes(131), 'idle'],
    ['busy, but 12 hours after sign-in', { signedInAt, lastSeenAt: minutes(719) }, minutes(720), 'absolute'],
    ['no sign-in time', {}, minutes(0), 'absolute'],
    [
      'a last-seen time before sign-in is ignored',
      { signedInAt, lastSeenAt: minutes(-60) },
      minutes(10),
      null,
    ],
  ])('%s', (_, times, now, end) => {
    expect(sessionEnd(times, policy, now)).toBe(end)
  })

  it('follows a configured policy', () => {
    expect(sessionEnd({ signedInAt }, { idleMinutes: 5, absoluteHours: 1 }, minutes(5))).toBe('idle')
    expect(
      sessionEnd({ signedInAt, lastSeenAt: minutes(58) }, { idleMinutes: 5, absoluteHours: 1 }, minutes(60)),
    ).toBe('absolute')
  })

  it('records activity at most once a minute', () => {
    expect(shouldRecordActivity({ signedInAt }, minutes(0.5))).toBe(false)
    expect(shouldRecordActivity({ signedInAt }, minutes(1))).toBe(true)
    expect(shouldRecordActivity({ signedInAt, lastSeenAt: minutes(10) }, minutes(10.9))).toBe(false)
    expect(shouldRecordActivity({ signedInAt, lastSeenAt: minutes(10) }, minutes(11))).toBe(true)
  })
})
