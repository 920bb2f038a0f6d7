import { describe, expect, it } from 'vitest'
import { CsvLines } from './csv-lines.js'
import { CsvSyntaxError } from './csv-records.js'

type Out = Array<[number, 'line' | 'record', string[]]>

/** What CsvLines gives for `bytes` in pieces of `size` bytes: each line or record, its number and cells. */
function read(bytes: Buffer, size: number): Out {
  const out: Out = []
  const csv = new CsvLines(
    (b, start, end, line) => out.push([line, 'line', b.toString('utf8', start, end).split(',')]),
    (cells, line) => out.push([line, 'record', cells]),
    40,
  )
  for (let i = 0; i < bytes.length; i += size) csv.push(bytes.subarray(i, i + size))
  csv.end()
  return out
}

/** The same for every size of piece from 1 byte to the whole file. */
function readEveryWay(text: string | Buffer): Out {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text)
  const whole = read(bytes, bytes.length || 1)
  for (let size = 1; size < bytes.length; size++)
    expect(read(bytes, size), `pieces of ${size}`).toEqual(whole)
  return whole
}

describe('CsvLines', () => {
  it('gives each line as bytes, CRLF or LF, skipping empty lines, the last with or without a break', () => {
    expect(readEveryWay('upn,date\r\nA1,2025-09-01\n\nA2,2025-09-02')).toEqual([
      [1, 'line', ['upn', 'date']],
      [2, 'line', ['A1', '2025-09-01']],
      [4, 'line', ['A2', '2025-09-02']],
    ])
  })

  it('drops a byte-order mark, however the first bytes are split', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf])
    expect(readEveryWay(Buffer.concat([bom, Buffer.from('upn\nA1\n')]))).toEqual([
      [1, 'line', ['upn']],
      [2, 'line', ['A1']],
    ])
    expect(readEveryWay(bom)).toEqual([])
  })

  it('reads the file by the full rules from its first quotation mark on, counting lines on', () => {
    expect(readEveryWay('a,b\nc,"d\ne"\r\n"f",g\nh,i\n')).toEqual([
      [1, 'line', ['a', 'b']],
      [2, 'record', ['c', 'd\ne']],
      [4, 'record', ['f', 'g']],
      [5, 'record', ['h', 'i']],
    ])
  })

  it('keeps a character of several bytes whole across pieces', () => {
    expect(readEveryWay('Zoë,Siân\n"Zoë",x\n')).toEqual([
      [1, 'line', ['Zoë', 'Siân']],
      [2, 'record', ['Zoë', 'x']],
    ])
  })

  it('refuses a line far too long, with its number', () => {
    const long = `a\n${'x'.repeat(50)}\n`
    for (const size of [1, 7, long.length]) {
      expect(() => read(Buffer.from(long), size)).toThrow(CsvSyntaxError)
      try {
        read(Buffer.from(long), size)
      } catch (error) {
        expect((error as CsvSyntaxError).line).toBe(2)
      }
    }
  })
})
