/**
 * Reads an attendance file from the school's MIS as it streams in (issue 5 item 2, DOMAIN.md PD-16): hashes
 * it, parses it with csv-parse (a byte-order mark, Windows line endings and quoted cells all work), maps the
 * header in any column order, checks each row with the domain's `validateRow`, finds its pupil on the school's
 * roll and hands the good rows on in batches. Nothing is held but the current batch (and a bit for each session
 * seen, to spot repeats), so a 200 MB file costs little more memory than a small one.
 */
import { createHash } from 'node:crypto'
import type { Readable, Writable } from 'node:stream'
import { CsvError, parse, type Options } from 'csv-parse'
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
import { validateUpn } from '../domain/identifiers/upn.js'
import type { StagedMark } from '../data/repositories/attendance-import.repository.js'
import { dayNumber, schoolRoll, sessionsSeen, type RollEntry } from './attendance-import-roll.js'

/** A line-numbered problem; `message` reads on its own ("Line 7: …"), `path` names the column. */
export type ImportProblem = { path: string; message: string; line: number }

export type ImportProgress = { bytesRead: number; rowsRead: number }

export type AttendanceFile = {
  /** The checked rows, a batch at a time; reading them reads the file. */
  batches(): AsyncGenerator<StagedMark[]>
  /** The problems found so far, by line, at most `maxProblems`. */
  readonly problems: ImportProblem[]
  /**
   * After the batches are read: data rows (repeats included, PD-16), whether a pupil's session came more than
   * once, the file's size and its SHA-256.
   */
  summary(): { imported: number; repeats: boolean; bytes: number; sha256: string }
}

const BATCH_ROWS = 5000
// A row longer than this is not an attendance mark: most likely a quote left open, which would otherwise
// swallow the rest of the file into one cell.
const MAX_RECORD_BYTES = 64 * 1024

export function readAttendanceFile(
  input: Readable,
  options: RowContext & {
    roll: ReadonlyArray<RollEntry>
    maxProblems: number
    onProgress?: ((p: ImportProgress) => void) | undefined
  },
): AttendanceFile {
  const hash = createHash('sha256')
  const problems: ImportProblem[] = []
  let bytes = 0
  let imported = 0
  let check: RowChecker | null = null
  let repeats = false
  const seen = sessionsSeen()
  let batch: StagedMark[] = []
  const onRecord = (record: string[], { lines }: { lines: number }): StagedMark[] | null => {
    if (check === null) {
      const header = mapHeader(record)
      if (!header.ok) problems.push({ path: 'header', message: header.error, line: lines })
      else if (header.columns.upn === undefined) problems.push(noUpnColumn(lines))
      else check = rowChecker(header.columns, options)
      if (check === null) throw STOP
      return null
    }
    imported += 1
    const row = check(record, lines)
    if ('message' in row) {
      problems.push(row)
      if (problems.length >= options.maxProblems) throw STOP
      return null
    }
    if (seen.add(row.pupilId, row.day, row.session)) repeats = true
    // Once the file has failed, the rest is read only for its problems: nothing more to stage.
    if (problems.length > 0) return null
    batch.push({ line: row.line, pupilId: row.pupilId, date: row.date, session: row.session, code: row.code })
    if (batch.length < BATCH_ROWS) return null
    const full = batch
    batch = []
    return full
  }
  // Each record is checked as csv-parse reads it (`on_record`), and only full batches come out of the parser:
  // one hand-over per BATCH_ROWS rows rather than one per row.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    // csv-parse types on_record as returning a record; here it returns a batch of checked rows, or nothing.
    on_record: onRecord as unknown as Options['on_record'],
  })
  const stop = feed(input, parser, (chunk) => {
    hash.update(chunk)
    bytes += chunk.length
    options.onProgress?.({ bytesRead: bytes, rowsRead: imported })
  })

  async function* batches(): AsyncGenerator<StagedMark[]> {
    try {
      for await (const full of parser as AsyncIterable<StagedMark[]>) yield full
      if (check === null) problems.push(emptyFile())
      else if (imported === 0) problems.push(noMarks())
      if (batch.length > 0) yield batch
    } catch (error) {
      if (error === STOP) return
      if (!(error instanceof CsvError)) throw error
      problems.push(notCsv(error))
    } finally {
      stop()
    }
  }

  return {
    batches,
    problems,
    summary: () => ({ imported, repeats, bytes, sha256: hash.copy().digest('hex') }),
  }
}

/**
 * Writes `input` into `parser`, chunk by chunk (`onChunk` sees each first), pausing while the parser is full.
 * The function returned stops: the rest of the input is then read and thrown away, so that an HTTP request
 * still gets its answer.
 */
function feed(input: Readable, parser: Writable, onChunk: (chunk: Buffer) => void): () => void {
  const onData = (chunk: Buffer) => {
    onChunk(chunk)
    if (!parser.write(chunk)) input.pause()
  }
  const onEnd = () => parser.end()
  const onError = (error: Error) => parser.destroy(error)
  parser.on('drain', () => input.resume())
  input.on('data', onData)
  input.once('end', onEnd)
  input.once('error', onError)
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    input.off('data', onData)
    input.off('end', onEnd)
    input.off('error', onError)
    input.on('error', () => {})
    input.resume()
  }
}

/** Thrown from inside the parser to stop reading: the file's problems are already listed. */
const STOP = new Error('stop reading')

type CheckedRow = StagedMark & { day: number }
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
    const fresh = { date: row.date, session: row.session, code: row.code, day: dayNumber(row.date) }
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

const CSV_PROBLEMS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quotation mark is opened but never closed',
  CSV_INVALID_CLOSING_QUOTE:
    'a quotation mark is in the wrong place (a cell in quotes must end at the quote)',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'a quotation mark is in the wrong place (a cell in quotes must end at the quote)',
  INVALID_OPENING_QUOTE:
    'a quotation mark is in the wrong place (a cell in quotes must start with the quote)',
  CSV_MAX_RECORD_SIZE: 'the line is far too long for an attendance mark (is a quotation mark left open?)',
}

function notCsv(error: CsvError): ImportProblem {
  const line = typeof error.lines === 'number' ? error.lines : 1
  const what = CSV_PROBLEMS[error.code] ?? 'this is not a CSV file Harbour can read'
  return {
    path: 'file',
    line,
    message: `Line ${line}: ${what}. Save the file as CSV from the spreadsheet and try again`,
  }
}
