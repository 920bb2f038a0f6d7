/**
 * Reasonable adjustment for full-attendance recognition (DOMAIN.md POL-17): absences during a care
 * placement move are left out of the figure a school uses to celebrate attendance, and shown as adjusted.
 * The statutory figures (ATT-7, ATT-8) never change: this is a separate summary for rewards only.
 */
import type { IsoDate } from '../calendar/dates.js'
import { treatmentOf } from './codes.js'
import type { AttendanceMark } from './marks.js'
import { attendanceTally, type AttendanceSummary } from './statistics.js'

/** Days of absence due to a placement move, both included, as tagged by the designated teacher. */
export type PlacementMoveRange = { from: IsoDate; to: IsoDate }

export type RecognitionSummary = {
  /** The summary with placement-move absences counted as not counted sessions. */
  summary: AttendanceSummary
  /** Absent sessions treated as not counted because of a placement move. */
  adjustedSessions: number
  /** Every possible session attended once adjusted; false when there are no possible sessions. */
  fullAttendance: boolean
}

export function recognitionSummary(
  marks: Iterable<AttendanceMark>,
  placementMoves: ReadonlyArray<PlacementMoveRange>,
): RecognitionSummary {
  const tally = attendanceTally()
  let adjustedSessions = 0
  for (const mark of marks) {
    const treatment = treatmentOf(mark.code)
    const absent = treatment === 'authorised' || treatment === 'unauthorised'
    if (absent && placementMoves.some((r) => r.from <= mark.date && mark.date <= r.to)) {
      adjustedSessions += 1
      tally.addTreatment('not_counted')
    } else {
      tally.addTreatment(treatment)
    }
  }
  const summary = tally.summary()
  return {
    summary,
    adjustedSessions,
    fullAttendance: summary.possibleSessions > 0 && summary.attendedSessions === summary.possibleSessions,
  }
}
