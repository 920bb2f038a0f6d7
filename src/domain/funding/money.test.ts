import { describe, expect, it } from 'vitest'
import { formatPence, isWholePence, parsePounds, sumPence } from './money.js'

describe('DESIGN.md: money is whole pence; formatPence writes it the GOV.UK way', () => {
  it.each<[number, string]>([
    [12345, '£123.45'],
    [263000, '£2,630'], // DOMAIN.md PD-9: the 2025-26 rate
    [257000, '£2,570'],
    [0, '£0'],
    [5, '£0.05'],
    [50, '£0.50'],
    [100, '£1'],
    [123456789, '£1,234,567.89'],
    [100000000, '£1,000,000'],
    [-550, '-£5.50'],
  ])('%i pence → %s', (pence, text) => {
    expect(formatPence(pence)).toBe(text)
  })

  it('shows pence on whole pounds when asked, for tables that line up', () => {
    expect(formatPence(263000, { pence: 'always' })).toBe('£2,630.00')
    expect(formatPence(12345, { pence: 'always' })).toBe('£123.45')
  })

  it.each([12.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'refuses %s, which is not whole pence',
    (n) => {
      expect(() => formatPence(n)).toThrow(RangeError)
    },
  )
})

describe('parsePounds reads what someone typed in a money field', () => {
  it.each<[string, number | null]>([
    ['2630', 263000],
    ['2,630', 263000],
    ['£2,630.00', 263000],
    [' £ 123.45 ', 12345],
    ['12.5', 1250],
    ['0.05', 5],
    ['0', 0],
    ['1,234,567.89', 123456789],
    ['12.345', null],
    ['-5', null],
    ['£-5', null],
    ['1,23', null],
    ['12,34.50', null],
    ['ten pounds', null],
    ['', null],
    ['£', null],
    ['12.', null],
    ['99999999999999999999', null],
  ])('%j → %s', (input, pence) => {
    expect(parsePounds(input)).toBe(pence)
  })
})

describe('sums reject anything that is not whole pence', () => {
  it('adds whole pence', () => {
    expect(sumPence([257000, 6000, -1000])).toBe(262000)
  })
  it.each([[[100, 0.5]], [[Number.NaN]], [[100, 1.0000001]]])('throws on %j', (amounts) => {
    expect(() => sumPence(amounts)).toThrow(/whole number of pence/)
  })
  it.each<[unknown, boolean]>([
    [0, true],
    [-3, true],
    [263000, true],
    [1.5, false],
    ['100', false],
    [null, false],
  ])('isWholePence(%j) is %s', (value, expected) => {
    expect(isWholePence(value)).toBe(expected)
  })
})
