/**
 * Rows in PostgreSQL's binary COPY format (the "Binary Format" section of the COPY page of the PostgreSQL
 * manual), for the attendance import's weeks (issue 5): the server then parses no text (uuid_in, date_in and
 * array_in were most of what a text COPY of the weeks cost). Both engines take it: PostgreSQL from stdin,
 * PGlite from a blob.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const INT4_OID = 23
const POSTGRES_EPOCH_DAY = 10_957 // 2000-01-01, in days from 1970-01-01
const CHUNK_BYTES = 1024 * 1024

/** Writes rows into buffers of about a megabyte; `finish` ends the data and gives them all. */
export class BinaryCopyWriter {
  private readonly chunks: Buffer[] = []
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  private at = 0
  private rowCount = 0

  constructor() {
    this.reserve(SIGNATURE.length + 8)
    SIGNATURE.copy(this.buffer, this.at)
    this.at += SIGNATURE.length
    this.at = this.buffer.writeInt32BE(0, this.at) // flags
    this.at = this.buffer.writeInt32BE(0, this.at) // header extension length
  }

  get rows(): number {
    return this.rowCount
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): this {
    this.reserve(2)
    this.at = this.buffer.writeInt16BE(fields, this.at)
    this.rowCount += 1
    return this
  }

  /** A field already encoded (its length first): from `uuidField`, `int4ArrayField` or `dateField`. */
  field(encoded: Buffer): this {
    this.reserve(encoded.length)
    encoded.copy(this.buffer, this.at)
    this.at += encoded.length
    return this
  }

  /** A text field, written as UTF-8. */
  text(value: string): this {
    const bytes = Buffer.byteLength(value)
    this.reserve(4 + bytes)
    this.at = this.buffer.writeInt32BE(bytes, this.at)
    this.at += this.buffer.write(value, this.at, 'utf8')
    return this
  }

  /** The buffers filled so far, each given once: a long COPY can be sent while it is still being written. */
  take(): Buffer[] {
    return this.chunks.splice(0)
  }

  /** The rest of the data, ended; the writer takes no more rows. */
  finish(): Buffer[] {
    this.reserve(2)
    this.at = this.buffer.writeInt16BE(-1, this.at)
    this.chunks.push(this.buffer.subarray(0, this.at))
    this.at = 0
    return this.chunks
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return
    if (this.at > 0) this.chunks.push(this.buffer.subarray(0, this.at))
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes))
    this.at = 0
  }
}

/** A uuid field (`0190a000-…`), length first. */
export function uuidField(uuid: string): Buffer {
  const field = Buffer.allocUnsafe(20)
  field.writeInt32BE(16, 0)
  const written = field.write(uuid.replaceAll('-', ''), 4, 'hex')
  if (written !== 16) throw new Error(`Not a uuid: ${uuid}`)
  return field
}

/** A date field from its day number (days from 1970-01-01), length first. */
export function dateField(day: number): Buffer {
  const field = Buffer.allocUnsafe(8)
  field.writeInt32BE(4, 0)
  field.writeInt32BE(day - POSTGRES_EPOCH_DAY, 4)
  return field
}

/** A one-dimensional integer[] field (nulls allowed), length first. */
export function int4ArrayField(values: ReadonlyArray<number | null>): Buffer {
  const size = 20 + values.reduce<number>((bytes, value) => bytes + (value === null ? 4 : 8), 0)
  const field = Buffer.allocUnsafe(4 + size)
  let at = field.writeInt32BE(size, 0)
  at = field.writeInt32BE(1, at) // dimensions
  at = field.writeInt32BE(values.includes(null) ? 1 : 0, at)
  at = field.writeInt32BE(INT4_OID, at)
  at = field.writeInt32BE(values.length, at)
  at = field.writeInt32BE(1, at) // lower bound
  for (const value of values) {
    if (value === null) {
      at = field.writeInt32BE(-1, at)
      continue
    }
    at = field.writeInt32BE(4, at)
    at = field.writeInt32BE(value, at)
  }
  return field
}
