/**
 * The statutory clock of DOMAIN.md PD-1: the initial PEP by the 10th working day after the child became
 * looked after (PEP-2), a PEP ready for the first review by the 20th working day (PEP-3, PEP-4), then a
 * reviewed PEP no more than 3 months after the first review and no more than 6 months after each later one
 * (PEP-3, CAL-5).
 *
 * Harbour does not hold the dates of the care plan reviews themselves, so:
 * - the first review is taken to be held on its last permitted day (or on the day of its PEP, when that
 *   was later), and the 3 months run from there;
 * - each later review is taken to be the PEP meeting that met the previous step, and the 6 months run
 *   from that meeting. Each step needs a PEP meeting after the one before.
 * - An earlier review date recorded by the social worker or IRO governs (PD-1): it becomes the due date of
 *   the review step it falls in when it is earlier than the step's own date.
 *
 * A child who reaches the minimum age while looked after (PEP-9) has no start-of-care reviews left to
 * prepare for: the first PEP is due 10 working days after the birthday and a reviewed PEP every 6 months.
 * A step due after the child stops being looked after, or turns 18, is not due at all.
 */
import { addMonths, formatDate, maxIso, type IsoDate } from '../calendar/dates.js'
import { addWorkingDays, type BankHolidays } from '../calendar/working-days.js'
import type { PepWindow } from './care-periods.js'
import { firstMeeting, type Obligation } from './obligations.js'

const INITIAL_PEP_WORKING_DAYS = 10 // PEP-2
const FIRST_REVIEW_WORKING_DAYS = 20 // PEP-3, PEP-4
const SECOND_REVIEW_MONTHS = 3 // PEP-3
const LATER_REVIEW_MONTHS = 6 // PEP-3

const PROVISIONAL = '; this date may move when later bank holidays are loaded'

export type StatutoryInput = {
  window: PepWindow
  minimumAge: number
  /** Meeting dates of the PEPs that count, sorted ascending. */
  meetings: ReadonlyArray<IsoDate>
  bankHolidays: BankHolidays
  earlierReviewDate: IsoDate | null
}

export function statutoryObligations(input: StatutoryInput): Obligation[] {
  const { window, meetings, bankHolidays } = input
  const out: Obligation[] = []
  const keep = (o: Obligation): boolean => {
    if (o.dueBy > window.end) return false
    out.push(o)
    return true
  }
  const start = formatDate(window.start)
  const firstMeetingInCare = firstMeeting(meetings, window.start)

  const initial = addWorkingDays(window.start, INITIAL_PEP_WORKING_DAYS, bankHolidays)
  keep({
    clock: 'statutory_initial',
    dueBy: initial.date,
    metBy: firstMeetingInCare,
    provisional: initial.provisional,
    what: window.startsAtBirthday ? 'the first PEP' : 'the initial PEP',
    because:
      (window.startsAtBirthday
        ? `10 working days after the child turned ${input.minimumAge} on ${start} while looked after, PEP-2 and PEP-9`
        : `10 working days after the child became looked after on ${start}, PEP-2`) +
      (initial.provisional ? PROVISIONAL : ''),
  })

  let earlier = input.earlierReviewDate
  /** The earlier review date governs the step it falls in, once, when it comes before the step's date. */
  const governed = (opensAfter: IsoDate, inclusive: boolean, dueBy: IsoDate): IsoDate | null => {
    if (earlier === null || earlier >= dueBy) return null
    if (inclusive ? earlier < opensAfter : earlier <= opensAfter) return null
    const date = earlier
    earlier = null
    return date
  }
  const earlierReview = (dueBy: IsoDate, metBy: IsoDate | null): Obligation => ({
    clock: 'earlier_review',
    dueBy,
    metBy,
    provisional: false,
    what: 'a reviewed PEP',
    because:
      'the social worker or independent reviewing officer brought the care plan review forward to this date, PEP-3',
  })

  let anchor: IsoDate | null
  let after: (d: IsoDate) => string
  let months: number
  const afterMeeting = (d: IsoDate): string => `the PEP meeting on ${formatDate(d)}`
  if (window.startsAtBirthday) {
    anchor = firstMeetingInCare
    after = afterMeeting
    months = LATER_REVIEW_MONTHS
  } else {
    const firstReview = addWorkingDays(window.start, FIRST_REVIEW_WORKING_DAYS, bankHolidays)
    const broughtForward = governed(window.start, true, firstReview.date)
    const step: Obligation = broughtForward
      ? earlierReview(broughtForward, firstMeetingInCare)
      : {
          clock: 'statutory_first_review',
          dueBy: firstReview.date,
          metBy: firstMeetingInCare,
          provisional: firstReview.provisional,
          what: 'a PEP ready for the first review of the care plan',
          because:
            `20 working days after the child became looked after on ${start}, PEP-3 and PEP-4` +
            (firstReview.provisional ? PROVISIONAL : ''),
        }
    if (!keep(step)) return out
    anchor = step.metBy === null ? null : maxIso(step.dueBy, step.metBy)
    after = (d) => `the first review of the care plan (taken as ${formatDate(d)})`
    months = SECOND_REVIEW_MONTHS
  }

  while (anchor !== null) {
    const from: IsoDate = anchor
    const dueBy = addMonths(from, months)
    const metBy = firstMeeting(meetings, from, true)
    const broughtForward = governed(from, false, dueBy)
    const step: Obligation = broughtForward
      ? earlierReview(broughtForward, metBy)
      : {
          clock: 'statutory_review',
          dueBy,
          metBy,
          provisional: false,
          what: 'a reviewed PEP',
          because: `no more than ${months} months after ${after(from)}, PEP-3 and CAL-5`,
        }
    if (!keep(step)) break
    anchor = metBy
    after = afterMeeting
    months = LATER_REVIEW_MONTHS
  }
  return out
}
