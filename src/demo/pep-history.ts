/**
 * When one demo child's PEP meetings were held, and where each PEP got to in the workflow (issue 4 item 3):
 * a meeting each term of the last two school years, a review soon after each change of placement or school
 * (PEP-7), then the child's profile: up to date, overdue (nothing since the last term that ended), a draft in
 * progress, or the latest PEP returned by the Virtual School.
 */
import { addDays, daysBetween, dayOfWeek, maxIso, minIso, type IsoDate } from '../domain/calendar/dates.js'
import type { PepSchedule } from '../domain/pep/schedule.js'
import type { PepStatus } from '../domain/pep/workflow.js'
import type { DemoTerm } from './calendar.js'
import type { Rng } from './random.js'

export type PepProfile = 'up_to_date' | 'overdue' | 'draft' | 'returned'

export type PlannedPep = {
  meetingDate: IsoDate
  nextMeetingDate: IsoDate | null
  status: PepStatus
  submittedOn: IsoDate | null
  /** When the Virtual School approved or returned it. */
  decidedOn: IsoDate | null
}

export type HistoryInput = {
  rng: Rng
  today: IsoDate
  profile: PepProfile
  /** The first day a PEP could be held at this school: the later of coming into care and joining. */
  from: IsoDate
  terms: ReadonlyArray<DemoTerm>
  closures: ReadonlySet<IsoDate>
  changes: ReadonlyArray<{ changedOn: IsoDate }>
  /** The child's schedule today if PEPs had been submitted at these meetings (domain/pep/schedule.ts). */
  scheduleOf: (meetings: IsoDate[]) => PepSchedule
}

/** Two school years of termly PEPs. */
const HISTORY_TERMS = 6
/** Enough to meet every obligation a generated history can miss. */
const MAX_FIXES = 12

export function planPepHistory(h: HistoryInput): PlannedPep[] {
  const { rng, today } = h
  // A submitted PEP's meeting is at least two days ago, so it was submitted by yesterday.
  const lastMeeting = addDays(today, -2)
  const terms = [...h.terms]
    .filter((t) => t.startDate <= today)
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
  const day = (from: IsoDate, to: IsoDate) => schoolDayBetween(rng, from, to, h.closures)

  const recent = terms.slice(-HISTORY_TERMS)
  const historyFrom = maxIso(h.from, recent[0]?.startDate ?? today)
  let meetings: IsoDate[] = []
  for (const t of recent) {
    const m = day(addDays(maxIso(t.startDate, h.from), 5), minIso(addDays(t.endDate, -5), lastMeeting))
    if (m) meetings.push(m)
  }
  for (const c of h.changes) {
    if (c.changedOn < historyFrom || c.changedOn > addDays(today, -5)) continue
    if (meetings.some((m) => m >= c.changedOn && daysBetween(c.changedOn, m) <= 25)) continue
    const m = day(addDays(c.changedOn, 3), minIso(addDays(c.changedOn, 18), lastMeeting))
    if (m) meetings.push(m)
  }
  meetings = spacedOut(meetings.sort())

  const current = terms.find((t) => t.endDate >= today)
  const lastEnded = terms.filter((t) => t.endDate < today).at(-1)
  if (h.profile === 'overdue' && lastEnded) meetings = meetings.filter((m) => m < lastEnded.startDate)
  if (h.profile === 'draft' && current) meetings = meetings.filter((m) => m < current.startDate)
  if (h.profile !== 'overdue') meetings = withoutMissedObligations(h, meetings, lastMeeting)
  // The draft is this term's PEP, being written around its meeting, after any PEP already submitted.
  const draft =
    h.profile === 'draft'
      ? day(maxIso(addDays(today, -10), addDays(meetings.at(-1) ?? h.from, 14), h.from), addDays(today, 14))
      : null

  const planned = meetings.map((meetingDate, i): PlannedPep => {
    const submittedOn = minIso(addDays(meetingDate, rng.int(0, 6)), addDays(today, -1))
    const decidedOn = minIso(addDays(submittedOn, rng.int(2, 12)), today)
    const next = meetings[i + 1] ?? weekdayOnOrBefore(addDays(meetingDate, rng.int(80, 110)))
    const base = { meetingDate, nextMeetingDate: next, submittedOn }
    if (i === meetings.length - 1 && h.profile === 'returned')
      return { ...base, status: 'returned', decidedOn: minIso(decidedOn, addDays(today, -1)) }
    // Not decided yet: waiting for the Virtual School.
    if (decidedOn >= today) return { ...base, status: 'submitted', decidedOn: null }
    return { ...base, status: 'approved', decidedOn }
  })
  if (draft) planned.push({ meetingDate: draft, nextMeetingDate: null, status: 'draft', submittedOn: null, decidedOn: null }) // prettier-ignore
  return planned
}

/** Adds a PEP just before each due date the history missed, until the schedule has none overdue. */
function withoutMissedObligations(h: HistoryInput, start: IsoDate[], lastMeeting: IsoDate): IsoDate[] {
  let meetings = start
  for (let i = 0; i < MAX_FIXES; i++) {
    const schedule = h.scheduleOf(meetings)
    if (schedule.status !== 'overdue' || !schedule.nextDue) break
    const m = weekdayOnOrBefore(minIso(maxIso(addDays(schedule.nextDue, -2), h.from), lastMeeting))
    if (meetings.includes(m)) break // a meeting that early would not count: leave it overdue
    meetings = [...meetings, m].sort()
  }
  return meetings
}

/** Meetings at least ten days apart: a review just after a term's PEP is that PEP. */
function spacedOut(sorted: ReadonlyArray<IsoDate>): IsoDate[] {
  const kept: IsoDate[] = []
  for (const m of sorted) if (kept.length === 0 || daysBetween(kept.at(-1)!, m) >= 10) kept.push(m)
  return kept
}

/** A weekday from `from` to `to` that is not a closure (an INSET day or half term); null when there is none. */
function schoolDayBetween(
  rng: Rng,
  from: IsoDate,
  to: IsoDate,
  closures: ReadonlySet<IsoDate>,
): IsoDate | null {
  const span = daysBetween(from, to)
  if (span < 0) return null
  for (let tries = 0; tries < 20; tries++) {
    const d = addDays(from, rng.int(0, span))
    if (dayOfWeek(d) % 6 !== 0 && !closures.has(d)) return d
  }
  return null
}

export function weekdayOnOrBefore(d: IsoDate): IsoDate {
  const dow = dayOfWeek(d)
  return dow === 6 ? addDays(d, -1) : dow === 0 ? addDays(d, -2) : d
}
