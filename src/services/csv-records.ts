/**
 * Splits CSV text (RFC 4180: commas, quoted cells with doubled quotes and line breaks inside, CRLF or LF) into
 * records as it arrives, a chunk at a time, calling `onRecord` for each with the line it starts on. Empty lines
 * are skipped and a byte-order mark at the start is dropped.
 *
 * Written for the attendance import (issue 5): a register file is a million short lines, and csv-parse took
 * 1.8 s to read one, more than three times the whole budget of the import. A line with no quotation mark (nearly
 * every line of an MIS export) is split on its commas; only a line with one goes through the full parser.
 */

export type CsvProblem =
  'quote_not_closed' | 'invalid_closing_quote' | 'invalid_opening_quote' | 'record_too_long'

/** Text that is not CSV, at `line` (the line the record starts on). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: CsvProblem,
    readonly line: number,
  ) {
    super(`CSV ${problem} at line ${line}`)
    this.name = 'CsvSyntaxError'
  }
}

export type OnCsvRecord = (cells: string[], line: number) => void

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** Needs more text before the record can end. */
const MORE = -1

export class CsvRecords {
  private rest = ''
  private started = false
  /** Lines consumed so far. */
  private line: number

  constructor(
    private readonly onRecord: OnCsvRecord,
    /** A record longer than this is refused (most likely a quotation mark left open). */
    private readonly maxRecordChars = 64 * 1024,
    /** Lines of the file already read by someone else: the text starts on the line after. */
    linesBefore = 0,
  ) {
    this.line = linesBefore
    this.started = linesBefore > 0
  }

  /** Takes the next piece of text; calls `onRecord` for each record it completes. */
  push(text: string): void {
    let s = this.rest + text
    if (!this.started && s.length > 0) {
      this.started = true
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
    }
    let i = 0
    let quote = s.indexOf('"')
    for (;;) {
      if (quote !== -1 && quote < i) quote = s.indexOf('"', i)
      const newline = s.indexOf('\n', i)
      if (quote !== -1 && (newline === -1 || quote < newline)) {
        const next = this.parseRecord(s, i, false)
        if (next === MORE) break
        i = next
        continue
      }
      if (newline === -1) break
      this.simpleLine(s, i, newline)
      i = newline + 1
    }
    this.rest = s.slice(i)
    if (this.rest.length > this.maxRecordChars) throw new CsvSyntaxError('record_too_long', this.line + 1)
  }

  /** The text has ended: the last record may have no line break after it. */
  end(): void {
    const s = this.rest
    this.rest = ''
    if (s.length === 0) return
    if (s.includes('"')) this.parseRecord(s, 0, true)
    else this.simpleLine(s, 0, s.length)
  }

  /** A line with no quotation mark, from `start` to the line feed at `end` (or the end of the text). */
  private simpleLine(s: string, start: number, end: number): void {
    this.line += 1
    const stop = end > start && s.charCodeAt(end - 1) === CR ? end - 1 : end
    if (stop - start > this.maxRecordChars) throw new CsvSyntaxError('record_too_long', this.line)
    if (stop > start) this.onRecord(s.slice(start, stop).split(','), this.line)
  }

  /**
   * One record from `start` by the full rules; returns where the next begins, or MORE when the text so far
   * ends inside it (and `atEnd` is false).
   */
  private parseRecord(s: string, start: number, atEnd: boolean): number {
    const line = this.line + 1
    const cells: string[] = []
    let breaks = 0
    let i = start
    for (;;) {
      // Where the cell's text ends, where the next cell or record starts, and whether this cell is the last.
      let next: number
      let last: boolean
      if (s.charCodeAt(i) === QUOTE) {
        let value = ''
        let from = i + 1
        for (;;) {
          const q = s.indexOf('"', from)
          if (q === -1 || (q + 1 >= s.length && !atEnd)) {
            if (atEnd) throw new CsvSyntaxError('quote_not_closed', line)
            return MORE
          }
          value += s.slice(from, q)
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += '"'
            from = q + 2
            continue
          }
          i = q + 1
          break
        }
        breaks += countLineFeeds(value)
        cells.push(value)
        const c = s.charCodeAt(i)
        if (c === CR && i + 1 >= s.length && !atEnd) return MORE
        last = c !== COMMA
        if (c === COMMA || c === LF) next = i + 1
        else if (c === CR && s.charCodeAt(i + 1) === LF) next = i + 2
        else if (i >= s.length) next = i
        else throw new CsvSyntaxError('invalid_closing_quote', line + breaks)
      } else {
        let j = i
        for (; j < s.length; j++) {
          const c = s.charCodeAt(j)
          if (c === COMMA || c === LF) break
          if (c === QUOTE) throw new CsvSyntaxError('invalid_opening_quote', line + breaks)
        }
        if (j >= s.length && !atEnd) return MORE
        last = s.charCodeAt(j) !== COMMA
        const stop = last && j > i && s.charCodeAt(j - 1) === CR ? j - 1 : j
        cells.push(s.slice(i, stop))
        next = Math.min(j + 1, s.length)
      }
      if (!last) {
        i = next
        continue
      }
      if (next - start > this.maxRecordChars) throw new CsvSyntaxError('record_too_long', line)
      this.line += 1 + breaks
      this.onRecord(cells, line)
      return next
    }
  }
}

function countLineFeeds(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}
