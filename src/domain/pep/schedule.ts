/**
 * The PEP schedule of one pupil on one date (DOMAIN.md PD-1, PD-18): both clocks, the statutory one
 * (statutory-clock.ts) and the Virtual School's local cadence (local-periods.ts), plus a review after each
 * change of school or placement (PEP-7), over the pupil's current period of care (care-periods.ts).
 *
 * - A PEP counts once the DT has submitted it, on or before the date asked about; a draft never counts
 *   (PD-18). A PEP returned by the Virtual School keeps counting: approval rates quality, it does not delay
 *   the count.
 * - `overdue` when any obligation is past its due date and not met; `nextDue` is then the earliest missed
 *   date. Otherwise `due_soon` when 10 or fewer school days are left before the earliest open due date
 *   (working days when the school has not set its calendar), else `ok` (PD-1, PD-18).
 * - Local periods are due when the child is looked after (for PEP purposes) and on roll on at least one of
 *   their school days (PD-1). The initial PEP counts for its term; a period that would fall due before the
 *   initial PEP does is covered by the initial PEP instead of being due on its own, so a child who comes
 *   into care in the last days of a term is not overdue before the law's 10 working days are up.
 * - Nothing, on any clock, falls due after a known end of care or on or after the 18th birthday (PEP-9).
 * - Looking back, the schedule covers the current period of care only; looking ahead, the next local period
 *   after the date, assuming nothing changes.
 */
import { addDays, formatDate, maxIso, minIso, schoolYearOf, type IsoDate } from '../calendar/dates.js'
import { addSchoolDays, schoolDaysBetween, type SchoolCalendar } from '../calendar/school-calendar.js'
import { addWorkingDays, workingDaysBetween, type BankHolidays } from '../calendar/working-days.js'
import type { PlacementChangeKind } from '../cohort/placement-changes.js'
import type { EpisodeFacts } from '../cohort/status.js'
import { pepEpisodes, pepWindow, periodOn, periodsOfCare, within, type PepWindow } from './care-periods.js'
import { hasSchoolDay, localPeriods, pepCalendar, type SchoolTerms } from './local-periods.js'
import { notLookedAfterReason, outsideAgesReason } from './not-required.js'
import {
  byDueDate,
  describe,
  firstMeeting,
  toDueDate,
  type Obligation,
  type PepDueDate,
} from './obligations.js'
import { validatePepScheduleSettings, type PepScheduleSettings } from './settings.js'
import { statutoryObligations } from './statutory-clock.js'
import type { PepStatus } from './workflow.js'

export type { PepClock, PepDueDate } from './obligations.js'
export type { PepScheduleSettings } from './settings.js'

/** A PEP as the schedule sees it (PEPs only: a PLA support plan is not on the schedule). */
export type PepFacts = {
  meetingDate: IsoDate
  /** The day (Europe/London) the DT first submitted it; null while a draft. */
  submittedOn: IsoDate | null
  status: PepStatus
}

export type PepScheduleInput = {
  dateOfBirth: IsoDate
  /** The pupil's current episodes (any type; CLA episodes drive the schedule, PLA names the reason). */
  episodes: ReadonlyArray<EpisodeFacts>
  /** Changes of placement or school (cohort/placement-changes.ts). */
  changes: ReadonlyArray<{ changedOn: IsoDate; kind: PlacementChangeKind }>
  /** When the pupil was on roll at the school; `null` ends are open. An empty list: never on roll. */
  onRoll: ReadonlyArray<{ from: IsoDate | null; to: IsoDate | null }>
  /** The school of main registration's terms and closures (CAL-3); null or no terms: PD-18 defaults. */
  calendar: SchoolTerms | null
  bankHolidays: BankHolidays
  settings: PepScheduleSettings
  peps: ReadonlyArray<PepFacts>
  /** The next care plan review date, when the social worker or IRO set one earlier (PD-1, PEP-3). */
  earlierReviewDate: IsoDate | null
}

export type PepScheduleStatus = 'ok' | 'due_soon' | 'overdue' | 'not_required'

