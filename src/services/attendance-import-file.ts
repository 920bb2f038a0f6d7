/**
 * Reads an attendance file from the school's MIS as it streams in (issue 5 item 2, DOMAIN.md PD-16): hashes
 * it, splits it into records (`CsvRecords`: a byte-order mark, Windows line endings and quoted cells all
 * work), maps the header in any column order, checks each row with the domain's `validateRow`, finds its
 * pupil on the school's roll and puts the mark in its pupil's week (`WeekGrid`). Nothing of the file is held
 * but a byte a mark, so a 200 MB file costs little more memory than its marks.
 */
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { codeOn } from '../domain/attendance/codes.js'
import {
  mapHeader,
  parseImportDate,
  parseSession,
  readRow,
  validateRow,
  type ColumnMap,
  type RawAttendanceRow,
  type RowContext,
} from '../domain/attendance/import-rows.js'
import { dayNumberOf } from '../domain/attendance/week-slots.js'
import { validateUpn } from '../domain/identifiers/upn.js'
import { CsvRecords, CsvSyntaxError, type CsvProblem } from './csv-records.js'
import { schoolRoll, type RollEntry } from './attendance-import-roll.js'
import { WeekGrid } from './attendance-week-grid.js'

/** A line-numbered problem; `message` reads on its own ("Line 7: …"), `path` names the column. */
export type ImportProblem = { path: string; message: string; line: number }

export type ImportProgress = { bytesRead: number; rowsRead: number }

export type AttendanceFile = {
  /** The problems found, by line, at most `maxProblems`. */
  problems: ImportProblem[]
  /** The checked marks, by pupil and week (empty once the file has a problem). */
  grid: WeekGrid
  /** Data rows, repeats included (PD-16). */
  imported: number
  /** Whether a pupil's session came more than once (the last line wins). */
  repeats: boolean
  bytes: number
  sha256: string
}

// A row longer than this is not an attendance mark: most likely a quote left open, which would otherwise
// swallow the rest of the file into one cell.
const MAX_RECORD_CHARS = 64 * 1024

export async function readAttendanceFile(
  input: Readable,
  options: RowContext & {
    roll: ReadonlyArray<RollEntry>
    maxProblems: number
    onProgress?: ((p: ImportProgress) => void) | undefined
  },
): Promise<AttendanceFile> {
  const hash = createHash('sha256')
  const problems: ImportProblem[] = []
  const grid = new WeekGrid()
  let bytes = 0
  let imported = 0
  let check: RowChecker | null = null
  let repeats = false
  const onRecord = (record: string[], line: number): void => {
    if (check === null) {
      const header = mapHeader(record)
      if (!header.ok) problems.push({ path: 'header', message: header.error, line })
      else if (header.columns.upn === undefined) problems.push(noUpnColumn(line))
      else check = rowChecker(header.columns, options)
      if (check === null) throw STOP
      return
    }
    imported += 1
    const row = check(record, line)
    if ('message' in row) {
      problems.push(row)
      if (problems.length >= options.maxProblems) throw STOP
      return
    }
    // Once the file has failed, the rest is read only for its problems: nothing more to keep.
    if (problems.length > 0) return
    if (grid.set(row.pupilId, row.day, row.session, row.code)) repeats = true
  }
  const records = new CsvRecords(onRecord, MAX_RECORD_CHARS)
  const decoder = new StringDecoder('utf8')
  let reading = true
  const read = (text: string, last: boolean) => {
    if (!reading) return
    try {
      records.push(text)
      if (last) records.end()
    } catch (error) {
      reading = false
      if (error instanceof CsvSyntaxError) problems.push(notCsv(error.problem, error.line))
      else if (error !== STOP) throw error
    }
  }
  // After a stop the rest of the input is still read, and thrown away, so that an HTTP request gets its answer.
  for await (const chunk of input as AsyncIterable<Buffer>) {
    hash.update(chunk)
    bytes += chunk.length
    read(decoder.write(chunk), false)
    options.onProgress?.({ bytesRead: bytes, rowsRead: imported })
  }
  read(decoder.end(), true)
  if (reading && check === null) problems.push(emptyFile())
  else if (reading && imported === 0) problems.push(noMarks())
  return { problems, grid, imported, repeats, bytes, sha256: hash.digest('hex') }
}

/** Thrown from inside the reader to stop reading: the file's problems are already listed. */
const STOP = new Error('stop reading')

type CheckedRow = {
  line: number
  pupilId: string
  date: string
  session: 'AM' | 'PM'
  code: string
  day: number
}
type RowChecker = (cells: string[], line: number) => CheckedRow | ImportProblem
type CheckedCells = Pick<CheckedRow, 'date' | 'session' | 'code' | 'day'>

