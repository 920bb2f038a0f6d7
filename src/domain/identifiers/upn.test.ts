import { describe, expect, it } from 'vitest'
import { makeUpn, normaliseUpn, UPN_LETTERS, upnCheckLetter, validateUpn } from './upn.js'

describe('DOMAIN.md ID-2: upnCheckLetter', () => {
  it('has 23 letters and never I, O or S', () => {
    expect(UPN_LETTERS).toHaveLength(23)
    expect(UPN_LETTERS).not.toMatch(/[IOS]/)
  })

  it.each([
    ['207000016049', 'P'], // worked example: sum 266, mod 23 = 13
    ['801200005001', 'B'], // sum 93, mod 23 = 1
    ['123456789012', 'A'], // sum 368, mod 23 = 0
    ['20700001604A', 'M'], // temporary: sum 149, mod 23 = 11
    ['20700001604Z', 'Y'], // temporary: 149 + 22 × 13 = 435, mod 23 = 21
  ])('body %s has check letter %s', (body, letter) => {
    expect(upnCheckLetter(body)).toBe(letter)
  })

  it.each(['2070000160', '2070000A6049', '20700001604I'])('throws for body %s', (body) => {
    expect(() => upnCheckLetter(body)).toThrow()
  })
})

describe('DOMAIN.md ID-1, ID-2, PD-14: validateUpn', () => {
  it.each([
    ['P207000016049', 'P207000016049', '207', false],
    ['B801200005001', 'B801200005001', '801', false],
    ['  p207000016049 ', 'P207000016049', '207', false], // PD-14: trimmed and upper-cased
    ['M20700001604A', 'M20700001604A', '207', true], // temporary
    ['y20700001604z', 'Y20700001604Z', '207', true],
  ])('accepts %j', (raw, upn, laCode, temporary) => {
    expect(validateUpn(raw)).toEqual({ ok: true, upn, laCode, temporary })
  })

  it.each([
    ['', 'Enter a UPN'],
    ['   ', 'Enter a UPN'],
    ['P20700001604', 'Enter a UPN of 13 characters, like A123456789012'],
    ['P2070000160490', 'Enter a UPN of 13 characters, like A123456789012'],
    ['P207 000016049', 'Enter a UPN of 13 characters, like A123456789012'],
    ['A207000016049', "The UPN's check letter is wrong: for this number it should be P"],
    ['C801200005001', "The UPN's check letter is wrong: for this number it should be B"],
    ['A20700001604A', "The UPN's check letter is wrong: for this number it should be M"],
    ['I207000016049', 'A UPN never uses the letters I, O or S: check the UPN'],
    ['O207000016049', 'A UPN never uses the letters I, O or S: check the UPN'],
    ['M20700001604S', 'A UPN never uses the letters I, O or S: check the UPN'],
    ['1207000016049', 'A UPN must start with a letter, like A123456789012'],
    ['P2070000160A9', 'Characters 2 to 12 of a UPN must all be numbers'],
    ['P20700001604-', 'The last character of a UPN must be a number, or a letter for a temporary UPN'],
  ])('refuses %j: %s', (raw, message) => {
    expect(validateUpn(raw)).toEqual({ ok: false, message })
  })
})

describe('normaliseUpn', () => {
  it('trims and upper-cases', () => {
    expect(normaliseUpn(' b801200005001\t')).toBe('B801200005001')
  })
})

describe('makeUpn builds valid permanent UPNs', () => {
  it.each([
    ['207', '0000', '16', '049', 'P207000016049'],
    ['801', '2000', '05', '001', 'B801200005001'],
  ])('makeUpn(%s, %s, %s, %s) = %s', (la, estab, year, serial, expected) => {
    expect(makeUpn(la, estab, year, serial)).toBe(expected)
  })

  it('always passes validation', () => {
    for (let serial = 0; serial < 1000; serial += 37) {
      const upn = makeUpn('938', '4123', '24', String(serial).padStart(3, '0'))
      expect(validateUpn(upn)).toMatchObject({ ok: true, laCode: '938', temporary: false })
    }
  })

  it.each([
    ['20', '0000', '16', '049'],
    ['207', '000', '16', '049'],
    ['207', '0000', '2016', '049'],
    ['207', '0000', '16', '49A'],
  ])('throws for bad parts %s %s %s %s', (la, estab, year, serial) => {
    expect(() => makeUpn(la, estab, year, serial)).toThrow()
  })
})
