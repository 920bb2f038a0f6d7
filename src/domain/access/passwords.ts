import { COMMON_PASSWORDS } from './common-passwords.js'

// Issue 3 item 2, after the NCSC's password guidance: length rather than composition rules (no "one
// capital and one symbol"), and a deny list of the passwords attackers try first, with the usual
// disguises of them (P@ssw0rd!, password1234, passwordpassword). Nothing here expires a password.

export const MIN_PASSWORD_LENGTH = 12
// Long enough for any passphrase or password manager; a bound so a huge body is not hashed.
export const MAX_PASSWORD_LENGTH = 256

export type PasswordProblem = 'too_short' | 'too_long' | 'personal' | 'common'

export type PasswordCheck = { ok: true } | { ok: false; problem: PasswordProblem; message: string }

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Password must be ${MIN_PASSWORD_LENGTH} characters or more`,
  too_long: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`,
  personal: 'Password must not contain the person’s name or email address',
  common:
    'Password is too easy to guess: it is, or is made from, a commonly used password. Try 3 random words',
}

/** Whether `password` may be used by the person with this email and name. Pure: no I/O, no clock. */
export function checkPassword(password: string, person: { email: string; name: string }): PasswordCheck {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH) return refused('too_short')
  if (length > MAX_PASSWORD_LENGTH) return refused('too_long')
  if (containsPersonalDetail(password, person)) return refused('personal')
  if (isCommon(password)) return refused('common')
  return { ok: true }
}

function refused(problem: PasswordProblem): PasswordCheck {
  return { ok: false, problem, message: PASSWORD_MESSAGES[problem] }
}

// Runs of characters people type as if they were a password.
const SEQUENCES = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
].flatMap((s) => [s, [...s].reverse().join('')])

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
}

const unleet = (s: string) => s.replace(/[0134578@$!]/g, (c) => LEET[c] ?? c)

/** The word inside the padding: `!!Password2026!!` → `password`. */
const core = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')

/** `abcabcabcabc` → `abc`; undefined when the text is not one unit repeated. */
const repeatedUnit = (s: string) => /^(.+?)\1+$/su.exec(s)?.[1]

function isCommon(password: string): boolean {
  const lower = password.normalize('NFKC').toLowerCase()
  const compact = lower.replace(/\s+/g, '')
  if (SEQUENCES.some((sequence) => sequence.includes(compact))) return true
  const candidates = new Set<string>()
  for (const form of [lower, compact]) {
    const unit = repeatedUnit(form)
    // One, two or three characters over and over (aaaaaaaaaaaa, abababababab) is no password.
    if (unit !== undefined && [...unit].length <= 3) return true
    for (const text of unit === undefined ? [form] : [form, unit]) {
      const stripped = core(text)
      candidates
        .add(text)
        .add(stripped)
        .add(unleet(text))
        .add(core(unleet(text)))
        .add(unleet(stripped))
    }
  }
  return [...candidates].some((c) => c.length > 0 && COMMON_PASSWORDS.has(c))
}

/** Letters and digits only, without accents, in lower case: `Zoë O’Neil` → `zoeoneil`. */
const plain = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')

// Shorter parts (Jo, Li) would refuse too many good passwords by chance.
const MIN_PERSONAL_PART = 4

function containsPersonalDetail(password: string, person: { email: string; name: string }): boolean {
  const [local = '', domain = ''] = person.email.trim().split('@')
  const parts = [
    person.name,
    local,
    `${local}${domain}`,
    ...person.name.split(/[^\p{L}]+/u),
    ...local.split(/[^\p{L}\p{N}]+/u),
  ]
    .map(plain)
    .filter((p) => p.length >= MIN_PERSONAL_PART)
  const forms = [plain(password), plain(unleet(password.toLowerCase()))]
  return parts.some((part) => forms.some((form) => form.includes(part)))
}
