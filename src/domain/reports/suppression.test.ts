import { describe, expect, it } from 'vitest'
import {
  isSmallCell,
  suppress,
  suppressBreakdown,
  suppressionThreshold,
  type Measure,
} from './suppression.js'

const WITHHELD: Measure = { withheld: 'fewer than 3 pupils' }

describe('DOMAIN.md PD-11: a measure over fewer than 3 pupils is withheld', () => {
  it.each<[string, number, number, number | undefined, Measure]>([
    ['over no pupils', 0, 0, undefined, WITHHELD],
    ['over 1 pupil', 100, 1, undefined, WITHHELD],
    ['over 2 pupils', 50, 2, undefined, WITHHELD],
    ['over 3 pupils', 66.7, 3, undefined, 66.7],
    ['over 40 pupils', 92.5, 40, undefined, 92.5],
    ['a zero over enough pupils is still shown', 0, 12, undefined, 0],
    ['a school threshold of 5, over 4 pupils', 75, 4, 5, { withheld: 'fewer than 5 pupils' }],
    ['a school threshold of 5, over 5 pupils', 80, 5, 5, 80],
  ])('%s', (_label, measure, n, threshold, expected) => {
    expect(suppress(measure, n, threshold)).toEqual(expected)
  })
})

describe('PD-11: a cell of a breakdown identifies a child when it holds some, but fewer than 3, pupils', () => {
  it.each<[number, boolean]>([
    [0, false],
    [1, true],
    [2, true],
    [3, false],
    [250, false],
  ])('%i pupils → small: %s', (n, small) => {
    expect(isSmallCell(n)).toBe(small)
  })
})

describe('PD-11: a breakdown with a small cell is withheld, measure by measure', () => {
  type Row = { label: string; roll: number; cla: number; pla: number }
  const rows = (...cells: Array<[number, number, number]>): Row[] =>
    cells.map(([roll, cla, pla], i) => ({ label: `Band ${i}`, roll, cla, pla }))

  it.each<[string, Row[], Array<'roll' | 'cla' | 'pla'>]>([
    ['nothing small', rows([120, 3, 4], [130, 5, 0]), []],
    ['one CLA cell of 1', rows([120, 1, 4], [130, 5, 3]), ['cla']],
    ['a cell of 2 in the second row', rows([120, 3, 4], [130, 5, 2]), ['pla']],
    ['zeros do not withhold', rows([120, 0, 0], [130, 0, 0]), []],
    ['a band with 2 on roll withholds the roll too', rows([2, 0, 0], [130, 4, 3]), ['roll']],
    ['every measure small', rows([1, 1, 1]), ['roll', 'cla', 'pla']],
  ])('%s', (_label, input, withheld) => {
    const result = suppressBreakdown(input, ['roll', 'cla', 'pla'] as const)
    expect(result.withheld).toEqual(withheld)
    for (const [i, row] of result.rows.entries()) {
      expect(row.label).toBe(input[i]!.label)
      for (const m of ['roll', 'cla', 'pla'] as const)
        // Withheld in every row, not only the small one: the total would give the hidden cell away.
        expect(row[m]).toEqual(withheld.includes(m) ? WITHHELD : input[i]![m])
    }
  })

  it('uses the school’s threshold', () => {
    const result = suppressBreakdown(rows([120, 4, 5]), ['cla', 'pla'] as const, 5)
    expect(result.withheld).toEqual(['cla'])
    expect(result.rows[0]!.cla).toEqual({ withheld: 'fewer than 5 pupils' })
    expect(result.rows[0]!.pla).toBe(5)
  })
})

describe('PD-11: the threshold is configurable per school, but never below 3', () => {
  it.each<[unknown, number]>([
    [undefined, 3],
    [null, 3],
    [3, 3],
    [5, 5],
    [10, 10],
    [2, 3],
    [0, 3],
    [-1, 3],
    [4.5, 3],
    ['5', 3],
  ])('configured %j → %i', (configured, expected) => {
    expect(suppressionThreshold(configured)).toBe(expected)
  })
})
