import { describe, expect, it } from 'vitest'
import { dayNumberOf, weekCodes, weekOfDay, weekStartOf } from '../domain/attendance/week-slots.js'
import type { AlertWatch } from './attendance-alerts.js'
import { WeekGrid } from './attendance-week-grid.js'
import {
  planWeekMerge,
  storedWeekKey,
  type StoredWeek,
  type WeekMergePlan,
  type WeekRows,
} from './attendance-week-merge.js'

const PUPIL = '0190a000-0000-7000-8000-000000000001'
const OTHER = '0190a000-0000-7000-8000-000000000002'
const day = dayNumberOf
const WEEK = weekOfDay(day('2026-11-23'))
const NO_MARKS = Array<null>(14).fill(null)

/** Each week of the grid as pupil, week and the code of each session. */
function weeksOf(grid: WeekGrid) {
  const codes = grid.codes()
  const weeks: Array<[string, number, Array<string | null>]> = []
  grid.forEachWeek((pupilId, week, slots, at) =>
    weeks.push([pupilId, week, Array.from(slots.subarray(at, at + 14), (i) => (i === 0 ? null : codes[i]!))]),
  )
  return weeks
}

function gridOf(marks: Array<[string, string, 'AM' | 'PM', string]>) {
  const grid = new WeekGrid()
  for (const [pupilId, date, session, code] of marks) grid.set(pupilId, day(date), session, code)
  return grid
}

describe('WeekGrid', () => {
  it('keeps each pupil’s marks by week, the last line of a repeated session winning', () => {
    const grid = new WeekGrid()
    expect(grid.set(PUPIL, day('2026-11-23'), 'AM', '/')).toBe(false)
    expect(grid.set(PUPIL, day('2026-11-23'), 'AM', 'N')).toBe(true)
    expect(grid.set(PUPIL, day('2026-11-27'), 'PM', '\\')).toBe(false)
    expect(grid.set(PUPIL, day('2026-11-30'), 'AM', 'C1')).toBe(false)
    expect(grid.set(OTHER, day('2026-11-23'), 'AM', '/')).toBe(false)
    const weeks = weeksOf(grid)
    expect(weeks.map(([pupilId, week]) => [pupilId, week])).toEqual([
      [PUPIL, WEEK],
      [PUPIL, WEEK + 1],
      [OTHER, WEEK],
    ])
    expect(weeks[0]![2]).toEqual([
      'N',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      '\\',
      null,
      null,
      null,
      null,
    ])
    expect(grid.pupils()).toEqual([PUPIL, OTHER])
    expect(grid.weekRange()).toEqual({ first: WEEK, last: WEEK + 1 })
  })

  it('holds far more weeks than it starts with', () => {
    const grid = new WeekGrid()
    for (let i = 0; i < 5000; i++) grid.set(`pupil-${i}`, day('2026-11-23'), 'AM', '/')
    expect(weeksOf(grid)).toHaveLength(5000)
    expect(new WeekGrid().weekRange()).toBeNull()
  })
})

type Planned = WeekMergePlan & { newWeeks: string[]; changedWeeks: string[] }

/** planWeekMerge, with the weeks it writes as `pupil monday codes imports` lines. */
function planOf(
  grid: WeekGrid,
  stored: ReadonlyMap<string, StoredWeek>,
  importNumber: number,
  watch: AlertWatch,
): Planned {
  const rows = () => {
    const lines: string[] = []
    const sink: WeekRows = {
      add: (pupilId, week, codes, imports) =>
        lines.push(`${pupilId} ${weekStartOf(week)} ${codes}|${imports.map((n) => n ?? '-').join(',')}`),
    }
    return { lines, sink }
  }
  const added = rows()
  const changed = rows()
  const result = planWeekMerge(grid, stored, importNumber, watch, {
    newWeeks: added.sink,
    changedWeeks: changed.sink,
  })
  return { ...result, newWeeks: added.lines, changedWeeks: changed.lines }
}

