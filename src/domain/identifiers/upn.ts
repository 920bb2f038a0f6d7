/**
 * Unique pupil numbers (DOMAIN.md ID-1, ID-2, PD-14).
 * Permanent: check letter + 12 digits. Temporary: check letter + 11 digits + letter.
 * Positions 2-4 are the LA code, 5-8 the establishment number, 9-10 the year, 11-13 the serial.
 */

/** The 23 letters a UPN may use, in check-letter order: I, O and S are never used. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/** The check letter for characters 2-13 of a UPN (ID-2). Throws on a character a UPN cannot hold. */
export function upnCheckLetter(body12: string): string {
  if (body12.length !== 12) throw new RangeError('A UPN body has 12 characters')
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const c = body12.charAt(i)
    const v = /[0-9]/.test(c) ? Number(c) : i === 11 ? UPN_LETTERS.indexOf(c) : -1
    if (v < 0) throw new RangeError(`A UPN cannot have ${JSON.stringify(c)} at position ${i + 2}`)
    sum += v * (i + 2)
  }
  return UPN_LETTERS.charAt(sum % 23)
}

/** DOMAIN.md PD-14: a UPN is trimmed and upper-cased before it is checked. */
export function normaliseUpn(raw: string): string {
  return raw.trim().toUpperCase()
}

export type UpnResult =
  { ok: true; upn: string; laCode: string; temporary: boolean } | { ok: false; message: string }

export function validateUpn(raw: string): UpnResult {
  const upn = normaliseUpn(raw)
  if (upn === '') return { ok: false, message: 'Enter a UPN' }
  if (upn.length !== 13) {
    return { ok: false, message: 'Enter a UPN of 13 characters, like A123456789012' }
  }
  if (/[IOS]/.test(upn)) {
    return { ok: false, message: 'A UPN never uses the letters I, O or S: check the UPN' }
  }
  if (!/^[A-Z]/.test(upn)) {
    return { ok: false, message: 'A UPN must start with a letter, like A123456789012' }
  }
  if (!/^.\d{11}/.test(upn)) {
    return { ok: false, message: 'Characters 2 to 12 of a UPN must all be numbers' }
  }
  const last = upn.charAt(12)
  if (!/[0-9A-Z]/.test(last)) {
    return {
      ok: false,
      message: 'The last character of a UPN must be a number, or a letter for a temporary UPN',
    }
  }
  const expected = upnCheckLetter(upn.slice(1))
  if (upn.charAt(0) !== expected) {
    return {
      ok: false,
      message: `The UPN's check letter is wrong: for this number it should be ${expected}`,
    }
  }
  return { ok: true, upn, laCode: upn.slice(1, 4), temporary: /[A-Z]/.test(last) }
}

/**
 * Builds a valid permanent UPN from its parts (used for demo data):
 * 3-digit LA code, 4-digit establishment number, 2-digit year of allocation, 3-digit serial.
 */
export function makeUpn(laCode: string, estab: string, year2: string, serial3: string): string {
  const parts: Array<[string, number, string]> = [
    [laCode, 3, 'LA code'],
    [estab, 4, 'establishment number'],
    [year2, 2, 'year'],
    [serial3, 3, 'serial'],
  ]
  for (const [value, length, name] of parts) {
    if (!new RegExp(`^\\d{${length}}$`).test(value)) {
      throw new RangeError(`The ${name} of a UPN must be ${length} digits, not ${JSON.stringify(value)}`)
    }
  }
  const body = laCode + estab + year2 + serial3
  return upnCheckLetter(body) + body
}
