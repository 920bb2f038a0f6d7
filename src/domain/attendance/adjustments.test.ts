import { describe, expect, it } from 'vitest'
import { recognitionSummary } from './adjustments.js'
import type { AttendanceMark, Session } from './marks.js'
import { summariseMarks } from './statistics.js'

function day(date: string, am: string, pm = am): AttendanceMark[] {
  return (['AM', 'PM'] as Session[]).map((session) => ({ date, session, code: session === 'AM' ? am : pm }))
}

// A week with a placement move on Tuesday and Wednesday, and an unrelated appointment on Friday afternoon.
const week = [
  ...day('2025-11-03', '/'),
  ...day('2025-11-04', 'C', 'N'),
  ...day('2025-11-05', 'O'),
  ...day('2025-11-06', '/', 'L'),
  ...day('2025-11-07', '/', 'M'),
]
const move = [{ from: '2025-11-04', to: '2025-11-05' }]

describe('DOMAIN.md POL-17: full attendance despite a placement move', () => {
  it('leaves absences during the move out of the recognition figure and counts them', () => {
    const result = recognitionSummary(week, move)
    expect(result.adjustedSessions).toBe(4)
    expect(result.summary).toMatchObject({
      possibleSessions: 6,
      attendedSessions: 5,
      authorisedAbsence: 1,
      unauthorisedAbsence: 0,
      notCounted: 4,
      attendancePercent: 83.3,
    })
    expect(result.fullAttendance).toBe(false)
  })

  it('recognises full attendance when every absence was during a move', () => {
    const result = recognitionSummary(week, [...move, { from: '2025-11-07', to: '2025-11-07' }])
    expect(result).toMatchObject({ adjustedSessions: 5, fullAttendance: true })
    expect(result.summary.attendancePercent).toBe(100)
  })

  it('never changes the statutory figures', () => {
    const statutory = summariseMarks(week)
    recognitionSummary(week, move)
    expect(summariseMarks(week)).toEqual(statutory)
    expect(statutory).toMatchObject({ possibleSessions: 10, authorisedAbsence: 2, unauthorisedAbsence: 3 })
  })

  it('does not adjust present or not-counted sessions inside the move', () => {
    const marks = [...day('2025-11-04', '/', '#'), ...day('2025-11-05', 'I')]
    expect(recognitionSummary(marks, move)).toMatchObject({
      adjustedSessions: 2,
      summary: { possibleSessions: 1, attendedSessions: 1, notCounted: 3 },
      fullAttendance: true,
    })
  })

  it('changes nothing with no moves, and gives no recognition with no possible sessions', () => {
    expect(recognitionSummary(week, [])).toEqual({
      summary: summariseMarks(week),
      adjustedSessions: 0,
      fullAttendance: false,
    })
    expect(recognitionSummary(day('2025-11-04', 'I'), move)).toMatchObject({
      adjustedSessions: 2,
      fullAttendance: false,
      summary: { possibleSessions: 0, attendancePercent: null },
    })
  })
})
