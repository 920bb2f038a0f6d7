/**
 * The report's PEP section (GOV-4 (2), POL-26): for the children looked after on roll in the school year,
 * how many of the PEPs due in it were on time, late or missing by the PD-1/PD-18 schedule, and how the
 * Virtual School rated the PEPs it approved. Numbers only; withheld over fewer pupils than the threshold.
 */
import type { IsoDate } from '../calendar/dates.js'
import type { DateRange } from './cohort-counts.js'
import { measureOver, percentOf, withheldOver } from './measures.js'
import type { Measure } from './suppression.js'

export const PEP_COMPLIANCE_TITLE = 'Personal education plans (PEPs)'
export const PEP_TIMELINESS_LABEL = 'PEPs on time, late or missing'
export const PEP_RATINGS_LABEL = 'PEP quality ratings'

export type PepOutcome = 'on_time' | 'late' | 'missing'

/** One obligation of a pupil's PEP schedule: its due date and the meeting that met it, if any. */
export type PepDueFact = { dueBy: IsoDate; metBy: IsoDate | null }

/**
 * How an obligation due in `window` turned out by `on` (the schedule's date): met by its due date, met
 * after it, or not met and past it. Null when it is not due in the window, or is still open: due after
 * `on`, or on `on` itself while that day is not over (it is today).
 */
export function pepOutcome(
  due: PepDueFact,
  window: DateRange,
  on: IsoDate,
  today: IsoDate,
): PepOutcome | null {
  if (due.dueBy < window.from || due.dueBy > window.to) return null
  if (due.metBy !== null && due.metBy <= on) return due.metBy <= due.dueBy ? 'on_time' : 'late'
  return due.dueBy < on || (due.dueBy === on && on < today) ? 'missing' : null
}

/** The default rubric's levels (PEP-12); another Virtual School's own levels are counted together. */
export const RATING_LABELS = {
  green: 'Good (green)',
  amber: 'Requires improvement (amber)',
  red: 'Inadequate (red)',
  other: 'Rated on another Virtual School’s own scale',
} as const
export type RatingId = keyof typeof RATING_LABELS

const ratingIdOf = (rating: string): RatingId =>
  rating === 'green' || rating === 'amber' || rating === 'red' ? rating : 'other'

export type PepComplianceSection = {
  id: 'pep_compliance'
  title: typeof PEP_COMPLIANCE_TITLE
  /** Children looked after on roll in the year with at least one PEP due in it: a count, always shown. */
  pupils: number
  due: Measure | null
  onTime: Measure | null
  late: Measure | null
  missing: Measure | null
  onTimePercent: Measure | null
  ratings: {
    /** Pupils with a PEP rated in the year: a count, always shown. */
    pupils: number
    rows: Array<{ id: RatingId; label: (typeof RATING_LABELS)[RatingId]; peps: Measure | null }>
  }
}

export type PepComplianceFacts = {
  /** Per child looked after on roll in the year: the outcome of each PEP due in the year. */
  outcomes: ReadonlyArray<ReadonlyArray<PepOutcome>>
  /** Per pupil with a PEP approved (and so rated) in the year: the ratings of those PEPs. */
  ratings: ReadonlyArray<ReadonlyArray<string>>
}

export function pepComplianceSection(
  facts: PepComplianceFacts,
  threshold: number,
): {
  section: PepComplianceSection
  suppressed: Array<typeof PEP_TIMELINESS_LABEL | typeof PEP_RATINGS_LABEL>
} {
  const due = facts.outcomes.filter((o) => o.length > 0)
  const all = due.flat()
  const count = (o: PepOutcome) => all.filter((x) => x === o).length
  const over = (value: number | null) => measureOver(value, due.length, threshold)
  const rated = facts.ratings.filter((r) => r.length > 0)
  const ratings = rated.flat().map(ratingIdOf)
  const suppressed: Array<typeof PEP_TIMELINESS_LABEL | typeof PEP_RATINGS_LABEL> = []
  if (withheldOver(due.length, threshold)) suppressed.push(PEP_TIMELINESS_LABEL)
  if (withheldOver(rated.length, threshold)) suppressed.push(PEP_RATINGS_LABEL)
  return {
    section: {
      id: 'pep_compliance',
      title: PEP_COMPLIANCE_TITLE,
      pupils: due.length,
      due: over(all.length),
      onTime: over(count('on_time')),
      late: over(count('late')),
      missing: over(count('missing')),
      onTimePercent: over(percentOf(count('on_time'), all.length)),
      ratings: {
        pupils: rated.length,
        rows: (Object.keys(RATING_LABELS) as RatingId[]).map((id) => ({
          id,
          label: RATING_LABELS[id],
          peps: measureOver(ratings.filter((r) => r === id).length, rated.length, threshold),
        })),
      },
    },
    suppressed,
  }
}
