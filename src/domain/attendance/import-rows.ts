/**
 * Rows of an attendance file from the school's MIS (shared/API.md "Attendance", DOMAIN.md PD-16): the
 * header is matched against an alias table, then each data row is checked and turned into a mark.
 * Parsing the CSV itself (quotes, line endings, streaming) is the caller's work.
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import { isSchoolDay, termOf, type SchoolCalendar } from '../calendar/school-calendar.js'
import { validateUpn } from '../identifiers/upn.js'
import { allowedOnClosedDay, codeOn, quoted, type AttendanceTreatment } from './codes.js'
import type { Session } from './marks.js'

export type ImportField = 'upn' | 'admissionNumber' | 'date' | 'session' | 'code'

/**
 * Header names seen in MIS exports, compared without case or spaces. An admission number ("Adno") is the
 * school's own number, not a UPN: it gets a field of its own and the caller decides how to match it.
 */
export const HEADER_ALIASES: Readonly<Record<ImportField, ReadonlyArray<string>>> = {
  upn: ['UPN', 'Unique pupil number', 'Pupil UPN'],
  admissionNumber: ['Adno', 'Adm no', 'Admission number', 'Admission no'],
  date: ['Date', 'Session date', 'Mark date', 'Attendance date'],
  session: ['Session', 'AM/PM', 'AMPM'],
  code: ['Code', 'Mark', 'Attendance mark', 'Attendance code'],
}

const FIELD_NAMES: Record<ImportField, string> = {
  upn: 'UPN',
  admissionNumber: 'admission number',
  date: 'date',
  session: 'session (AM or PM)',
  code: 'attendance code',
}

const FIELDS = Object.keys(HEADER_ALIASES) as ImportField[]

function headerKey(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .replace(/[\s_-]+/g, '')
    .toLowerCase()
}

const FIELD_BY_KEY: ReadonlyMap<string, ImportField> = new Map(
  FIELDS.flatMap((field) => HEADER_ALIASES[field].map((alias) => [headerKey(alias), field] as const)),
)

/** Column index of each field found; `upn` or `admissionNumber` (or both) is present. */
export type ColumnMap = Partial<Record<ImportField, number>>

export type HeaderResult = { ok: true; columns: ColumnMap; ignored: string[] } | { ok: false; error: string }

/** Strips a byte-order mark from the start of a file's first line (or first cell). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * Maps the header line, in any column order. Columns it does not know (a name, a registration group) are
 * listed in `ignored`.
 */
export function mapHeader(cells: ReadonlyArray<string>): HeaderResult {
  const columns: ColumnMap = {}
  const ignored: string[] = []
  for (const [index, raw] of cells.entries()) {
    const cell = index === 0 ? stripBom(raw) : raw
    const field = FIELD_BY_KEY.get(headerKey(cell))
    if (field === undefined) {
      if (cell.trim() !== '') ignored.push(cell.trim())
      continue
    }
    const earlier = columns[field]
    if (earlier !== undefined) {
      return {
        ok: false,
        error: `Line 1: two columns hold the ${FIELD_NAMES[field]}: "${cells[earlier]!.trim()}" and "${cell.trim()}". Remove one of them`,
      }
    }
    columns[field] = index
  }
  if (columns.upn === undefined && columns.admissionNumber === undefined) {
    return { ok: false, error: missingColumn('upn') }
  }
  for (const field of ['date', 'session', 'code'] as const) {
    if (columns[field] === undefined) return { ok: false, error: missingColumn(field) }
  }
  return { ok: true, columns, ignored }
}

