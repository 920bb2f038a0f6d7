import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from './roles.js'
import {
  formatRecoveryCode,
  normaliseRecoveryCode,
  normaliseTotpCode,
  REQUIRE_TWO_FACTOR_FOR_ALL,
  secondStepAfterPassword,
  twoFactorRequired,
  type SecondStep,
} from './two-factor.js'

describe('who must use two-factor sign-in (issue 3, item 1)', () => {
  const mandatory: Role[] = [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'vs_head',
    'vs_adviser',
  ]
  const optional: Role[] = ['staff', 'attendance_officer', 'governor']

  it('sorts every role into one list or the other', () => {
    expect([...mandatory, ...optional].sort()).toEqual([...ROLES].sort())
  })

  it.each(mandatory)('requires it of %s, whatever the school says', (role) => {
    expect(twoFactorRequired(role, {})).toBe(true)
    expect(twoFactorRequired(role, null)).toBe(true)
    expect(twoFactorRequired(role, { [REQUIRE_TWO_FACTOR_FOR_ALL]: false })).toBe(true)
  })

  it.each(optional)('leaves it optional for %s unless the school requires it for all', (role) => {
    expect(twoFactorRequired(role, {})).toBe(false)
    expect(twoFactorRequired(role, null)).toBe(false)
    expect(twoFactorRequired(role, { [REQUIRE_TWO_FACTOR_FOR_ALL]: true })).toBe(true)
  })

  it.each<[string, unknown]>([
    ['the string "true"', 'true'],
    ['1', 1],
    ['an object', { on: true }],
  ])('reads only a real true as the school requiring it, not %s', (_, value) => {
    expect(twoFactorRequired('staff', { [REQUIRE_TWO_FACTOR_FOR_ALL]: value })).toBe(false)
  })
})

describe('the step after a right password', () => {
  it.each<[boolean, boolean, boolean, SecondStep]>([
    // enabled, required, demoExempt → step
    [true, true, false, 'code'],
    [true, false, false, 'code'],
    [true, true, true, 'code'],
    [true, false, true, 'code'],
    [false, true, false, 'set_up'],
    [false, true, true, 'none'],
    [false, false, false, 'none'],
    [false, false, true, 'none'],
  ])('enabled %s, required %s, demo user %s: %s', (enabled, required, demoExempt, step) => {
    expect(secondStepAfterPassword({ enabled, required, demoExempt })).toBe(step)
  })
})

describe('codes as typed', () => {
  it.each<[string, string | null]>([
    ['123456', '123456'],
    ['123 456', '123456'],
    [' 012345 ', '012345'],
    ['12345', null],
    ['1234567', null],
    ['12345a', null],
    ['', null],
  ])('reads the TOTP code %j as %j', (typed, code) => {
    expect(normaliseTotpCode(typed)).toBe(code)
  })

  it.each<[string, string | null]>([
    ['abcd-efgh-jkmn', 'abcdefghjkmn'],
    ['ABCD EFGH JKMN', 'abcdefghjkmn'],
    ['abcdefghjkmn', 'abcdefghjkmn'],
    ['abcd-efgh-jkm', null],
    ['abcd-efgh-jkmnp', null],
    // 0, 1, i, l and o are never in a code: they are misread on paper.
    ['abcd-efgh-jkm0', null],
    ['abcd-efgh-jkml', null],
    ["abcd-efgh-jk'n", null],
  ])('reads the recovery code %j as %j', (typed, code) => {
    expect(normaliseRecoveryCode(typed)).toBe(code)
  })

  it('writes a recovery code in three groups of four', () => {
    expect(formatRecoveryCode('abcdefghjkmn')).toBe('abcd-efgh-jkmn')
  })
})
