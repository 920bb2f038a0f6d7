import { describe, expect, it } from 'vitest'
import { checkAuditRange, csvCell, csvLine, londonTimestamp } from './export.js'

describe('the audit export', () => {
  it('gives times in England with their offset, in winter and in summer', () => {
    expect(londonTimestamp(new Date('2026-01-15T09:30:05Z'))).toBe('2026-01-15T09:30:05+00:00')
    expect(londonTimestamp(new Date('2026-06-01T10:00:00Z'))).toBe('2026-06-01T11:00:00+01:00')
    // The hour that happens twice when the clocks go back (25 October 2026) is told apart by its offset.
    expect(londonTimestamp(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T01:30:00+01:00')
    expect(londonTimestamp(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T01:30:00+00:00')
  })

  it('quotes CSV cells that need it and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a, b')).toBe('"a, b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('@sum')).toBe("'@sum")
    expect(csvCell(-1)).toBe('-1')
    expect(csvCell(null)).toBe('')
    expect(csvLine([1, 'two', null])).toBe('1,two,\r\n')
  })

  it('accepts a range in order, and says what is wrong with one that is not', () => {
    expect(checkAuditRange('2026-01-01', '2026-01-31', '2026-03-01')).toEqual([])
    expect(checkAuditRange('2026-01-01', '2026-01-01', '2026-03-01')).toEqual([])
    expect(checkAuditRange('', '', '2026-03-01').map((e) => e.path)).toEqual(['from', 'to'])
    expect(checkAuditRange('2026-02-30', '2026-03-01', '2026-03-01')[0]?.message).toBe(
      'The first day must be a real date',
    )
    expect(checkAuditRange('2026-02-01', '2026-01-01', '2026-03-01')).toEqual([
      { path: 'to', message: 'The last day must be the same as or after the first day' },
    ])
    expect(checkAuditRange('2026-04-01', '2026-04-02', '2026-03-01')[0]?.path).toBe('from')
  })
})
