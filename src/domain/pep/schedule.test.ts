import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { IsoDate } from '../calendar/dates.js'
import type { Term } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import type { EpisodeFacts } from '../cohort/status.js'
import type { PepClock } from './obligations.js'
import {
  pepSchedule,
  type PepFacts,
  type PepSchedule,
  type PepScheduleInput,
  type PepScheduleStatus,
} from './schedule.js'
import { DEFAULT_PEP_SCHEDULE_SETTINGS, type PepScheduleSettings } from './settings.js'

const bankHolidays = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)

function week(monday: string): string[] {
  const d = Number(monday.slice(8))
  return [0, 1, 2, 3, 4].map((i) => `${monday.slice(0, 8)}${String(d + i).padStart(2, '0')}`)
}

// The school's calendar for 2025-26 and 2026-27; half-terms entered as closures.
const TERMS: Term[] = [
  { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
  { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
  { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  { name: 'autumn', start: '2026-09-02', end: '2026-12-18' }, // Wed .. Fri
  { name: 'spring', start: '2027-01-05', end: '2027-03-26' }, // ends on Good Friday, a bank holiday
  { name: 'summer', start: '2027-04-12', end: '2027-07-21' },
]
const CLOSURES = new Set([
  ...week('2025-10-27'),
  ...week('2026-02-16'),
  ...week('2026-05-25'),
  ...week('2026-10-26'),
  ...week('2027-02-15'),
  ...week('2027-05-31'),
])
const SCHOOL = { terms: TERMS, closures: CLOSURES }

const CARE_START = '2026-09-30' // a Wednesday in the autumn term
const DOB = '2015-05-10'

function cla(startDate: IsoDate, endDate: IsoDate | null = null, legalStatus = 'C2'): EpisodeFacts {
  return { type: 'CLA', startDate, endDate, legalStatus, responsibleLaCode: '919' }
}
function pep(meetingDate: IsoDate, submittedOn: IsoDate | null = meetingDate, status?: PepFacts['status']) {
  return { meetingDate, submittedOn, status: status ?? (submittedOn ? 'submitted' : 'draft') }
}

/**
 * A child looked after since 2 June 2025 whose PEPs kept both clocks: initial 9 June 2025; then autumn,
 * spring and summer. The statutory chain runs on to a review due by 19 December 2026 (6 months after
 * the PEP of 19 June 2026), a day after the autumn term 2026 PEP is due.
 */
const ESTABLISHED_START = '2025-06-02'
const ESTABLISHED_PEPS = ['2025-06-09', '2025-09-15', '2026-01-20', '2026-05-12', '2026-06-19'].map((d) =>
  pep(d),
)

function established(...more: PepFacts[]): Partial<PepScheduleInput> {
  return { episodes: [cla(ESTABLISHED_START)], peps: [...ESTABLISHED_PEPS, ...more] }
}

function schedule(
  on: IsoDate,
  given: Partial<PepScheduleInput> = {},
  settings: Partial<PepScheduleSettings> = {},
) {
  const input: PepScheduleInput = {
    dateOfBirth: DOB,
    episodes: [cla(CARE_START)],
    changes: [],
    onRoll: [{ from: null, to: null }],
    calendar: SCHOOL,
    bankHolidays,
    settings: { ...DEFAULT_PEP_SCHEDULE_SETTINGS, ...settings },
    peps: [],
    earlierReviewDate: null,
    ...given,
  }
  return pepSchedule(input, on)
}

const dueOf = (s: PepSchedule, clock: PepClock): IsoDate[] =>
  s.dueDates.filter((d) => d.clock === clock).map((d) => d.dueBy)
const localSince = (s: PepSchedule, from: IsoDate): IsoDate[] =>
  dueOf(s, 'local_term').filter((d) => d >= from)

type Case = {
  name: string
  on: IsoDate
  given?: Partial<PepScheduleInput>
  settings?: Partial<PepScheduleSettings>
  status: PepScheduleStatus
  nextDue: IsoDate | null
  /** The clock of the obligation behind `nextDue`. */
  clock?: PepClock
  reason?: RegExp
  check?: (s: PepSchedule) => void
}

const cases: Case[] = [
  // Statutory clock: working days, then months.
  {
    name: 'PEP-2, PD-1: the initial PEP is due 10 working days after the child became looked after',
    on: '2026-10-01',
    status: 'due_soon',
    nextDue: '2026-10-14',
    clock: 'statutory_initial',
    reason:
      /^Statutory: the initial PEP is due by 14 October 2026 \(10 working days after the child became looked after on 30 September 2026, PEP-2\)\.$/,
  },
  {
    name: 'PEP-2, PD-18: overdue the day after, and nextDue is the missed date',
    on: '2026-10-15',
    status: 'overdue',
    nextDue: '2026-10-14',
    clock: 'statutory_initial',
    reason: /the initial PEP was due by 14 October 2026/,
  },
  {
    name: 'PEP-3, PEP-4, PD-1: the initial PEP serves the first review and its term; the second review is due 3 months after the first',
    on: '2026-10-15',
    given: { peps: [pep('2026-10-12')] },
    status: 'ok',
    nextDue: '2027-01-28',
    clock: 'statutory_review',
    reason: /no more than 3 months after the first review of the care plan \(taken as 28 October 2026\)/,
    check: (s) => {
      expect(s.dueDates.find((d) => d.clock === 'statutory_first_review')).toMatchObject({
        dueBy: '2026-10-28',
        met: true,
        metBy: '2026-10-12',
      })
      expect(s.dueDates.find((d) => d.dueBy === '2026-12-18')).toMatchObject({
        clock: 'local_term',
        met: true,
        metBy: '2026-10-12',
      })
    },
  },
  {
    name: 'PEP-2, PEP-3: a PEP on working day 14 meets the initial PEP late and the first review on time',
    on: '2026-10-21',
    given: { peps: [pep('2026-10-20')] },
    status: 'ok',
    nextDue: '2027-01-28',
    check: (s) => {
      const initial = s.dueDates.find((d) => d.clock === 'statutory_initial')!
      expect(initial).toMatchObject({ met: true, metBy: '2026-10-20' })
      expect(initial.description).toMatch(/Met by the PEP meeting on 20 October 2026, late\./)
    },
  },
  {
    name: 'CAL-1, PEP-2, PD-1: Christmas bank holidays push the initial PEP; the term ending first is covered by it',
    on: '2026-12-21',
    given: { episodes: [cla('2026-12-18')] },
    status: 'due_soon',
    nextDue: '2027-01-06',
    clock: 'statutory_initial',
    check: (s) => {
      expect(dueOf(s, 'statutory_first_review')).toEqual(['2027-01-20'])
      expect(dueOf(s, 'local_term')).toEqual(['2027-03-25'])
    },
  },
  {
    name: 'CAL-1, PEP-2: Good Friday and Easter Monday push the initial PEP to the first day of the summer term',
    on: '2027-03-26',
    given: { episodes: [cla('2027-03-25')] },
    status: 'due_soon',
    nextDue: '2027-04-12',
    clock: 'statutory_initial',
    check: (s) => expect(localSince(s, '2027-01-01')).toEqual(['2027-07-21']),
  },
  {
    name: 'CAL-1: a working-day date counted past the loaded bank holidays is provisional',
    on: '2027-12-21',
    given: { episodes: [cla('2027-12-20')] },
    status: 'due_soon',
    nextDue: '2028-01-05',
    check: (s) => {
      const initial = s.dueDates.find((d) => d.clock === 'statutory_initial')!
      expect(initial.provisional).toBe(true)
      expect(initial.description).toMatch(/may move when later bank holidays are loaded/)
    },
  },
  {
    name: 'PEP-3, CAL-5: 3 months after a first review due on 30 November is 28 February',
    on: '2026-11-20',
    given: { episodes: [cla('2026-11-02')], peps: [pep('2026-11-10')] },
    status: 'ok',
    nextDue: '2027-02-28',
    clock: 'statutory_review',
  },
  {
    name: 'PEP-3, CAL-5: a late PEP meets the missed review, and 6 months from 31 March is 30 September',
    on: '2027-04-01',
    given: { episodes: [cla('2026-11-02')], peps: [pep('2026-11-10'), pep('2027-03-31')] },
    status: 'ok',
    nextDue: '2027-07-21',
    clock: 'local_term',
    check: (s) => {
      expect(s.dueDates.find((d) => d.dueBy === '2027-02-28')).toMatchObject({
        met: true,
        metBy: '2027-03-31',
      })
      expect(dueOf(s, 'statutory_review')).toEqual(['2027-02-28', '2027-09-30'])
    },
  },
  {
    name: 'PD-1, PEP-3: an earlier review date set by the social worker or IRO governs',
    on: '2026-11-02',
    given: { peps: [pep('2026-10-12')], earlierReviewDate: '2026-12-01' },
    status: 'ok',
    nextDue: '2026-12-01',
    clock: 'earlier_review',
    reason: /^Review brought forward: a reviewed PEP is due by 1 December 2026 \(/,
    check: (s) => expect(dueOf(s, 'statutory_review')).toEqual([]),
  },
  {
    name: 'PD-1: an earlier review date after the statutory date does not govern',
    on: '2026-11-02',
    given: { peps: [pep('2026-10-12')], earlierReviewDate: '2027-02-15' },
    status: 'ok',
    nextDue: '2027-01-28',
    clock: 'statutory_review',
    check: (s) => expect(dueOf(s, 'earlier_review')).toEqual([]),
  },
  {
    name: 'PD-1, PEP-3: an IRO can bring the first review before the initial PEP deadline',
    on: '2026-10-12',
    given: { earlierReviewDate: '2026-10-09' },
    status: 'overdue',
    nextDue: '2026-10-09',
    clock: 'earlier_review',
  },

  // Local clock: terms (PD-1, PD-18).
  {
    name: 'PD-1, PD-18: the term PEP is due by its last school day; 11 school days before, ok',
    on: '2026-12-03',
    given: established(),
    status: 'ok',
    nextDue: '2026-12-18',
    clock: 'local_term',
    reason:
      /^Virtual School: the autumn term 2026 PEP is due by 18 December 2026 \(one PEP meeting each term/,
  },
  {
    name: 'PD-1: 10 school days before the due date it is due soon',
    on: '2026-12-04',
    given: established(),
    status: 'due_soon',
    nextDue: '2026-12-18',
    clock: 'local_term',
  },
  {
    name: 'PD-1, PD-18: missed term and statutory review; nextDue is the earliest missed date',
    on: '2026-12-21',
    given: established(),
    status: 'overdue',
    nextDue: '2026-12-18',
    clock: 'local_term',
    check: (s) => {
      expect(s.reasons).toHaveLength(2)
      expect(s.reasons[1]).toMatch(/^Statutory: a reviewed PEP was due by 19 December 2026/)
    },
  },
  {
    name: 'PD-1, PD-18: a late PEP meets the missed term late and counts for its own term',
    on: '2027-01-15',
    given: established(pep('2027-01-12')),
    status: 'ok',
    nextDue: '2027-07-12',
    clock: 'statutory_review',
    check: (s) => {
      expect(s.dueDates.find((d) => d.dueBy === '2026-12-18')).toMatchObject({
        met: true,
        metBy: '2027-01-12',
      })
      expect(s.dueDates.find((d) => d.dueBy === '2027-03-25')).toMatchObject({ met: true })
    },
  },
  {
    name: 'PD-18: a PEP drafted but not submitted does not count',
    on: '2026-12-21',
    given: established(pep('2026-11-10', null)),
    status: 'overdue',
    nextDue: '2026-12-18',
  },
  {
    name: 'PD-18: a PEP does not count before the day it is submitted',
    on: '2027-01-05',
    given: established(pep('2026-12-10', '2027-01-06')),
    status: 'overdue',
    nextDue: '2026-12-18',
  },
  {
    name: 'PD-18: once submitted, it counts for the term its meeting was held in, on time',
    on: '2027-01-06',
    given: established(pep('2026-12-10', '2027-01-06')),
    status: 'ok',
    nextDue: '2027-03-25',
    check: (s) =>
      expect(s.dueDates.find((d) => d.dueBy === '2026-12-18')).toMatchObject({
        met: true,
        metBy: '2026-12-10',
      }),
  },
  {
    name: 'PD-18: a PEP returned by the Virtual School still counts (approval rates quality, it does not delay the count)',
    on: '2026-12-21',
    given: established(pep('2026-11-10', '2026-11-11', 'returned')),
    status: 'ok',
    nextDue: '2027-03-25',
    clock: 'local_term',
  },
  {
    name: 'CAL-2, PD-18: a term ending on Good Friday has its PEP due on the Thursday',
    on: '2027-03-01',
    given: established(pep('2026-11-10')),
    status: 'ok',
    nextDue: '2027-03-25',
    clock: 'local_term',
    reason: /the spring term 2027 PEP is due by 25 March 2027/,
  },
  {
    name: 'PD-1: a term is not due when the pupil was on roll on none of its school days',
    on: '2027-01-10',
    given: { ...established(pep('2026-12-15')), onRoll: [{ from: '2026-12-21', to: null }] },
    status: 'ok',
    nextDue: '2027-03-25',
    check: (s) => expect(localSince(s, '2026-09-01')).toEqual(['2027-03-25', '2027-07-21']),
  },
  {
    name: 'PD-1: looked after and on roll on one school day of the term makes it due',
    on: '2026-12-21',
    given: { ...established(), onRoll: [{ from: '2026-12-18', to: null }] },
    status: 'overdue',
    nextDue: '2026-12-18',
    clock: 'local_term',
  },

  // PD-18 default terms when the school has not set its calendar.
  {
    name: 'PD-18: without a calendar the autumn PEP is due by 31 December; 11 working days before, ok',
    on: '2026-12-14',
    given: { ...established(pep('2026-08-20')), calendar: null },
    status: 'ok',
    nextDue: '2026-12-31',
    clock: 'local_term',
    reason: /until the school sets its term dates, terms run 1 September to 31 December/,
  },
  {
    name: 'PD-18, CAL-1: due soon counts working days, skipping the Christmas bank holidays',
    on: '2026-12-15',
    given: { ...established(pep('2026-08-20')), calendar: null },
    status: 'due_soon',
    nextDue: '2026-12-31',
  },
  {
    name: 'PD-18: a calendar with no terms is no calendar',
    on: '2026-12-15',
    given: { ...established(pep('2026-08-20')), calendar: { terms: [], closures: new Set() } },
    status: 'due_soon',
    nextDue: '2026-12-31',
  },
  {
    name: 'PD-18: the default summer term ends on Saturday 31 July 2027, so its PEP is due on Friday 30 July',
    on: '2027-04-01',
    given: { ...established(pep('2026-08-20'), pep('2026-10-06'), pep('2027-02-01')), calendar: null },
    status: 'ok',
    nextDue: '2027-07-30',
    clock: 'local_term',
  },
  {
    name: 'PD-18: a school year the school has not set yet uses the default terms',
    on: '2026-10-01',
    given: { ...established(pep('2026-08-20')), calendar: { terms: TERMS.slice(0, 3), closures: CLOSURES } },
    status: 'ok',
    nextDue: '2026-12-31',
    clock: 'local_term',
  },

  // Local cadences (PEP-6).
  {
    name: 'PEP-6, PD-1: twice a year: the autumn term, then the spring or summer term',
    on: '2027-02-01',
    given: established(pep('2026-10-06')),
    settings: { cadence: 'twice_yearly' },
    status: 'ok',
    nextDue: '2027-04-06',
    clock: 'statutory_review',
    check: (s) => {
      // Looking ahead, the next period is the autumn term 2027, on PD-18 default terms until the school sets them.
      expect(localSince(s, '2026-09-01')).toEqual(['2026-12-18', '2027-07-21', '2027-12-31'])
      const summer = s.dueDates.find((d) => d.dueBy === '2027-07-21')!
      expect(summer.description).toMatch(/the spring or summer term 2027 PEP is due by 21 July 2027/)
    },
  },
  {
    name: 'PEP-6, PD-1: custom months October, February and June, each due by the last school day before the month ends',
    on: '2026-11-02',
    given: established(pep('2026-10-06')),
    settings: { cadence: 'custom', customDueMonths: [10, 2, 6] },
    status: 'ok',
    nextDue: '2027-02-26',
    clock: 'local_term',
    reason: /the PEP for the period ending February 2027 is due by 26 February 2027/,
    check: (s) => expect(localSince(s, '2026-09-01')).toEqual(['2026-10-23', '2027-02-26', '2027-06-30']),
  },
  {
    name: 'PEP-6, PD-18: custom periods on the default terms have no half-term, so October’s PEP is due on Friday 30 October',
    on: '2026-10-01',
    given: { ...established(), calendar: null },
    settings: { cadence: 'custom', customDueMonths: [10, 2, 6] },
    status: 'ok',
    nextDue: '2026-10-30',
    clock: 'local_term',
    reason: /period ending October 2026 is due by 30 October 2026 .*until the school sets its term dates/,
  },

  // Changes of school or placement (PEP-7).
  {
    name: 'PEP-7, PD-1, CAL-4: a change of school needs a review within 20 school days, skipping half-term',
    on: '2026-10-21',
    given: { ...established(pep('2026-10-06')), changes: [{ changedOn: '2026-10-20', kind: 'school' }] },
    status: 'ok',
    nextDue: '2026-11-24',
    clock: 'change_of_school',
  },
  {
    name: 'PEP-7: overdue when no PEP is held after the change; one before it does not count',
    on: '2026-11-25',
    given: { ...established(pep('2026-10-06')), changes: [{ changedOn: '2026-10-20', kind: 'school' }] },
    status: 'overdue',
    nextDue: '2026-11-24',
    clock: 'change_of_school',
    reason:
      /^Change of school: a PEP review was due by 24 November 2026 \(20 school days after the change of school on 20 October 2026, PEP-7\)\.$/,
  },
  {
    name: 'PEP-7: a PEP held after the change meets the review',
    on: '2026-11-25',
    given: {
      ...established(pep('2026-10-06'), pep('2026-11-10')),
      changes: [{ changedOn: '2026-10-20', kind: 'school' }],
    },
    status: 'ok',
    nextDue: '2027-03-25',
    check: (s) =>
      expect(s.dueDates.find((d) => d.clock === 'change_of_school')).toMatchObject({
        met: true,
        metBy: '2026-11-10',
      }),
  },
  {
    name: 'PEP-7: a Virtual School counting working days (half-term counts)',
    on: '2026-10-21',
    given: { ...established(pep('2026-10-06')), changes: [{ changedOn: '2026-10-20', kind: 'placement' }] },
    settings: { changeReviewClock: 'working' },
    status: 'ok',
    nextDue: '2026-11-17',
    clock: 'change_of_placement',
    reason: /20 working days after the change of placement on 20 October 2026/,
  },
  {
    name: 'PEP-7: a Virtual School asking for a review within 10 school days',
    on: '2026-10-21',
    given: { ...established(pep('2026-10-06')), changes: [{ changedOn: '2026-10-20', kind: 'school' }] },
    settings: { changeReviewDays: 10 },
    status: 'due_soon',
    nextDue: '2026-11-10',
    clock: 'change_of_school',
  },
  {
    name: 'PEP-7, CAL-4: a change in the Christmas holidays counts school days from the spring term',
    on: '2026-12-23',
    given: { ...established(pep('2026-10-06')), changes: [{ changedOn: '2026-12-22', kind: 'placement' }] },
    status: 'ok',
    nextDue: '2027-02-01',
    clock: 'change_of_placement',
  },
  {
    name: 'PD-1: a due date in the holidays is not yet due soon 11 school days before the holidays',
    on: '2026-12-03',
    given: { ...established(pep('2026-11-20')), changes: [{ changedOn: '2026-11-30', kind: 'placement' }] },
    settings: { changeReviewClock: 'working' },
    status: 'ok',
    nextDue: '2026-12-30',
    clock: 'change_of_placement',
  },
  {
    name: 'PD-1: a due date in the holidays is due soon 10 school days before the holidays',
    on: '2026-12-04',
    given: { ...established(pep('2026-11-20')), changes: [{ changedOn: '2026-11-30', kind: 'placement' }] },
    settings: { changeReviewClock: 'working' },
    status: 'due_soon',
    nextDue: '2026-12-30',
    clock: 'change_of_placement',
  },

  // Short breaks (PD-4).
  {
    name: 'PD-4, PD-18: short breaks only need no PEP by default',
    on: '2026-10-01',
    given: { episodes: [cla('2026-09-01', null, 'V3')] },
    status: 'not_required',
    nextDue: null,
    reason: /short breaks only \(legal status V3 or V4\)/,
  },
  {
    name: 'PD-4: a Virtual School that includes short breaks runs the clocks from the short-break start',
    on: '2026-10-01',
    given: { episodes: [cla(CARE_START, null, 'V4')] },
    settings: { includeShortBreaks: true },
    status: 'due_soon',
    nextDue: '2026-10-14',
    clock: 'statutory_initial',
  },
  {
    name: 'PD-4, PEP-2: after short breaks, the statutory clock starts with the care order',
    on: '2026-10-15',
    given: { episodes: [cla('2026-06-01', '2026-09-29', 'V3'), cla(CARE_START)], peps: [pep('2026-07-01')] },
    status: 'overdue',
    nextDue: '2026-10-14',
    clock: 'statutory_initial',
  },

  // Leaving care and returning (PEP-2, PEP-3, DEF-13).
  {
    name: 'PD-18, DEF-13: no PEP after leaving care (the end date is the last day looked after)',
    on: '2027-02-01',
    given: { episodes: [cla(CARE_START, '2027-01-31')], peps: [pep('2026-10-12')] },
    status: 'not_required',
    nextDue: null,
    reason: /^Left care \(last looked after on 31 January 2027\), so no PEP is needed on 1 February 2027/,
    check: (s) => expect(s.dueDates).toEqual([]),
  },
  {
    name: 'PD-18, DEF-4: left care by adoption: previously looked after, no PEP',
    on: '2027-02-01',
    given: {
      episodes: [
        cla(CARE_START, '2027-01-31'),
        { type: 'PLA', startDate: '2027-02-01', endDate: null, route: 'adoption' },
      ],
    },
    status: 'not_required',
    nextDue: null,
    reason: /is now previously looked after/,
  },
  {
    name: 'PD-18, PEP-3: still looked after on the last day of the episode, with nothing left to fall due',
    on: '2027-01-31',
    given: { episodes: [cla(CARE_START, '2027-01-31')], peps: [pep('2026-10-12'), pep('2027-01-20')] },
    status: 'ok',
    nextDue: null,
    reason: /^Every PEP due so far has been submitted/,
  },
  {
    name: 'PEP-2, PEP-3: returning to care restarts the statutory clock; PEPs of the earlier period count for nothing',
    on: '2026-10-15',
    given: { episodes: [cla('2026-01-05', '2026-03-31'), cla(CARE_START)], peps: [pep('2026-01-12')] },
    status: 'overdue',
    nextDue: '2026-10-14',
    clock: 'statutory_initial',
  },
  {
    name: 'DEF-13: an episode starting the day after the last one ended continues the period of care',
    on: '2026-11-20',
    given: { episodes: [cla(CARE_START, '2026-11-15', 'C1'), cla('2026-11-16')], peps: [pep('2026-10-12')] },
    status: 'ok',
    nextDue: '2027-01-28',
    check: (s) => expect(dueOf(s, 'statutory_initial')).toEqual(['2026-10-14']),
  },
  {
    name: 'PD-18: never looked after',
    on: '2026-10-01',
    given: { episodes: [{ type: 'CIN', startDate: '2026-01-01', endDate: null }] },
    status: 'not_required',
    nextDue: null,
    reason: /^Not looked after on 1 October 2026, so no PEP is needed/,
  },
  {
    name: 'PEP-3, PD-1: nothing falls due after a planned end of care',
    on: '2026-10-05',
    given: { episodes: [cla(CARE_START, '2026-10-10')] },
    status: 'ok',
    nextDue: null,
    check: (s) => expect(s.dueDates).toEqual([]),
  },

  // Ages (PEP-9).
  {
    name: 'PEP-9: under 2 (the default minimum age) no PEP is needed',
    on: '2026-10-01',
    given: { dateOfBirth: '2025-01-15' },
    status: 'not_required',
    nextDue: null,
    reason:
      /^Under 2 on 1 October 2026: PEPs start at age 2 \(PEP-9\)\. A PEP will be needed from 15 January 2027/,
  },
  {
    name: 'PEP-2, PEP-9: turning 2 while looked after starts the clock on the birthday',
    on: '2027-01-15',
    given: { dateOfBirth: '2025-01-15' },
    status: 'due_soon',
    nextDue: '2027-01-29',
    clock: 'statutory_initial',
    reason:
      /the first PEP is due by 29 January 2027 \(10 working days after the child turned 2 on 15 January 2027 while looked after, PEP-2 and PEP-9\)/,
    check: (s) => expect(dueOf(s, 'statutory_first_review')).toEqual([]),
  },
  {
    name: 'PEP-9: a Virtual School starting PEPs at 3',
    on: '2026-10-01',
    given: { dateOfBirth: '2024-03-01' },
    settings: { minimumAge: 3 },
    status: 'not_required',
    nextDue: null,
    reason: /^Under 3 on 1 October 2026/,
  },
  {
    name: 'PEP-9: still required the day before the 18th birthday',
    on: '2026-10-19',
    given: { dateOfBirth: '2008-10-20' },
    status: 'overdue',
    nextDue: '2026-10-14',
  },
  {
    name: 'PEP-9: not required from the 18th birthday',
    on: '2026-10-20',
    given: { dateOfBirth: '2008-10-20' },
    status: 'not_required',
    nextDue: null,
    reason: /^Aged 18 or over on 20 October 2026: PEPs end at 18/,
  },
  {
    name: 'PEP-9: a review or term falling due after the 18th birthday is not due',
    on: '2026-11-02',
    given: { dateOfBirth: '2009-01-20', peps: [pep('2026-10-12')] },
    status: 'ok',
    nextDue: null,
    check: (s) => expect(s.dueDates.map((d) => d.clock)).not.toContain('statutory_review'),
  },
]

describe('pepSchedule (DOMAIN.md PD-1, PD-18)', () => {
  it.each(cases)('$name', (c) => {
    const s = schedule(c.on, c.given, c.settings)
    expect({ status: s.status, nextDue: s.nextDue }).toEqual({ status: c.status, nextDue: c.nextDue })
    expect(s.required).toBe(c.status !== 'not_required')
    expect(s.reasons.length).toBeGreaterThan(0)
    if (c.clock) {
      const driving = s.dueDates.find((d) => d.dueBy === c.nextDue && !d.met)
      expect(driving?.clock).toBe(c.clock)
    }
    if (c.reason) expect(s.reasons[0]).toMatch(c.reason)
    c.check?.(s)
  })

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
  })

  it('refuses settings a Virtual School could not have saved', () => {
    expect(() => schedule('2026-10-01', {}, { cadence: 'custom', customDueMonths: [] })).toThrow(RangeError)
  })

  it('lists due dates in date order, each with a description naming its clock', () => {
    const s = schedule('2026-10-15', { peps: [pep('2026-10-12')] })
    const dates = s.dueDates.map((d) => d.dueBy)
    expect(dates).toEqual([...dates].sort())
    expect(s.dueDates.map((d) => d.description.split(':')[0])).toEqual([
      'Statutory',
      'Statutory',
      'Virtual School',
      'Statutory',
      'Virtual School',
    ])
  })
})
