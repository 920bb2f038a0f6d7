import type { Role } from './roles.js'

// Issue 3, item 1: the roles that reach whole schools' or a local authority's records sign in with a
// second factor. Everyone else may choose to.
export const TWO_FACTOR_ROLES: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'vs_head',
  'vs_adviser',
]

/** The key in `school.settings` that makes two-factor sign-in mandatory for everyone in that school. */
export const REQUIRE_TWO_FACTOR_FOR_ALL = 'require_two_factor_for_all'

export type SchoolSettings = Readonly<Record<string, unknown>>

export function twoFactorRequired(role: Role, schoolSettings: SchoolSettings | null | undefined): boolean {
  return TWO_FACTOR_ROLES.includes(role) || schoolSettings?.[REQUIRE_TWO_FACTOR_FOR_ALL] === true
}

/** What follows a right password: ask for a code, send the person to set two-factor up, or let them in. */
export type SecondStep = 'code' | 'set_up' | 'none'

export function secondStepAfterPassword(person: {
  enabled: boolean
  required: boolean
  /** A synthetic user of the demonstration database (never true on a real database). */
  demoExempt: boolean
}): SecondStep {
  // Someone who has set it up is always asked, required or not: they chose the protection.
  if (person.enabled) return 'code'
  return person.required && !person.demoExempt ? 'set_up' : 'none'
}

export const RECOVERY_CODE_COUNT = 10
// No 0/o, 1/l/i: the codes are read off paper. 31 symbols × 12 = 59 bits, too many to guess or brute-force.
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
export const RECOVERY_CODE_LENGTH = 12

/** `abcd-efgh-jkmn` from the 12 symbols of a recovery code. */
export function formatRecoveryCode(symbols: string): string {
  return symbols.match(/.{1,4}/g)!.join('-')
}

/**
 * The canonical form of a typed recovery code (lower case, no spaces or dashes), or null when it
 * cannot be one: the wrong length or a symbol that no code contains.
 */
export function normaliseRecoveryCode(typed: string): string | null {
  const symbols = typed.toLowerCase().replace(/[\s-]/g, '')
  if (symbols.length !== RECOVERY_CODE_LENGTH) return null
  return [...symbols].every((c) => RECOVERY_CODE_ALPHABET.includes(c)) ? symbols : null
}

/** A TOTP code as typed: 6 digits, spaces allowed (apps show `123 456`). Null when it is not one. */
export function normaliseTotpCode(typed: string): string | null {
  const digits = typed.replace(/\s/g, '')
  return /^\d{6}$/.test(digits) ? digits : null
}
