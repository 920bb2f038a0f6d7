import { describe, expect, it } from 'vitest'
import { COMMON_PASSWORDS } from './common-passwords.js'
import { checkPassword, MAX_PASSWORD_LENGTH, type PasswordProblem } from './passwords.js'

const person = { email: 'sam.okafor@oakfield.sch.example', name: 'Samuel Okafor' }

describe('checkPassword (NCSC: length and a deny list, no composition rules)', () => {
  it.each<[string, string]>([
    ['three random words', 'correct horse battery staple'],
    ['a long passphrase in lower case only', 'the ferry leaves at dawn'],
    ['exactly 12 characters', 'tulip-kettle'],
    ['a password manager’s random string', 'Xq7#vL2!pR9@mZ4$'],
    ['letters only, no digit or symbol', 'wintergardenbench'],
    ['a common word inside a longer phrase', 'my password is a river stone'],
    ['the longest allowed', 'a'.repeat(MAX_PASSWORD_LENGTH - 8) + 'zq7#vl2!'],
    ['a short first name part that happens to appear', 'samphire and salt marsh'],
    ['non-Latin letters', 'пароль-длинный-очень'],
  ])('accepts %s', (_, password) => {
    expect(checkPassword(password, person)).toEqual({ ok: true })
  })

  it.each<[string, string, PasswordProblem]>([
    ['an empty password', '', 'too_short'],
    ['11 characters', 'tulip-kettl', 'too_short'],
    ['11 characters counted as people see them (emoji are one each)', '🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟', 'too_short'],
    ['one character over the maximum', 'x'.repeat(MAX_PASSWORD_LENGTH + 1), 'too_long'],
    ['a common password that is long enough', 'qwertyuiopasdfgh', 'common'],
    ['a long entry on the list', '1qaz2wsx3edc', 'common'],
    ['a common password with digits after it', 'password1234', 'common'],
    ['a common password with digits before and symbols after', '2026Liverpool!!', 'common'],
    ['a common password in capitals', 'PASSWORD123456', 'common'],
    ['a common password in leetspeak', 'P@ssw0rd2026!', 'common'],
    ['a common password twice', 'passwordpassword', 'common'],
    ['a common password repeated with spaces', 'iloveyou iloveyou', 'common'],
    ['a run of digits', '123456789012', 'common'],
    ['a run of digits backwards', '210987654321', 'common'],
    ['a keyboard row', 'qwertyuiopas', 'common'],
    ['the alphabet', 'abcdefghijklm', 'common'],
    ['one character repeated', 'aaaaaaaaaaaa', 'common'],
    ['two characters repeated', 'abababababab', 'common'],
    ['spaces only', '              ', 'common'],
    ['the person’s surname', 'okafor-family-2026', 'personal'],
    ['the person’s first name', 'Samuel is great!', 'personal'],
    ['the person’s full name without a space', 'samuelokafor!!', 'personal'],
    ['the email’s local part', 'sam.okafor-secret', 'personal'],
    ['the name in leetspeak', 'S4muel-the-great', 'personal'],
    ['the whole email address', 'sam.okafor@oakfield.sch.example', 'personal'],
  ])('refuses %s', (_, password, problem) => {
    const result = checkPassword(password, person)
    expect(result).toMatchObject({ ok: false, problem })
  })

  it('says what to do in each refusal', () => {
    expect(checkPassword('short', person)).toMatchObject({
      message: 'Password must be 12 characters or more',
    })
    expect(checkPassword('password1234', person)).toMatchObject({
      message: expect.stringContaining('Try 3 random words') as string,
    })
    expect(checkPassword('okafor-family-2026', person)).toMatchObject({
      message: 'Password must not contain the person’s name or email address',
    })
  })

  it('bundles about 10,000 common passwords, in lower case', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(10_000)
    expect(COMMON_PASSWORDS.has('123456')).toBe(true)
    expect(COMMON_PASSWORDS.has('trustno1')).toBe(true)
    expect([...COMMON_PASSWORDS].every((p) => p === p.toLowerCase())).toBe(true)
  })
})