/**
 * Checks one data row with `validateRow`, remembering what it found for each UPN cell and for each
 * date, session and code, so that a million rows cost a few thousand checks. That is sound because
 * validateRow checks the UPN first and on its own, then the other cells; a row it refuses is checked again
 * in full, for its line-numbered message. Then the pupil: on the school's roll that day.
 */
function rowChecker(columns: ColumnMap, ctx: RowContext & { roll: ReadonlyArray<RollEntry> }): RowChecker {
  const pupilOn = schoolRoll(ctx.roll)
  const upns = new Map<string, string | null>()
  // date → session → code → the checked cells: three lookups, and no key to build for each row.
  const checked = new Map<string, Map<string, Map<string, CheckedCells>>>()
  const cell = (cells: string[], index: number | undefined) =>
    index === undefined ? '' : (cells[index] ?? '')
  const checkCells = (cells: string[], line: number): CheckedCells | ImportProblem => {
    const date = cell(cells, columns.date)
    const session = cell(cells, columns.session)
    const code = cell(cells, columns.code)
    let bySession = checked.get(date)
    if (bySession === undefined) checked.set(date, (bySession = new Map<string, Map<string, CheckedCells>>()))
    let byCode = bySession.get(session)
    if (byCode === undefined) bySession.set(session, (byCode = new Map<string, CheckedCells>()))
    const known = byCode.get(code)
    if (known !== undefined) return known
    const raw = readRow(cells, columns)
    const result = validateRow(raw, line, ctx)
    if (!result.ok) return { path: fieldOf(raw), message: result.error, line }
    const { row } = result
    const fresh = { date: row.date, session: row.session, code: row.code, day: dayNumberOf(row.date) }
    byCode.set(code, fresh)
    return fresh
  }
  return (cells, line) => {
    const upnCell = cell(cells, columns.upn)
    let upn = upns.get(upnCell)
    if (upn === undefined) {
      const result = upnCell.trim() === '' ? null : validateUpn(upnCell)
      upn = result?.ok ? result.upn : null
      upns.set(upnCell, upn)
    }
    if (upn === null) return problemOf(readRow(cells, columns), line, ctx)
    const rest = checkCells(cells, line)
    if ('message' in rest) return rest
    const pupil = pupilOn(upn, rest.date)
    if (!pupil.ok) return { path: 'upn', message: `Line ${line}: ${pupil.message}`, line }
    return {
      line,
      pupilId: pupil.pupilId,
      date: rest.date,
      session: rest.session,
      code: rest.code,
      day: rest.day,
    }
  }
}

function problemOf(raw: RawAttendanceRow, line: number, ctx: RowContext): ImportProblem {
  const result = validateRow(raw, line, ctx)
  // A row with an admission number but no UPN passes validateRow; Harbour matches pupils by UPN only.
  const message = result.ok ? `Line ${line}: the UPN is missing` : result.error
  return { path: 'upn', message, line }
}

/** Which cell a refused row's message is about, in the order validateRow checks them. */
function fieldOf(raw: RawAttendanceRow): string {
  const upn = raw.upn?.trim() ?? ''
  if (upn === '' || !validateUpn(upn).ok) return 'upn'
  const date = parseImportDate(raw.date)
  if (date === null) return 'date'
  if (parseSession(raw.session) === null) return 'session'
  if (raw.code.trim() === '' || !codeOn(raw.code, date).ok) return 'code'
  return 'date'
}

function noUpnColumn(line: number): ImportProblem {
  return {
    path: 'header',
    line,
    message:
      `Line ${line}: there is no UPN column. Harbour finds each pupil by their UPN, not by an admission ` +
      'number: add a column headed "UPN"',
  }
}

function emptyFile(): ImportProblem {
  return {
    path: 'header',
    line: 1,
    message:
      'Line 1: the file is empty. It needs a header line, like upn,date,session,code, then one line a mark',
  }
}

function noMarks(): ImportProblem {
  return { path: 'file', line: 2, message: 'Line 2: the file has a header line but no marks' }
}

const CSV_PROBLEMS: Record<CsvProblem, string> = {
  quote_not_closed: 'a quotation mark is opened but never closed',
  invalid_closing_quote: 'a quotation mark is in the wrong place (a cell in quotes must end at the quote)',
  invalid_opening_quote:
    'a quotation mark is in the wrong place (a cell in quotes must start with the quote)',
  record_too_long: 'the line is far too long for an attendance mark (is a quotation mark left open?)',
}

function notCsv(problem: CsvProblem, line: number): ImportProblem {
  return {
    path: 'file',
    line,
    message: `Line ${line}: ${CSV_PROBLEMS[problem]}. Save the file as CSV from the spreadsheet and try again`,
  }
}
