import { describe, expect, it } from 'vitest'
import type { AttendanceMark } from './marks.js'
import {
  attendanceTally,
  percentToOneDecimal,
  summariseMarks,
  summaryFromCounts,
  type TreatmentCounts,
} from './statistics.js'

function marks(...groups: Array<[code: string, sessions: number]>): AttendanceMark[] {
  const out: AttendanceMark[] = []
  for (const [code, n] of groups) {
    for (let i = 0; i < n; i++) out.push({ date: '2025-09-03', session: i % 2 === 0 ? 'AM' : 'PM', code })
  }
  return out
}

const counts = (
  present: number,
  authorised: number,
  unauthorised: number,
  notCounted = 0,
): TreatmentCounts => ({
  present,
  authorised,
  unauthorised,
  notCounted,
})

describe('DOMAIN.md ATT-7: possible, attended and absent sessions', () => {
  it('counts each treatment and leaves the not-counted codes out of possible sessions', () => {
    const summary = summariseMarks(
      marks(
        ['/', 3],
        ['\\', 3],
        ['L', 1],
        ['K', 1],
        ['I', 2],
        ['C2', 1],
        ['N', 1],
        ['U', 1],
        ['D', 2],
        ['#', 2],
        ['Y4', 1],
        ['X', 1],
        ['Z', 1],
        ['Q', 1],
      ),
    )
    expect(summary).toEqual({
      possibleSessions: 13,
      attendedSessions: 8,
      authorisedAbsence: 3,
      unauthorisedAbsence: 2,
      notCounted: 8,
      attendancePercent: 61.5,
      persistentAbsence: true,
      severeAbsence: false,
    })
  })

  it('gives null and no absence flags for a period with no possible sessions', () => {
    expect(summariseMarks([])).toEqual({
      possibleSessions: 0,
      attendedSessions: 0,
      authorisedAbsence: 0,
      unauthorisedAbsence: 0,
      notCounted: 0,
      attendancePercent: null,
      persistentAbsence: false,
      severeAbsence: false,
    })
    const closedOnly = summariseMarks(marks(['#', 10], ['Y1', 2]))
    expect(closedOnly).toMatchObject({ possibleSessions: 0, notCounted: 12, attendancePercent: null })
    expect(closedOnly.persistentAbsence).toBe(false)
    expect(closedOnly.severeAbsence).toBe(false)
  })

  it('uses the old treatment of a withdrawn code (PD-16)', () => {
    expect(summariseMarks(marks(['/', 2], ['H', 1], ['Y', 1]))).toMatchObject({
      possibleSessions: 3,
      authorisedAbsence: 1,
      notCounted: 1,
    })
  })

  it('refuses a mark with an unknown code rather than miscount it', () => {
    expect(() => summariseMarks(marks(['ZZ', 1]))).toThrow(RangeError)
  })
})

describe('DOMAIN.md ATT-8: persistent absence at 10% and severe absence at 50%', () => {
  it.each([
    // present, authorised, unauthorised → persistent, severe
    [90, 10, 0, true, false], // exactly 10%
    [90, 0, 10, true, false], // exactly 10%, unauthorised
    [91, 5, 4, false, false], // 9%
    [18002, 1999, 0, false, false], // 9.9945%: rounds to 10.0% but is under 10%
    [1799, 200, 0, true, false], // 10.005%
    [50, 25, 25, true, true], // exactly 50%
    [51, 49, 0, true, false], // 49%
    [1001, 1000, 0, true, false], // 49.975%: rounds to 50.0% but is under 50%
    [0, 3, 1, true, true], // 100%
    [100, 0, 0, false, false],
  ])(
    '%i present, %i authorised, %i unauthorised → persistent %s, severe %s',
    (present, authorised, unauthorised, persistent, severe) => {
      const summary = summaryFromCounts(counts(present, authorised, unauthorised))
      expect(summary.persistentAbsence).toBe(persistent)
      expect(summary.severeAbsence).toBe(severe)
    },
  )

  it('shows 90.0% for a pupil who is not persistently absent at 9.9945% absence', () => {
    expect(summaryFromCounts(counts(18002, 1999, 0))).toMatchObject({
      attendancePercent: 90,
      persistentAbsence: false,
    })
  })
})

describe('attendance percentage rounded to one decimal place', () => {
  it.each([
    [2, 3, 66.7],
    [1, 3, 33.3],
    [1, 16, 6.3], // 6.25: half rounds up
    [15, 16, 93.8], // 93.75
    [1, 8, 12.5],
    [1, 1, 100],
    [0, 5, 0],
    [199, 200, 99.5],
    [1999, 2000, 100], // 99.95
    [19989, 20000, 99.9], // 99.945
  ])('%i of %i is %s%%', (part, whole, expected) => {
    expect(percentToOneDecimal(part, whole)).toBe(expected)
  })

  it('is the attended share of possible sessions, not of all sessions', () => {
    expect(summaryFromCounts(counts(9, 1, 0, 10)).attendancePercent).toBe(90)
  })
})

describe('tally: marks one at a time or counts from SQL give the same answer', () => {
  const sample = marks(['/', 40], ['L', 3], ['M', 2], ['I', 4], ['G', 1], ['O', 2], ['D', 5])

  it('adds marks one at a time', () => {
    const tally = attendanceTally()
    for (const m of sample) tally.add(m)
    expect(tally.summary()).toEqual(summariseMarks(sample))
    expect(tally.counts()).toEqual(counts(43, 6, 3, 5))
  })

  it('adds counts grouped by treatment, in pieces', () => {
    const tally = attendanceTally()
    tally.addCounts({ present: 40, authorised: 6 })
    tally.addCounts({ present: 3, unauthorised: 3 })
    tally.addTreatment('not_counted', 5)
    expect(tally.summary()).toEqual(summariseMarks(sample))
    expect(summaryFromCounts(counts(43, 6, 3, 5))).toEqual(summariseMarks(sample))
  })

  it('hands out a copy of its counts', () => {
    const tally = attendanceTally()
    tally.counts().present = 99
    expect(tally.counts().present).toBe(0)
  })

  it('refuses counts that are not whole numbers of sessions', () => {
    expect(() => summaryFromCounts(counts(1.5, 0, 0))).toThrow(RangeError)
    expect(() => summaryFromCounts(counts(1, -1, 0))).toThrow(RangeError)
  })
})