describe('planWeekMerge', () => {
  const slots = (entries: Record<number, string>) => NO_MARKS.map((_, slot) => entries[slot] ?? null)
  const watchAll = { pupils: new Set([PUPIL]), since: '2026-09-01' }

  it('adds new sessions, supersedes changed ones into history, and leaves equal ones with their import', () => {
    const stored = new Map<string, StoredWeek>([
      [
        storedWeekKey(PUPIL, WEEK),
        { codes: weekCodes(slots({ 0: '/', 1: 'N', 2: 'L' })), imports: [3, 4, 3] },
      ],
    ])
    const grid = gridOf([
      [PUPIL, '2026-11-23', 'AM', '/'],
      [PUPIL, '2026-11-23', 'PM', '\\'],
      [PUPIL, '2026-11-24', 'PM', 'I'],
    ])
    const result = planOf(grid, stored, 9, watchAll)
    expect(result).toMatchObject({ added: 1, superseded: 1, unchanged: 1, newWeeks: [] })
    expect(result.changedWeeks).toEqual([
      `${PUPIL} 2026-11-23 / \\ L I                     |3,9,3,9,-,-,-,-,-,-,-,-,-,-`,
    ])
    expect(result.historyLines).toEqual([`${PUPIL}\t2026-11-23\tPM\tN\t4\n`])
    expect(result.changedLines).toEqual([
      `${PUPIL}\t2026-11-23\tPM\tN\t\\\\\n`,
      `${PUPIL}\t2026-11-24\tPM\t\\N\tI\n`,
    ])
  })

  it('writes a new week whole, with this import for each session it marks', () => {
    const result = planOf(
      gridOf([
        [OTHER, '2026-11-29', 'PM', '#'],
        [OTHER, '2026-11-23', 'AM', 'C1'],
      ]),
      new Map(),
      2,
      watchAll,
    )
    expect(result).toMatchObject({ added: 2, changedWeeks: [], changedLines: [] })
    expect(result.newWeeks).toEqual([
      `${OTHER} 2026-11-23 C1                        # |2,-,-,-,-,-,-,-,-,-,-,-,-,2`,
    ])
  })

  it('writes nothing for a week the file repeats exactly', () => {
    const stored = new Map([
      [storedWeekKey(PUPIL, WEEK), { codes: weekCodes(slots({ 0: '/' })), imports: [1] }],
    ])
    const same = planOf(gridOf([[PUPIL, '2026-11-23', 'AM', '/']]), stored, 2, watchAll)
    expect(same).toEqual({
      newWeeks: [],
      changedWeeks: [],
      historyLines: [],
      changedLines: [],
      added: 0,
      superseded: 0,
      unchanged: 1,
    })
  })

  it('lists for the alerts only the changes they read: a watched pupil’s, from `since`, or a recode from N or O', () => {
    const stored = new Map([
      [storedWeekKey(PUPIL, WEEK - 12), { codes: weekCodes(slots({ 0: 'N', 1: 'L' })), imports: [1, 1] }],
    ])
    const grid = gridOf([
      [PUPIL, '2026-08-31', 'AM', 'I'], // recode from N, before `since`: read
      [PUPIL, '2026-08-31', 'PM', 'M'], // recode from L, before `since`: not read
      [PUPIL, '2026-09-01', 'AM', 'N'], // the week of `since`, on it: read
      [PUPIL, '2026-11-23', 'AM', '/'], // after: read
      [OTHER, '2026-11-23', 'AM', 'N'], // not watched
    ])
    const result = planOf(grid, stored, 2, { pupils: new Set([PUPIL]), since: '2026-09-01' })
    expect(result.changedLines).toEqual([
      `${PUPIL}\t2026-08-31\tAM\tN\tI\n`,
      `${PUPIL}\t2026-09-01\tAM\t\\N\tN\n`,
      `${PUPIL}\t2026-11-23\tAM\t\\N\t/\n`,
    ])
    const notYet = planOf(gridOf([[PUPIL, '2026-09-01', 'AM', 'N']]), new Map(), 2, {
      pupils: new Set([PUPIL]),
      since: '2026-09-02',
    })
    expect(notYet.changedLines).toEqual([])
  })
})
