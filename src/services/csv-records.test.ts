import { describe, expect, it } from 'vitest'
import { CsvRecords, CsvSyntaxError } from './csv-records.js'

/** The records of `text` given in pieces of `size` characters, each with its line. */
function records(text: string, size = text.length || 1): Array<[number, string[]]> {
  const out: Array<[number, string[]]> = []
  const reader = new CsvRecords((cells, line) => out.push([line, cells]), 40)
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size))
  reader.end()
  return out
}

function problem(text: string, size?: number): { problem: string; line: number } {
  try {
    records(text, size)
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { problem: error.problem, line: error.line }
    throw error
  }
  throw new Error('no problem found')
}

describe('CsvRecords', () => {
  const cases: Array<[string, string, Array<[number, string[]]>]> = [
    [
      'plain lines',
      'a,b\nc,d\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'no line break at the end',
      'a,b\nc,d',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'Windows line endings',
      'a,b\r\nc,d\r\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    ['a byte-order mark', '\uFEFFa,b\n', [[1, ['a', 'b']]]],
    [
      'empty lines skipped, lines still counted',
      'a\n\r\n\nb\n',
      [
        [1, ['a']],
        [4, ['b']],
      ],
    ],
    ['empty cells', ',a,\n', [[1, ['', 'a', '']]]],
    ['a quoted cell with a comma', '"a,b",c\n', [[1, ['a,b', 'c']]]],
    ['a doubled quotation mark', '"=HYPERLINK(""x"")",c\r\n', [[1, ['=HYPERLINK("x")', 'c']]]],
    [
      'a quoted last cell',
      'a,"b"\r\nc,d\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'a line break inside quotes',
      '"a\nb",c\nd\n',
      [
        [1, ['a\nb', 'c']],
        [3, ['d']],
      ],
    ],
    ['an empty quoted cell', '"",x\n', [[1, ['', 'x']]]],
    ['a quoted cell at the very end', 'a,"b"', [[1, ['a', 'b']]]],
  ]
  it.each(cases)('reads %s, whole or a character at a time', (_name, text, expected) => {
    expect(records(text)).toEqual(expected)
    expect(records(text, 1)).toEqual(expected)
    expect(records(text, 3)).toEqual(expected)
  })

  it('refuses a quotation mark never closed, at the line it opens', () => {
    expect(problem('a,b\nc,"d\ne,f\n')).toEqual({ problem: 'quote_not_closed', line: 2 })
  })

  it('refuses text after a closing quotation mark', () => {
    expect(problem('a\n"b"c,d\n')).toEqual({ problem: 'invalid_closing_quote', line: 2 })
  })

  it('refuses a quotation mark inside an unquoted cell', () => {
    expect(problem('a\nb,c"d\n', 2)).toEqual({ problem: 'invalid_opening_quote', line: 2 })
  })

  it('refuses a record longer than its limit, whether quoted or not', () => {
    expect(problem(`a\n${'x'.repeat(50)}\n`)).toEqual({ problem: 'record_too_long', line: 2 })
    expect(problem(`a\n"${'x'.repeat(50)}`, 7)).toMatchObject({ line: 2 })
  })
})
