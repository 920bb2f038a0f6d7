/**
 * School and LA identifiers (DOMAIN.md ID-3, ID-4). Validators return an error message, or null when
 * the value is valid. Values are checked exactly as given: trim them first.
 */

/** URN: 6 digits from Get Information about Schools (ID-3). */
export function validateUrn(s: string): string | null {
  if (s === '') return 'Enter the URN'
  return /^\d{6}$/.test(s) ? null : 'Enter a URN of 6 digits, like 100000'
}

/** LAESTAB: 3-digit LA code + 4-digit establishment number (ID-4). */
export function validateLaestab(s: string): string | null {
  if (s === '') return 'Enter the LAESTAB number'
  return /^\d{7}$/.test(s)
    ? null
    : 'Enter a LAESTAB number of 7 digits (the 3-digit LA code then the 4-digit establishment number), like 2074000'
}

/** The 3-digit LA code at the start of a LAESTAB. Throws when `s` is not a valid LAESTAB. */
export function laCodeFromLaestab(s: string): string {
  if (validateLaestab(s) !== null) throw new RangeError(`Not a LAESTAB: ${JSON.stringify(s)}`)
  return s.slice(0, 3)
}

/** LA code: 3 digits. Whether the LA exists is checked elsewhere (PD-14: unknown codes only warn). */
export function validateLaCode(s: string): string | null {
  if (s === '') return 'Enter the local authority code'
  return /^\d{3}$/.test(s) ? null : 'Enter a local authority code of 3 digits, like 202'
}
