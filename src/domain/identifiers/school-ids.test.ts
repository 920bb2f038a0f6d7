import { describe, expect, it } from 'vitest'
import { laCodeFromLaestab, validateLaCode, validateLaestab, validateUrn } from './school-ids.js'

describe('DOMAIN.md ID-3: validateUrn', () => {
  it.each([
    ['100000', null],
    ['401234', null],
    ['', 'Enter the URN'],
    ['10000', 'Enter a URN of 6 digits, like 100000'],
    ['1000000', 'Enter a URN of 6 digits, like 100000'],
    ['EY1234', 'Enter a URN of 6 digits, like 100000'],
    [' 100000', 'Enter a URN of 6 digits, like 100000'],
  ])('validateUrn(%j) = %j', (s, expected) => {
    expect(validateUrn(s)).toBe(expected)
  })
})

describe('DOMAIN.md ID-4: LAESTAB', () => {
  it.each([
    ['2074000', true],
    ['8012000', true],
    ['207400', false],
    ['20740001', false],
    ['207-4000', false],
    ['', false],
  ])('validateLaestab(%j) is valid: %s', (s, valid) => {
    expect(validateLaestab(s) === null).toBe(valid)
  })

  it('takes the LA code from the first 3 digits', () => {
    expect(laCodeFromLaestab('2074000')).toBe('207')
    expect(() => laCodeFromLaestab('207')).toThrow()
  })
})

describe('validateLaCode', () => {
  it.each([
    ['202', null],
    ['940', null],
    ['', 'Enter the local authority code'],
    ['20', 'Enter a local authority code of 3 digits, like 202'],
    ['2020', 'Enter a local authority code of 3 digits, like 202'],
    ['ABC', 'Enter a local authority code of 3 digits, like 202'],
  ])('validateLaCode(%j) = %j', (s, expected) => {
    expect(validateLaCode(s)).toBe(expected)
  })
})
