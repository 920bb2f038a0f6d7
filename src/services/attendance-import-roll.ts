/**
 * The school's roll as an import needs it: which pupil a row's UPN names on the mark's date, and whether the
 * file has already given that pupil's session (a repeat, whose last line wins). Both are answered in memory,
 * row by row as the file streams in, so the database does no join to check a million rows.
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

// Day numbers from 1 January 2000, two sessions a day, for a century: 9 KB of bits a pupil.
const FIRST_DAY = Date.UTC(2000, 0, 1) / 86_400_000
const DAYS = 36_600

/** The day number of an ISO date (days since 1 January 1970), for `sessionsSeen`. */
export function dayNumber(date: IsoDate): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  )
}

/**
 * Remembers the sessions a file has given, a bit each: `add` is true when the pupil's session was given before.
 * A date outside the century the bits cover is remembered by its key instead.
 */
export function sessionsSeen() {
  const bits = new Map<string, Uint8Array>()
  const others = new Set<string>()
  return {
    add(pupilId: string, day: number, session: 'AM' | 'PM'): boolean {
      const slot = day - FIRST_DAY
      if (slot < 0 || slot >= DAYS) {
        const key = `${pupilId} ${day} ${session}`
        if (others.has(key)) return true
        others.add(key)
        return false
      }
      let pupil = bits.get(pupilId)
      if (pupil === undefined) bits.set(pupilId, (pupil = new Uint8Array(DAYS / 4)))
      const bit = slot * 2 + (session === 'AM' ? 0 : 1)
      const mask = 1 << (bit & 7)
      const seen = (pupil[bit >> 3]! & mask) !== 0
      pupil[bit >> 3]! |= mask
      return seen
    },
  }
}
