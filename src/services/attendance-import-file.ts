/**
 * Reads an attendance file from the school's MIS as it streams in (issue 5 item 2, DOMAIN.md PD-16): hashes
 * it, splits it into lines (`CsvLines`, by the full CSV rules from the first quotation mark on: a byte-order
 * mark, Windows line endings and quoted cells all work), maps the header in any column order, checks each row
 * with the domain's `validateRow`, finds its pupil on the school's roll and puts the mark in its pupil's week (`WeekGrid`). Nothing of the file is held
 * but a byte a mark, so a 200 MB file costs little more memory than its marks.
 */
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
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
import { dayNumberOf, slotOf, weekOfDay } from '../domain/attendance/week-slots.js'
import { validateUpn } from '../domain/identifiers/upn.js'
import { CsvLines } from './csv-lines.js'
import { CsvSyntaxError, type CsvProblem } from './csv-records.js'
import { schoolRoll, type RollEntry } from './attendance-import-roll.js'
import { WeekGrid } from './attendance-week-grid.js'
import { ByteKeys } from './byte-keys.js'

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
const MAX_LINE_BYTES = 64 * 1024

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
  let lines: LineReader | null = null
  let repeats = false
  const take = (result: LineResult) => {
    if (result === REPEAT) repeats = true
    else if (result !== MARKED) {
      problems.push(result)
      // Once the file has failed, the rest is read only for its problems: nothing more to keep.
      lines!.keeping = false
      if (problems.length >= options.maxProblems) throw STOP
    }
  }
  const onHeader = (record: string[], line: number): void => {
    const header = mapHeader(record)
    if (!header.ok) problems.push({ path: 'header', message: header.error, line })
    else if (header.columns.upn === undefined) problems.push(noUpnColumn(line))
    else lines = lineReader(header.columns, options, grid)
    if (lines === null) throw STOP
  }
  const onRecord = (record: string[], line: number): void => {
    if (lines === null) return onHeader(record, line)
    imported += 1
    take(lines.record(record, line))
  }
  const onLine = (bytes: Buffer, start: number, end: number, line: number): void => {
    if (lines === null) return onHeader(bytes.toString('utf8', start, end).split(','), line)
    imported += 1
    take(lines.line(bytes, start, end, line))
  }
  const csv = new CsvLines(onLine, onRecord, MAX_LINE_BYTES)
  let reading = true
  const read = (chunk: Buffer | null) => {
    if (!reading) return
    try {
      if (chunk === null) csv.end()
      else csv.push(chunk)
    } catch (error) {
      reading = false
      if (error instanceof CsvSyntaxError) problems.push(notCsv(error.problem, error.line))
      else if (error !== STOP) throw error
    }
  }
  // After a stop the rest of the input is still read, and thrown away, so that an HTTP request gets its answer.
  for await (const piece of input as AsyncIterable<Buffer | string>) {
    // A stream of text (as a test may give) is read as its UTF-8 bytes.
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
    hash.update(chunk)
    bytes += chunk.length
    read(chunk)
    options.onProgress?.({ bytesRead: bytes, rowsRead: imported })
  }
  read(null)
  if (reading && lines === null) problems.push(emptyFile())
  else if (reading && imported === 0) problems.push(noMarks())
  return { problems, grid, imported, repeats, bytes, sha256: hash.digest('hex') }
}

const MARKED = 0
const REPEAT = 1
/** A mark put in the grid (REPEAT: over an earlier line's), or the row's problem. */
type LineResult = typeof MARKED | typeof REPEAT | ImportProblem

type LineReader = {
  /** A line with no quotation mark, `bytes[start..end)`. */
  line(bytes: Buffer, start: number, end: number, line: number): LineResult
  /** A record split by the full CSV rules. */
  record(cells: string[], line: number): LineResult
  /** False once the file has a problem: rows are then only checked. */
  keeping: boolean
}

/** A pupil record of the school, its first and last days on roll as day numbers, its number in the grid. */
type RollDays = { pupilId: string; first: number; last: number; index: number }
/** A date, session and code found good: where the mark goes in the grid. */
type CheckedMark = { day: number; week: number; slot: number; code: number }

/**
 * A cell of one or two ASCII characters (a session, a code) as a number below SHORT_TEXTS, -1 for any other.
 * Two such numbers make the key of a checked mark among those of its date.
 */
function shortText(bytes: Buffer, start: number, end: number): number {
  const first = bytes[start]!
  if (end - start === 1 && first < 128) return first
  const second = bytes[start + 1]!
  if (end - start === 2 && first < 128 && second < 128) return 128 + first * 128 + second
  return -1
}
const SHORT_TEXTS = 128 + 128 * 128
const COMMA = 44

