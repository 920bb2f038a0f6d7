/**
 * One PEP obligation: a clock, a due date and the PEP meeting that met it (DOMAIN.md PD-1, PD-18).
 *
 * An obligation can be met only by a PEP that counts (submitted by the DT, PD-18) whose meeting was held on
 * or after the obligation's window opened. A late PEP still meets it, late: so a missed PEP stops making
 * the pupil overdue as soon as the next PEP is submitted, and the same PEP also counts for its own term.
 */
import { formatDate, type IsoDate } from '../calendar/dates.js'

export type PepClock =
  | 'statutory_initial'
  | 'statutory_first_review'
  | 'statutory_review'
  | 'local_term'
  | 'change_of_school'
  | 'change_of_placement'
  | 'earlier_review'

export const PEP_CLOCK_LABELS: Record<PepClock, string> = {
  statutory_initial: 'Statutory',
  statutory_first_review: 'Statutory',
  statutory_review: 'Statutory',
  earlier_review: 'Review brought forward',
  local_term: 'Virtual School',
  change_of_school: 'Change of school',
  change_of_placement: 'Change of placement',
}

/** What the service layer and the API see for each obligation. */
export type PepDueDate = {
  clock: PepClock
  dueBy: IsoDate
  met: boolean
  /** The meeting date of the PEP that met it, when met (after `dueBy` when it was met late). */
  metBy?: IsoDate
  /** CAL-1: a working-day date counted past the loaded bank-holiday table; a new bank holiday could move it. */
  provisional: boolean
  /** Plain English for the Designated Teacher, naming the clock. */
  description: string
}

/** An obligation as the clocks build it: what is due, why, and the meeting that met it (or null). */
export type Obligation = {
  clock: PepClock
  dueBy: IsoDate
  metBy: IsoDate | null
  provisional: boolean
  /** "the initial PEP", "the autumn term 2026 PEP". */
  what: string
  /** "10 working days after …, PEP-2": the rule that sets the date, with its DOMAIN.md ids. */
  because: string
}

/** The first meeting on or after `from` (or strictly after it). `meetings` is sorted ascending. */
export function firstMeeting(
  meetings: ReadonlyArray<IsoDate>,
  from: IsoDate,
  strictlyAfter = false,
): IsoDate | null {
  return meetings.find((m) => (strictlyAfter ? m > from : m >= from)) ?? null
}

const CLOCK_ORDER: ReadonlyArray<PepClock> = [
  'statutory_initial',
  'statutory_first_review',
  'earlier_review',
  'statutory_review',
  'change_of_placement',
  'change_of_school',
  'local_term',
]

export function byDueDate(a: Obligation, b: Obligation): number {
  return a.dueBy.localeCompare(b.dueBy) || CLOCK_ORDER.indexOf(a.clock) - CLOCK_ORDER.indexOf(b.clock)
}

/** One sentence, in the tense that fits the date: "Statutory: the initial PEP was due by …". */
export function describe(o: Obligation, on: IsoDate): string {
  const tense = o.dueBy < on ? 'was' : 'is'
  const sentence = `${PEP_CLOCK_LABELS[o.clock]}: ${o.what} ${tense} due by ${formatDate(o.dueBy)} (${o.because}).`
  if (o.metBy === null) return sentence
  const late = o.metBy > o.dueBy ? ', late' : ''
  return `${sentence} Met by the PEP meeting on ${formatDate(o.metBy)}${late}.`
}

export function toDueDate(o: Obligation, on: IsoDate): PepDueDate {
  const due: PepDueDate = {
    clock: o.clock,
    dueBy: o.dueBy,
    met: o.metBy !== null,
    provisional: o.provisional,
    description: describe(o, on),
  }
  if (o.metBy !== null) due.metBy = o.metBy
  return due
}