function missingColumn(field: ImportField): string {
  const names = HEADER_ALIASES[field].map((a) => `"${a}"`)
  return `Line 1: there is no ${FIELD_NAMES[field]} column. Head it ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

/** A data row's cells by field, as text. */
export type RawAttendanceRow = {
  upn?: string
  admissionNumber?: string
  date: string
  session: string
  code: string
}

/** Picks a data row's cells by the header's column map; a short row gives empty cells. */
export function readRow(cells: ReadonlyArray<string>, columns: ColumnMap): RawAttendanceRow {
  const at = (field: ImportField): string | undefined => {
    const i = columns[field]
    return i === undefined ? undefined : (cells[i] ?? '')
  }
  const row: RawAttendanceRow = {
    date: at('date') ?? '',
    session: at('session') ?? '',
    code: at('code') ?? '',
  }
  const upn = at('upn')
  const admissionNumber = at('admissionNumber')
  if (upn !== undefined) row.upn = upn
  if (admissionNumber !== undefined) row.admissionNumber = admissionNumber
  return row
}

export type AttendanceImportRow = {
  /** Null when the row has only an admission number, for the caller to match. */
  upn: string | null
  admissionNumber: string | null
  date: IsoDate
  session: Session
  code: string
  treatment: AttendanceTreatment
}

export type RowContext = {
  /** The school's calendar; null when the school has not set one, so any day is accepted. */
  calendar: SchoolCalendar | null
}

export type RowResult = { ok: true; row: AttendanceImportRow } | { ok: false; error: string }

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** YYYY-MM-DD or DD/MM/YYYY (UK order) to an ISO date; null when it is not a real date in either form. */
export function parseImportDate(raw: string): IsoDate | null {
  const text = raw.trim()
  if (isIsoDate(text)) return text
  const m = DMY.exec(text)
  if (!m) return null
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

/** AM or PM in any case; nothing else (not "A", "P" or "morning"). */
export function parseSession(raw: string): Session | null {
  const text = raw.trim().toUpperCase()
  return text === 'AM' || text === 'PM' ? text : null
}

/**
 * Checks one data row. `lineNumber` is the file's line (the header is line 1). A formula-looking cell
 * like `=HYPERLINK(...)` is kept as text and fails the UPN or code check like any other bad value.
 */
export function validateRow(raw: RawAttendanceRow, lineNumber: number, ctx: RowContext): RowResult {
  const fail = (message: string): RowResult => ({ ok: false, error: `Line ${lineNumber}: ${message}` })

  const upnCell = raw.upn?.trim() ?? ''
  const admissionNumber = raw.admissionNumber?.trim() ?? ''
  let upn: string | null = null
  if (upnCell !== '') {
    const checked = validateUpn(upnCell)
    if (!checked.ok) return fail(`the UPN ${quoted(upnCell)} is not valid. ${checked.message}`)
    upn = checked.upn
  } else if (admissionNumber === '') {
    return fail(raw.upn === undefined ? 'the admission number is missing' : 'the UPN is missing')
  }

  if (raw.date.trim() === '') return fail('the date is missing')
  const date = parseImportDate(raw.date)
  if (date === null) {
    return fail(
      `the date ${quoted(raw.date.trim())} is not a real date. Write it like 2025-09-03 or 03/09/2025`,
    )
  }

  const session = parseSession(raw.session)
  if (session === null) return fail(`the session must be AM or PM, not ${quoted(raw.session.trim())}`)

  if (raw.code.trim() === '') return fail('the attendance code is missing')
  const code = codeOn(raw.code, date)
  if (!code.ok) return fail(code.message)

  // DOMAIN.md PD-16: only a closure code may fall on a day the school is not open.
  if (ctx.calendar !== null && !isSchoolDay(ctx.calendar, date) && !allowedOnClosedDay(code.entry.code)) {
    const where =
      termOf(ctx.calendar, date) === null ? 'is outside the school’s terms' : 'is not a school day'
    return fail(`${formatDate(date)} ${where}. Only # or Y1 to Y7 can be used on a day the school is closed`)
  }

  return {
    ok: true,
    row: {
      upn,
      admissionNumber: admissionNumber === '' ? null : admissionNumber,
      date,
      session,
      code: code.entry.code,
      treatment: code.entry.treatment,
    },
  }
}

/**
 * Text for a spreadsheet cell: a value a spreadsheet would run as a formula (first character =, +, -, @,
 * a tab or a carriage return) gets a leading apostrophe. Quoting for CSV is separate (see audit/export.ts
 * `csvCell`, which applies the same rule).
 */
export function escapeForSpreadsheet(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}