export type PepSchedule = {
  on: IsoDate
  required: boolean
  status: PepScheduleStatus
  nextDue: IsoDate | null
  /** Plain English for the DT, naming the clock that drives the status. */
  reasons: string[]
  /** Every obligation of the current period of care, met or not, by due date. */
  dueDates: PepDueDate[]
}

/** PD-1: "due soon" at 10 or fewer school days (or working days, PD-18) before the due date. */
export const DUE_SOON_DAYS = 10

export function pepCounts(pep: PepFacts, on: IsoDate): boolean {
  return pep.status !== 'draft' && pep.submittedOn !== null && pep.submittedOn <= on && pep.meetingDate <= on
}

export function pepSchedule(input: PepScheduleInput, on: IsoDate): PepSchedule {
  const problems = validatePepScheduleSettings(input.settings)
  if (problems.length > 0) throw new RangeError(`Invalid PEP settings: ${problems[0]!.message}`)
  const { settings } = input
  const notRequired = (reason: string): PepSchedule => ({
    on,
    required: false,
    status: 'not_required',
    nextDue: null,
    reasons: [reason],
    dueDates: [],
  })

  const period = periodOn(periodsOfCare(pepEpisodes(input.episodes, settings.includeShortBreaks)), on)
  if (period === null) return notRequired(notLookedAfterReason(input.episodes, on))
  const window = pepWindow(period, input.dateOfBirth, settings.minimumAge)
  if (window === null || !within(on, window)) {
    return notRequired(outsideAgesReason(input.dateOfBirth, settings.minimumAge, on))
  }

  const fromYear = schoolYearOf(window.start)
  const toYear = schoolYearOf(on) + 2
  const school = hasTerms(input.calendar) ? input.calendar : null
  const { calendar, defaulted } = pepCalendar(school, input.bankHolidays, fromYear, toYear)
  const obligations = obligationsFor(input, window, on, { calendar, defaulted, fromYear, toYear })
  obligations.sort(byDueDate)
  const dayCount: DayCount = school === null ? { clock: 'working' } : { clock: 'school', calendar }
  return { on, required: true, ...summarise(obligations, dayCount, input.bankHolidays, on) }
}

type CalendarSpan = {
  calendar: SchoolCalendar
  defaulted: ReadonlySet<number>
  fromYear: number
  toYear: number
}

function obligationsFor(
  input: PepScheduleInput,
  window: PepWindow,
  on: IsoDate,
  { calendar, defaulted, fromYear, toYear }: CalendarSpan,
): Obligation[] {
  const { settings, bankHolidays } = input
  const meetings = input.peps
    .filter((p) => pepCounts(p, on) && p.meetingDate >= window.start)
    .map((p) => p.meetingDate)
    .sort()

  const statutory = statutoryObligations({
    window,
    minimumAge: settings.minimumAge,
    meetings,
    bankHolidays,
    earlierReviewDate: input.earlierReviewDate,
  })
  const initialDue = statutory.find((o) => o.clock === 'statutory_initial')?.dueBy ?? null

  // The days a local period can be due for: looked after (in the PEP window) and on roll (PD-1).
  const eligible = input.onRoll.map((r) => ({
    start: r.from === null || r.from < window.start ? window.start : r.from,
    end: r.to === null || r.to > window.end ? window.end : r.to,
  }))

  const local: Obligation[] = []
  let projected = false
  for (const p of localPeriods(calendar, defaulted, settings, fromYear, toYear)) {
    // A period ending before the window, or falling due after the child stops needing PEPs, is not due.
    if (p.dueBy === null || p.end < window.start || p.dueBy > window.end) continue
    if (p.start > on) {
      // Looking ahead: only the next period.
      if (projected) continue
      projected = true
    }
    if (initialDue !== null && p.dueBy < initialDue) continue // covered by the initial PEP
    if (!eligible.some((e) => hasSchoolDay(calendar, maxIso(e.start, p.start), minIso(e.end, p.end))))
      continue
    const from = p.start > window.start ? p.start : window.start
    local.push({
      clock: 'local_term',
      dueBy: p.dueBy,
      metBy: firstMeeting(meetings, from),
      provisional: false,
      what: p.what,
      because: cadenceRule(settings, p.defaultTerms),
    })
  }

  const changes: Obligation[] = input.changes
    .filter((c) => c.changedOn <= on && within(c.changedOn, window))
    .map((c) => changeReview(c, settings, calendar, bankHolidays, meetings))
    .filter((o) => o.dueBy <= window.end)

  return [...statutory, ...local, ...changes]
}

