/**
 * The school's roll as an import needs it: which pupil a row's UPN names on the mark's date, answered in
 * memory, row by row as the file streams in, so the database does no join to check a million rows.
 */
import { formatDate, type IsoDate } from '../domain/calendar/dates.js'

/** A pupil record of the school: `enrolledOn` and `leftOn` are the first and last days on roll. */
export type RollEntry = { id: string; upn: string; enrolledOn: IsoDate | null; leftOn: IsoDate | null }

export type PupilMatch = { ok: true; pupilId: string } | { ok: false; message: string }

/**
 * The pupil record on roll on `date` with this UPN. A UPN may have more than one record at the school (a pupil
 * who left and came back): the one on roll that day is meant. A missing enrolment or leaving date leaves
 * that side open.
 */
export function schoolRoll(entries: ReadonlyArray<RollEntry>) {
  const byUpn = Map.groupBy(entries, (e) => e.upn)
  return (upn: string, date: IsoDate): PupilMatch => {
    const records = byUpn.get(upn)
    if (records === undefined) return { ok: false, message: `no pupil at this school has the UPN ${upn}` }
    for (const r of records) {
      if ((r.enrolledOn === null || r.enrolledOn <= date) && (r.leftOn === null || r.leftOn >= date))
        return { ok: true, pupilId: r.id }
    }
    return {
      ok: false,
      message: `the pupil with the UPN ${upn} was not on roll at this school on ${formatDate(date)}`,
    }
  }
}
