import { describe, expect, it } from 'vitest'
import {
  allowedOnClosedDay,
  ATTENDANCE_CODES,
  attendanceCode,
  codeOn,
  codesInUseOn,
  isUnexplainedAbsence,
  treatmentOf,
  type AttendanceTreatment,
} from './codes.js'

const AFTER = '2025-09-03' // under the 2024 regulations
const BEFORE = '2023-09-06' // under the 2006 regulations

// DOMAIN.md ATT-6: one row per code, with its treatment, and whether it was in use before 19 August 2024.
const ATT_6: Array<[string, AttendanceTreatment, boolean]> = [
  ['/', 'present', true],
  ['\\', 'present', true],
  ['L', 'present', true],
  ['K', 'present', false],
  ['V', 'present', true],
  ['P', 'present', true],
  ['W', 'present', true],
  ['B', 'present', true],
  ['D', 'not_counted', true],
  ['C1', 'authorised', false],
  ['M', 'authorised', true],
  ['J1', 'authorised', false],
  ['S', 'authorised', true],
  ['X', 'not_counted', true],
  ['C2', 'authorised', false],
  ['C', 'authorised', true],
  ['T', 'authorised', true],
  ['R', 'authorised', true],
  ['I', 'authorised', true],
  ['E', 'authorised', true],
  ['Q', 'not_counted', false],
  ['Y1', 'not_counted', false],
  ['Y2', 'not_counted', false],
  ['Y3', 'not_counted', false],
  ['Y4', 'not_counted', false],
  ['Y5', 'not_counted', false],
  ['Y6', 'not_counted', false],
  ['Y7', 'not_counted', false],
  ['G', 'unauthorised', true],
  ['N', 'unauthorised', true],
  ['O', 'unauthorised', true],
  ['U', 'unauthorised', true],
  ['Z', 'not_counted', true],
  ['#', 'not_counted', true],
]

// DOMAIN.md PD-16: withdrawn on 19 August 2024, with their old treatment before then.
const WITHDRAWN: Array<[string, AttendanceTreatment, string]> = [
  ['H', 'authorised', 'C'],
  ['F', 'authorised', 'C'],
  ['J', 'authorised', 'J1'],
  ['Y', 'not_counted', 'Y1 to Y7'],
]

describe('DOMAIN.md ATT-6: every code and its treatment', () => {
  it.each(ATT_6)('%s is %s and valid under the 2024 codes', (code, treatment) => {
    expect(treatmentOf(code)).toBe(treatment)
    const result = codeOn(code, AFTER)
    expect(result.ok && result.entry.treatment).toBe(treatment)
  })

  it.each(ATT_6)('%s before 19 August 2024: in use then is %s', (code, _treatment, olderCode) => {
    expect(codeOn(code, '2024-08-18').ok).toBe(olderCode)
    expect(codeOn(code, BEFORE).ok).toBe(olderCode)
  })

  it('has no other current code than the ATT-6 table', () => {
    expect(codesInUseOn(AFTER).map((c) => c.code)).toEqual(ATT_6.map(([code]) => code))
  })

  it('gives each code plain words', () => {
    for (const c of ATT_6) expect(attendanceCode(c[0])?.meaning).toMatch(/^[A-Z].{5,}$/)
    expect(new Set(ATTENDANCE_CODES.map((c) => c.code)).size).toBe(ATTENDANCE_CODES.length)
  })
})

describe('DOMAIN.md PD-16: codes withdrawn in August 2024', () => {
  it.each(WITHDRAWN)('%s is %s up to 18 August 2024', (code, treatment) => {
    for (const d of [BEFORE, '2024-08-18']) {
      const result = codeOn(code, d)
      expect(result.ok && result.entry.treatment).toBe(treatment)
    }
  })

  it.each(WITHDRAWN)('%s is refused from 19 August 2024, saying to use %s', (code, _treatment, instead) => {
    expect(codeOn(code, '2024-08-19')).toEqual({
      ok: false,
      problem: 'not_valid_on_date',
      message: `attendance code "${code}" is not valid on 19 August 2024: withdrawn on 19 August 2024 (use ${instead} instead)`,
    })
  })

  it('says when a new code came in', () => {
    expect(codeOn('J1', '2024-08-16')).toEqual({
      ok: false,
      problem: 'not_valid_on_date',
      message: 'attendance code "J1" is not valid on 16 August 2024: in use only from 19 August 2024',
    })
    expect(codeOn('J1', '2024-08-19').ok).toBe(true)
  })

  it('tells an unknown code apart from one not valid on the date', () => {
    expect(codeOn('ZZ', AFTER)).toEqual({
      ok: false,
      problem: 'unknown_code',
      message: 'unknown attendance code "ZZ"',
    })
    expect(codeOn('Y8', AFTER)).toMatchObject({ ok: false, problem: 'unknown_code' })
    expect(codeOn('=1+1', AFTER)).toMatchObject({ ok: false, problem: 'unknown_code' })
  })

  it('accepts a code written in lower case or with spaces', () => {
    const result = codeOn(' j1 ', AFTER)
    expect(result.ok && result.entry.code).toBe('J1')
  })

  it('refuses to guess the treatment of an unknown code', () => {
    expect(() => treatmentOf('ZZ')).toThrow(RangeError)
  })
})

describe('DOMAIN.md PD-6: unexplained absence', () => {
  it.each([
    ['N', true],
    ['O', true],
    ['n', true],
    ['U', false], // arrived late: unauthorised but not unexplained
    ['G', false], // the reason is known
    ['I', false],
    ['/', false],
  ])('%s is unexplained: %s', (code, expected) => {
    expect(isUnexplainedAbsence(code)).toBe(expected)
  })
})

describe('DOMAIN.md PD-16: codes allowed on a day the school is closed', () => {
  it.each([
    ['#', true],
    ['Y1', true],
    ['Y7', true],
    ['Y', false],
    ['Y8', false],
    ['Q', false],
    ['/', false],
  ])('%s: %s', (code, expected) => {
    expect(allowedOnClosedDay(code)).toBe(expected)
  })
})