function hasTerms(calendar: SchoolTerms | null): calendar is SchoolTerms {
  return calendar !== null && calendar.terms.length > 0
}

const DEFAULT_TERMS_NOTE =
  '; until the school sets its term dates, terms run 1 September to 31 December, 1 January to 31 March and 1 April to 31 July, PD-18'

function cadenceRule(settings: PepScheduleSettings, defaultTerms: boolean): string {
  const rule =
    settings.cadence === 'termly'
      ? 'one PEP meeting each term, due by the last school day of the term, PD-1 and PD-18'
      : settings.cadence === 'twice_yearly'
        ? 'two PEP meetings each school year, due by the last school day of the period, PD-1'
        : 'PEP periods set by the Virtual School, due by the last school day of the period, PD-1'
  return defaultTerms ? rule + DEFAULT_TERMS_NOTE : rule
}

function changeReview(
  change: { changedOn: IsoDate; kind: PlacementChangeKind },
  settings: PepScheduleSettings,
  calendar: SchoolCalendar,
  bankHolidays: BankHolidays,
  meetings: ReadonlyArray<IsoDate>,
): Obligation {
  const n = settings.changeReviewDays
  // CAL-4: the day of the change is day 0. A school-day date past the calendar falls back to working days.
  const bySchoolDays =
    settings.changeReviewClock === 'school' ? addSchoolDays(calendar, change.changedOn, n) : null
  const byWorkingDays = addWorkingDays(change.changedOn, n, bankHolidays)
  const dueBy = bySchoolDays ?? byWorkingDays.date
  const provisional = bySchoolDays === null && byWorkingDays.provisional
  const days = bySchoolDays === null ? 'working days' : 'school days'
  const what = change.kind === 'school' ? 'change of school' : 'change of placement'
  return {
    clock: change.kind === 'school' ? 'change_of_school' : 'change_of_placement',
    dueBy,
    // A PEP meeting on the day of the change counts: the order of events within a day is not known.
    metBy: firstMeeting(meetings, change.changedOn),
    provisional,
    what: 'a PEP review',
    because:
      `${n} ${days} after the ${what} on ${formatDate(change.changedOn)}, PEP-7` +
      (provisional ? '; this date may move when later bank holidays are loaded' : ''),
  }
}

/** PD-18: "due soon" counts school days, or working days until the school sets its calendar. */
type DayCount = { clock: 'school'; calendar: SchoolCalendar } | { clock: 'working' }

function summarise(
  obligations: ReadonlyArray<Obligation>,
  dayCount: DayCount,
  bankHolidays: BankHolidays,
  on: IsoDate,
): Omit<PepSchedule, 'on' | 'required'> {
  const dueDates = obligations.map((o) => toDueDate(o, on))
  const missed = obligations.filter((o) => o.metBy === null && o.dueBy < on)
  if (missed.length > 0) {
    return {
      status: 'overdue',
      nextDue: missed[0]!.dueBy,
      reasons: missed.map((o) => describe(o, on)),
      dueDates,
    }
  }
  const open = obligations.filter((o) => o.metBy === null)
  if (open.length === 0) {
    return {
      status: 'ok',
      nextDue: null,
      reasons: [
        'Every PEP due so far has been submitted, and no other is due while the child is looked after.',
      ],
      dueDates,
    }
  }
  const nextDue = open[0]!.dueBy
  // CAL-4: the days after `on` up to and including the due date. A due date in the holidays therefore
  // turns "due soon" 10 school days before the holidays start (PD-1).
  const left =
    dayCount.clock === 'school'
      ? schoolDaysBetween(dayCount.calendar, addDays(on, 1), nextDue)
      : workingDaysBetween(on, nextDue, bankHolidays)
  return {
    status: left <= DUE_SOON_DAYS ? 'due_soon' : 'ok',
    nextDue,
    reasons: open.filter((o) => o.dueBy === nextDue).map((o) => describe(o, on)),
    dueDates,
  }
}
