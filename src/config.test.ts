import { describe, expect, it } from 'vitest'
import { loadConfig, parseTrustProxy } from './config.js'

describe('account-protection settings', () => {
  it('defaults to 5 attempts, a 15-minute lock, 30 minutes idle and 12 hours in all, trusting no proxy', () => {
    expect(loadConfig({})).toMatchObject({
      LOCKOUT_ATTEMPTS: 5,
      LOCKOUT_MINUTES: 15,
      SESSION_IDLE_MINUTES: 30,
      SESSION_ABSOLUTE_HOURS: 12,
      TRUST_PROXY: false,
    })
  })

  it('reads them from the environment', () => {
    expect(
      loadConfig({
        LOCKOUT_ATTEMPTS: '3',
        LOCKOUT_MINUTES: '60',
        SESSION_IDLE_MINUTES: '10',
        SESSION_ABSOLUTE_HOURS: '8',
      }),
    ).toMatchObject({
      LOCKOUT_ATTEMPTS: 3,
      LOCKOUT_MINUTES: 60,
      SESSION_IDLE_MINUTES: 10,
      SESSION_ABSOLUTE_HOURS: 8,
    })
  })

  it.each([
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['', false],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.1', ['10.0.0.0/8', '192.168.1.1']],
    ['loopback,::1', ['loopback', '::1']],
  ])('TRUST_PROXY=%j means %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected)
  })

  it('reads TRUST_PROXY=2 as the nearest two hops', () => {
    const trust = parseTrustProxy('2') as (address: string, hop: number) => boolean
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false])
  })

  it.each([
    ['TRUST_PROXY', 'yes please'],
    ['LOCKOUT_ATTEMPTS', '0'],
    ['SESSION_IDLE_MINUTES', 'thirty'],
  ])('refuses to start with %s=%j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name)
  })
})
