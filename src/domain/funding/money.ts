/**
 * Money in whole pence (DESIGN.md: money is held as integers). A non-integer amount is a bug or bad
 * input, never something to round.
 */

/** True for a whole number of pence that JavaScript can hold exactly. */
export function isWholePence(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount)
}

/** Throws a RangeError unless `amount` is a whole number of pence. */
export function assertWholePence(amount: number, what = 'amount'): void {
  if (!isWholePence(amount)) {
    throw new RangeError(`${what} must be a whole number of pence, got ${String(amount)}`)
  }
}

/** The sum of whole-pence amounts; throws on any amount that is not whole pence. */
export function sumPence(amounts: Iterable<number>, what = 'amount'): number {
  let total = 0
  for (const amount of amounts) {
    assertWholePence(amount, what)
    total += amount
  }
  assertWholePence(total, `total ${what}`)
  return total
}

function groupThousands(pounds: number): string {
  return String(pounds).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export type FormatPenceOptions = {
  /** 'when_needed' (default): "£2,630" for whole pounds, "£123.45" otherwise. 'always': "£2,630.00". */
  pence?: 'when_needed' | 'always'
}

/** GOV.UK style money: "£123.45", and whole pounds without pence, "£2,630". Negative: "-£5.50". */
export function formatPence(amount: number, options: FormatPenceOptions = {}): string {
  assertWholePence(amount)
  const sign = amount < 0 ? '-' : ''
  const abs = Math.abs(amount)
  const pounds = Math.floor(abs / 100)
  const pence = abs % 100
  const showPence = pence !== 0 || options.pence === 'always'
  return `${sign}£${groupThousands(pounds)}${showPence ? `.${String(pence).padStart(2, '0')}` : ''}`
}

// "2630", "2,630", "£2,630.00", "12.5": whole pounds with optional thousands commas, up to 2 decimals.
const POUNDS_PATTERN = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/

/**
 * What someone typed in a money field, in pence: "£1,234.5" → 123450. Null when it is not an amount
 * of pounds and pence (letters, a minus sign, three decimal places, commas in the wrong place).
 */
export function parsePounds(input: string): number | null {
  const text = input.trim().replace(/^£\s*/, '')
  const match = POUNDS_PATTERN.exec(text)
  if (!match) return null
  const [whole = '', decimals = ''] = text.replace(/,/g, '').split('.')
  const pence = Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  return isWholePence(pence) ? pence : null
}