/**
 * Checks and files the rows. A line with no quotation mark (all of a usual MIS export) is read as bytes where
 * it lies: its UPN and date are looked up by their bytes (`ByteKeys`), its session and code by their
 * characters, so that a million rows cost a few thousand checks and almost no strings. Anything not seen good
 * before goes the full way (`rowChecker`) and, once good, is remembered. Both ways give the same answer for the
 * same row.
 */
function lineReader(
  columns: ColumnMap,
  ctx: RowContext & { roll: ReadonlyArray<RollEntry> },
  grid: WeekGrid,
): LineReader {
  const check = rowChecker(columns, ctx)
  const { upn, date, session, code } = columns
  if (upn === undefined || date === undefined || session === undefined || code === undefined)
    throw new Error('A header is mapped only when it has a UPN, date, session and code')
  const rollDays = rollByUpn(ctx.roll)
  const mark = (pupil: RollDays, m: CheckedMark): LineResult => {
    if (!reader.keeping) return MARKED
    if (pupil.index < 0) pupil.index = grid.pupilIndex(pupil.pupilId)
    return grid.mark(pupil.index, m.week, m.slot, m.code) ? REPEAT : MARKED
  }
  /** The full way; a mark found good is remembered in `marks` under `key`, when given. */
  const full = (cells: string[], line: number, marks?: Map<number, CheckedMark>, key = 0): LineResult => {
    const row = check(cells, line)
    if ('message' in row) return row
    const m = {
      day: row.day,
      week: weekOfDay(row.day),
      slot: slotOf(row.day, row.session),
      code: grid.codeIndex(row.code),
    }
    marks?.set(key, m)
    return mark(
      rollDays.get(row.upn)!.find((p) => p.pupilId === row.pupilId)!,
      m,
    )
  }
  const upnKeys = new ByteKeys()
  const pupilsOfUpn: Array<RollDays[] | null> = []
  const dateKeys = new ByteKeys()
  /** By date id, then session and code: the marks found good. */
  const marksOfDate: Array<Map<number, CheckedMark>> = []
  const width = Math.max(upn, date, session, code) + 1
  const starts = new Int32Array(width)
  const ends = new Int32Array(width)
  const fullLine = (
    bytes: Buffer,
    start: number,
    end: number,
    line: number,
    marks?: Map<number, CheckedMark>,
    key?: number,
  ) => full(bytes.toString('utf8', start, end).split(','), line, marks, key)
  const line = (bytes: Buffer, start: number, end: number, line: number): LineResult => {
    let cell = 0
    starts[0] = start
    for (let i = start; i < end && cell < width; i++) {
      if (bytes[i] !== COMMA) continue
      ends[cell] = i
      if (++cell < width) starts[cell] = i + 1
    }
    if (cell < width - 1) return fullLine(bytes, start, end, line)
    if (cell === width - 1) ends[cell] = end
    const upnId = upnKeys.idOf(bytes, starts[upn]!, ends[upn]!)
    let pupils = pupilsOfUpn[upnId]
    if (pupils === undefined) {
      const checked = validateUpn(upnKeys.keyOf(upnId))
      pupils = pupilsOfUpn[upnId] = checked.ok ? (rollDays.get(checked.upn) ?? null) : null
    }
    const sessionKey = shortText(bytes, starts[session]!, ends[session]!)
    const codeKey = shortText(bytes, starts[code]!, ends[code]!)
    if (pupils === null || sessionKey < 0 || codeKey < 0) return fullLine(bytes, start, end, line)
    const dateId = dateKeys.idOf(bytes, starts[date]!, ends[date]!)
    const marks = (marksOfDate[dateId] ??= new Map<number, CheckedMark>())
    const key = sessionKey * SHORT_TEXTS + codeKey
    const m = marks.get(key)
    if (m === undefined) return fullLine(bytes, start, end, line, marks, key)
    for (const pupil of pupils) if (pupil.first <= m.day && m.day <= pupil.last) return mark(pupil, m)
    return fullLine(bytes, start, end, line)
  }
  const reader: LineReader = { line, record: (cells, line) => full(cells, line), keeping: true }
  return reader
}

/** The school's pupil records by UPN, with their days on roll as numbers (`attendance-import-roll.ts`). */
function rollByUpn(roll: ReadonlyArray<RollEntry>): Map<string, RollDays[]> {
  const byUpn = new Map<string, RollDays[]>()
  for (const r of roll) {
    const days: RollDays = {
      pupilId: r.id,
      first: r.enrolledOn === null ? -Infinity : dayNumberOf(r.enrolledOn),
      last: r.leftOn === null ? Infinity : dayNumberOf(r.leftOn),
      index: -1,
    }
    byUpn.set(r.upn, [...(byUpn.get(r.upn) ?? []), days])
  }
  return byUpn
}

/** Thrown from inside the reader to stop reading: the file's problems are already listed. */
const STOP = new Error('stop reading')

type CheckedRow = {
  line: number
  upn: string
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
      upn,
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
