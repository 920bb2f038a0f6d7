import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { makeUpn } from '../identifiers/upn.js'
import {
  escapeForSpreadsheet,
  mapHeader,
  parseImportDate,
  readRow,
  validateRow,
  type RawAttendanceRow,
} from './import-rows.js'

const UPN = makeUpn('919', '2001', '24', '001')

const calendar: SchoolCalendar = {
  terms: [
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
  ],
  closures: new Set(['2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31']),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const row = (over: Partial<RawAttendanceRow> = {}): RawAttendanceRow => ({
  upn: UPN,
  date: '2025-09-03',
  session: 'AM',
  code: '/',
  ...over,
})

describe('mapHeader: the header line of an MIS export', () => {
  it('reads the API header', () => {
    expect(mapHeader(['upn', 'date', 'session', 'code'])).toEqual({
      ok: true,
      columns: { upn: 0, date: 1, session: 2, code: 3 },
      ignored: [],
    })
  })

  it('reads alias names in another order, whatever their case and spaces, after a byte-order mark', () => {
    expect(mapHeader(['\uFEFFAttendance Mark', ' am/pm ', 'SESSION DATE', 'Surname', 'Pupil UPN'])).toEqual({
      ok: true,
      columns: { code: 0, session: 1, date: 2, upn: 4 },
      ignored: ['Surname'],
    })
    expect(mapHeader(['\uFEFFUPN', 'Mark date', 'Session', 'Mark'])).toMatchObject({
      ok: true,
      columns: { upn: 0, date: 1, session: 2, code: 3 },
    })
  })

  it('keeps an admission number apart from the UPN', () => {
    expect(mapHeader(['Adno', 'Date', 'AM/PM', 'Mark'])).toEqual({
      ok: true,
      columns: { admissionNumber: 0, date: 1, session: 2, code: 3 },
      ignored: [],
    })
    expect(mapHeader(['UPN', 'Admission number', 'Date', 'AM/PM', 'Mark'])).toMatchObject({
      ok: true,
      columns: { upn: 0, admissionNumber: 1 },
    })
  })

  it.each([
    [
      ['Date', 'AM/PM', 'Mark'],
      'Line 1: there is no UPN column. Head it "UPN", "Unique pupil number" or "Pupil UPN"',
    ],
    [
      ['UPN', 'AM/PM', 'Mark'],
      'Line 1: there is no date column. Head it "Date", "Session date", "Mark date" or "Attendance date"',
    ],
    [
      ['UPN', 'Date', 'Mark'],
      'Line 1: there is no session (AM or PM) column. Head it "Session", "AM/PM" or "AMPM"',
    ],
    [
      ['UPN', 'Date', 'Session', 'Register'],
      'Line 1: there is no attendance code column. Head it "Code", "Mark", "Attendance mark" or "Attendance code"',
    ],
  ])('names the missing column in %j', (cells, error) => {
    expect(mapHeader(cells)).toEqual({ ok: false, error })
  })

  it('refuses two columns for the same thing', () => {
    expect(mapHeader(['UPN', 'Date', 'Mark date', 'Session', 'Code'])).toEqual({
      ok: false,
      error: 'Line 1: two columns hold the date: "Date" and "Mark date". Remove one of them',
    })
  })
})

describe('readRow', () => {
  it('picks cells by the column map, and gives empty cells for a short row', () => {
    const columns = { code: 0, session: 1, date: 2, upn: 4 }
    expect(readRow(['N', 'PM', '03/09/2025', 'Smith', UPN], columns)).toEqual({
      upn: UPN,
      date: '03/09/2025',
      session: 'PM',
      code: 'N',
    })
    expect(readRow(['N'], columns)).toEqual({ upn: '', date: '', session: '', code: 'N' })
  })
})

describe('validateRow: a good row', () => {
  it('turns a row into a mark with its treatment', () => {
    expect(validateRow(row(), 2, { calendar })).toEqual({
      ok: true,
      row: {
        upn: UPN,
        admissionNumber: null,
        date: '2025-09-03',
        session: 'AM',
        code: '/',
        treatment: 'present',
      },
    })
  })

  it('accepts a UK date, a lower-case session and code, spaces and an upper-cased UPN', () => {
    const result = validateRow(
      row({ upn: ` ${UPN.toLowerCase()} `, date: '3/9/2025', session: 'pm', code: ' n ' }),
      2,
      { calendar },
    )
    expect(result).toMatchObject({
      ok: true,
      row: { upn: UPN, date: '2025-09-03', session: 'PM', code: 'N', treatment: 'unauthorised' },
    })
  })

  it('accepts the afternoon symbol in the morning (MIS exports vary)', () => {
    expect(validateRow(row({ code: '\\', session: 'AM' }), 2, { calendar }).ok).toBe(true)
  })

  it('leaves an admission number for the caller to match', () => {
    expect(
      validateRow({ admissionNumber: ' 004512 ', date: '2025-09-03', session: 'AM', code: '/' }, 2, {
        calendar,
      }),
    ).toMatchObject({
      ok: true,
      row: { upn: null, admissionNumber: '004512' },
    })
  })

  it('accepts any day when the school has no calendar', () => {
    expect(validateRow(row({ date: '2025-09-06' }), 2, { calendar: null }).ok).toBe(true)
  })
})

describe('validateRow: each problem, with its line number', () => {
  it.each([
    [row({ code: 'ZZ' }), 'Line 7: unknown attendance code "ZZ"'],
    [row({ code: '' }), 'Line 7: the attendance code is missing'],
    [
      row({ code: 'H', date: '2025-09-03' }),
      'Line 7: attendance code "H" is not valid on 3 September 2025: withdrawn on 19 August 2024 (use C instead)',
    ],
    [
      row({ code: 'Y1', date: '2024-07-01' }),
      'Line 7: attendance code "Y1" is not valid on 1 July 2024: in use only from 19 August 2024',
    ],
    [row({ session: 'A' }), 'Line 7: the session must be AM or PM, not "A"'],
    [row({ session: 'Morning' }), 'Line 7: the session must be AM or PM, not "Morning"'],
    [row({ session: '' }), 'Line 7: the session must be AM or PM, not ""'],
    [
      row({ date: '31/02/2025' }),
      'Line 7: the date "31/02/2025" is not a real date. Write it like 2025-09-03 or 03/09/2025',
    ],
    [
      row({ date: '09/03/25' }),
      'Line 7: the date "09/03/25" is not a real date. Write it like 2025-09-03 or 03/09/2025',
    ],
    [row({ date: ' ' }), 'Line 7: the date is missing'],
    [row({ upn: '' }), 'Line 7: the UPN is missing'],
    [
      { admissionNumber: '', date: '2025-09-03', session: 'AM', code: '/' },
      'Line 7: the admission number is missing',
    ],
    [
      row({ upn: 'A12345678901' }),
      'Line 7: the UPN "A12345678901" is not valid. Enter a UPN of 13 characters, like A123456789012',
    ],
    [
      row({ date: '2025-09-06' }),
      'Line 7: 6 September 2025 is not a school day. Only # or Y1 to Y7 can be used on a day the school is closed',
    ],
    [
      row({ date: '2025-10-28' }),
      'Line 7: 28 October 2025 is not a school day. Only # or Y1 to Y7 can be used on a day the school is closed',
    ],
    [
      row({ date: '2025-12-22' }),
      'Line 7: 22 December 2025 is outside the school’s terms. Only # or Y1 to Y7 can be used on a day the school is closed',
    ],
  ])('%j', (raw, error) => {
    expect(validateRow(raw, 7, { calendar })).toEqual({ ok: false, error })
  })

  it('reports the line number it is given', () => {
    expect(validateRow(row({ code: 'ZZ' }), 200_001, { calendar })).toEqual({
      ok: false,
      error: 'Line 200001: unknown attendance code "ZZ"',
    })
  })

  it('accepts # and Y1 to Y7 on a day the school is closed (PD-16)', () => {
    for (const code of ['#', 'Y1', 'Y4', 'Y7']) {
      expect(validateRow(row({ date: '2025-10-28', code }), 7, { calendar }).ok).toBe(true)
    }
    expect(validateRow(row({ date: '2025-10-28', code: 'Q' }), 7, { calendar }).ok).toBe(false)
  })

  it('keeps a formula-looking cell as text, so it fails as a code or a UPN', () => {
    expect(validateRow(row({ code: '=HYPERLINK("http://x")' }), 3, { calendar })).toEqual({
      ok: false,
      error: 'Line 3: unknown attendance code "=HYPERLINK("http://x")"',
    })
    expect(validateRow(row({ upn: '@SUM(A1:A9)' }), 4, { calendar })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Line 4: the UPN "@SUM\(A1:A9\)" is not valid/) as unknown,
    })
  })

  it('cuts a long cell short in the message', () => {
    const result = validateRow(row({ code: 'X'.repeat(500) }), 9, { calendar })
    expect(result).toEqual({ ok: false, error: `Line 9: unknown attendance code "${'X'.repeat(40)}…"` })
  })
})

describe('parseImportDate', () => {
  it.each([
    ['2025-09-03', '2025-09-03'],
    ['03/09/2025', '2025-09-03'], // day first, as UK exports write it
    ['3/9/2025', '2025-09-03'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2025', null],
    ['2025-9-3', null],
    ['09-03-2025', null],
    ['2025-09-03T00:00', null],
  ])('%s → %s', (raw, expected) => {
    expect(parseImportDate(raw)).toBe(expected)
  })
})

describe('escapeForSpreadsheet', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+44 1234', `'+44 1234`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['N', 'N'],
    ['/', '/'],
    ['', ''],
    ['a=b', 'a=b'],
  ])('%j → %j', (text, expected) => {
    expect(escapeForSpreadsheet(text)).toBe(expected)
  })
})
