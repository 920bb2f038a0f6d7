/**
 * Splits CSV bytes into lines as they arrive, a chunk at a time (issue 5): while the file has no quotation mark
 * (an MIS export of marks has none), each line goes to `onLine` as bytes, where it lies, for the caller to
 * split on its commas without making a string of it. From the first quotation mark on, the rest of the file
 * is decoded and read by the full rules (`CsvRecords`), each record going to `onRecord` as cells. Either way
 * a byte-order mark is dropped, CRLF and LF both end a line, empty lines are skipped and lines are numbered
 * from 1.
 */
import { StringDecoder } from 'node:string_decoder'
import { CsvRecords, CsvSyntaxError, type OnCsvRecord } from './csv-records.js'

/** A line with no quotation mark: `bytes[start..end)`, its line break left out. */
export type OnCsvLine = (bytes: Buffer, start: number, end: number, line: number) => void

const LF = 10
const CR = 13
const QUOTE = 34
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

export class CsvLines {
  /** The bytes of a line not yet ended. */
  private rest: Buffer | null = null
  private line = 0
  private bomChecked = false
  /** Once a quotation mark is seen: the rest of the file, decoded, by the full rules. */
  private records: { csv: CsvRecords; decoder: StringDecoder } | null = null

  constructor(
    private readonly onLine: OnCsvLine,
    private readonly onRecord: OnCsvRecord,
    /** A line longer than this is refused (most likely a quotation mark left open). */
    private readonly maxLineBytes = 64 * 1024,
  ) {}

  /** Takes the next chunk of the file; calls `onLine` or `onRecord` for each line it completes. */
  push(chunk: Buffer): void {
    if (this.records !== null) return this.records.csv.push(this.records.decoder.write(chunk))
    const bytes = this.rest === null ? chunk : Buffer.concat([this.rest, chunk])
    this.rest = null
    let start = 0
    if (!this.bomChecked) {
      // Too short yet to tell whether the file starts with a byte-order mark.
      if (bytes.length < BOM.length && BOM.subarray(0, bytes.length).equals(bytes)) {
        this.rest = Buffer.from(bytes)
        return
      }
      this.bomChecked = true
      if (bytes.subarray(0, BOM.length).equals(BOM)) start = BOM.length
    }
    const quote = bytes.indexOf(QUOTE, start)
    for (;;) {
      const newline = bytes.indexOf(LF, start)
      if (quote !== -1 && (newline === -1 || quote < newline)) return this.readByRules(bytes.subarray(start))
      if (newline === -1) break
      this.emit(bytes, start, newline)
      start = newline + 1
    }
    if (start === bytes.length) return
    if (bytes.length - start > this.maxLineBytes) throw new CsvSyntaxError('record_too_long', this.line + 1)
    this.rest = Buffer.from(bytes.subarray(start))
  }

  /** The file has ended: the last line may have no line break after it. */
  end(): void {
    if (this.records !== null) {
      this.records.csv.push(this.records.decoder.end())
      this.records.csv.end()
      return
    }
    const rest = this.rest
    this.rest = null
    if (rest === null) return
    const start = !this.bomChecked && rest.equals(BOM.subarray(0, rest.length)) ? rest.length : 0
    if (rest.includes(QUOTE)) {
      this.readByRules(rest.subarray(start))
      this.records!.csv.end()
    } else this.emit(rest, start, rest.length)
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    this.line += 1
    const stop = end > start && bytes[end - 1] === CR ? end - 1 : end
    if (stop - start > this.maxLineBytes) throw new CsvSyntaxError('record_too_long', this.line)
    if (stop > start) this.onLine(bytes, start, stop, this.line)
  }

  private readByRules(bytes: Buffer): void {
    const decoder = new StringDecoder('utf8')
    this.records = { csv: new CsvRecords(this.onRecord, this.maxLineBytes, this.line), decoder }
    this.records.csv.push(decoder.write(bytes))
  }
}
