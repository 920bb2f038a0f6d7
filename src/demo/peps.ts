/**
 * Demo PEPs for each child looked after (issue 4), so the PEP dashboards look like a real school's: a history of
 * termly PEP meetings (and reviews after changes of placement, PEP-7), mostly submitted and approved with green or
 * amber ratings, a few children overdue, a few with a draft in progress and one or two returned by the Virtual
 * School. Each PEP has one or two SMART targets (PEP-12) and reviews the previous PEP's targets.
 *
 * DEMO.md gives no proportions for PEPs; these are a plausible spread, not published statistics. The schedule
 * itself (domain/pep/schedule.ts) decides who is overdue: a child meant to be up to date gets a PEP for any
 * obligation the generated history would have missed.
 */
import { v7 as uuidv7 } from 'uuid'
import type { pepEvents, pepTargetReviews, pepTargets, peps } from '../data/schema/index.js'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../domain/calendar/bank-holidays.js'
import { addDays, ageOn, maxIso, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import { bankHolidaysFrom } from '../domain/calendar/working-days.js'
import { isShortBreakStatus } from '../domain/cohort/codes.js'
import { phaseFor, type PepContent } from '../domain/pep/content.js'
import { pepSchedule, type PepScheduleInput } from '../domain/pep/schedule.js'
import { DEFAULT_PEP_SCHEDULE_SETTINGS } from '../domain/pep/settings.js'
import type { DemoClosure, DemoTerm } from './calendar.js'
import type { ContactRow } from './contacts.js'
import type { CohortFacts, EpisodeRow, PlacementChangeRow } from './episodes.js'
import { planPepHistory, weekdayOnOrBefore, type PepProfile, type PlannedPep } from './pep-history.js'
import * as words from './pep-words.js'
import type { DemoPupil } from './pupils.js'
import type { Rng } from './random.js'
import { DEMO_LA_CODE } from './spec.js'
import type { DemoUser } from './users.js'

export type PepRow = typeof peps.$inferInsert & { id: string }
export type PepTargetRow = typeof pepTargets.$inferInsert & { id: string }
export type PepTargetReviewRow = typeof pepTargetReviews.$inferInsert
export type PepEventRow = typeof pepEvents.$inferInsert

export type DemoPeps = {
  peps: PepRow[]
  targets: PepTargetRow[]
  reviews: PepTargetReviewRow[]
  events: PepEventRow[]
}

export type PepContext = {
  rng: Rng
  today: IsoDate
  schoolId: string
  terms: ReadonlyArray<DemoTerm>
  closures: ReadonlyArray<DemoClosure>
  designatedTeacher: DemoUser
  /** Approves for the demo LA; another LA's Virtual School approves outside Harbour (no user). */
  vsAdviser: DemoUser
}

const BANK_HOLIDAYS = bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS)

export function buildPeps(
  ctx: PepContext,
  pupils: ReadonlyArray<DemoPupil>,
  facts: ReadonlyMap<string, CohortFacts>,
  episodes: ReadonlyArray<EpisodeRow>,
  changes: ReadonlyArray<PlacementChangeRow>,
  contacts: ReadonlyArray<ContactRow>,
): DemoPeps {
  const out: DemoPeps = { peps: [], targets: [], reviews: [], events: [] }
  const closures = new Set(ctx.closures.map((c) => c.date))
  const looked = pupils.filter((p) => {
    const cla = facts.get(p.id)?.cla
    return cla && !isShortBreakStatus(cla.legalStatus) // PD-4: short breaks need no PEP by default
  })
  const profiles = profilesFor(
    ctx.rng,
    looked.map((p) => facts.get(p.id)!.cla!.laCode === DEMO_LA_CODE),
  )
  looked.forEach((pupil, i) => {
    const cla = facts.get(pupil.id)!.cla!
    const input = scheduleInputOf(pupil, episodes, changes, ctx)
    if (!pepSchedule({ ...input, peps: [] }, ctx.today).required) return
    const planned = planPepHistory({
      rng: ctx.rng,
      today: ctx.today,
      profile: profiles[i]!,
      from: maxIso(cla.careStart, pupil.enrolledOn),
      terms: ctx.terms,
      closures,
      changes: input.changes,
      scheduleOf: (meetings) =>
        pepSchedule(
          { ...input, peps: meetings.map((m) => ({ meetingDate: m, submittedOn: m, status: 'submitted' })) },
          ctx.today,
        ),
    })
    addPeps(ctx, out, pupil, cla.laCode, planned, contacts)
  })
  return out
}

/** What the PEP schedule needs to know of a demo pupil, with the Virtual School's default settings (PD-1). */
export function scheduleInputOf(
  pupil: DemoPupil,
  episodes: ReadonlyArray<EpisodeRow>,
  changes: ReadonlyArray<PlacementChangeRow>,
  school: { terms: ReadonlyArray<DemoTerm>; closures: ReadonlyArray<DemoClosure> },
): Omit<PepScheduleInput, 'peps'> {
  return {
    dateOfBirth: pupil.dateOfBirth,
    episodes: episodes
      .filter((e) => e.pupilId === pupil.id && !e.supersededById && !e.withdrawn)
      .map((e) => ({
        type: e.type,
        startDate: e.startDate,
        endDate: e.endDate ?? null,
        legalStatus: e.legalStatus ?? null,
        responsibleLaCode: e.responsibleLaCode ?? null,
      })),
    changes: changes
      .filter((c) => c.pupilId === pupil.id)
      .map((c) => ({ changedOn: c.changedOn, kind: c.kind })),
    onRoll: [{ from: pupil.enrolledOn, to: pupil.leftOn }],
    calendar: {
      terms: school.terms.map((t) => ({ name: t.name, start: t.startDate, end: t.endDate })),
      closures: new Set(school.closures.map((c) => c.date)),
    },
    bankHolidays: BANK_HOLIDAYS,
    settings: DEFAULT_PEP_SCHEDULE_SETTINGS,
    earlierReviewDate: null,
  }
}

/**
 * DEMO.md says nothing of PEPs: most children up to date, a few overdue, with a draft, or returned. With four
 * children or more looked after by the demo LA, at least one of them is in each case, so the Virtual School's
 * dashboard shows every case too. `ours[i]`: whether the i-th child is looked after by the demo LA.
 */
function profilesFor(rng: Rng, ours: ReadonlyArray<boolean>): PepProfile[] {
  const profiles: PepProfile[] = rng.apportion(
    [
      ['up_to_date', 0.6],
      ['overdue', 0.15],
      ['draft', 0.15],
      ['returned', 0.1],
    ] as const,
    ours.length,
  )
  const mine = ours.flatMap((o, i) => (o ? [i] : []))
  if (mine.length < 4) return profiles
  for (const wanted of ['overdue', 'draft', 'returned'] as const) {
    if (mine.some((i) => profiles[i] === wanted)) continue
    const spare = mine.filter((i) => profiles[i] === 'up_to_date')
    if (spare.length < 2) continue
    // Moved from another LA's child when one has it, so the proportions stay as drawn.
    const elsewhere = profiles.indexOf(wanted)
    if (elsewhere >= 0) profiles[elsewhere] = 'up_to_date'
    profiles[rng.pick(spare)] = wanted
  }
  return profiles
}

/** The rows of one child's PEPs, oldest first, each following the one before. */
function addPeps(
  ctx: PepContext,
  out: DemoPeps,
  pupil: DemoPupil,
  laCode: string,
  planned: ReadonlyArray<PlannedPep>,
  contacts: ReadonlyArray<ContactRow>,
): void {
  const { rng } = ctx
  const approver = laCode === DEMO_LA_CODE ? ctx.vsAdviser : null
  let previous: { id: string; targets: PepTargetRow[] } | null = null
  for (const plan of planned) {
    const id = uuidv7()
    const yearGroup = pupil.yearGroup - (schoolYearOf(ctx.today) - schoolYearOf(plan.meetingDate))
    const phase = phaseFor(ageOn(pupil.dateOfBirth, plan.meetingDate), yearGroup)
    const created = at(addDays(plan.meetingDate, -rng.int(3, 10)), rng)
    const submitted = plan.submittedOn ? at(plan.submittedOn, rng) : null
    const decided = plan.decidedOn ? at(plan.decidedOn, rng) : null
    const rating = plan.status === 'approved' ? rng.weighted([['green', 0.65], ['amber', 0.35]] as const) : null // prettier-ignore
    out.peps.push({
      id,
      pupilId: pupil.id,
      schoolId: ctx.schoolId,
      kind: 'pep',
      phase,
      meetingDate: plan.meetingDate,
      nextMeetingDate: plan.nextMeetingDate,
      status: plan.status,
      responsibleLaCode: laCode,
      followsPepId: previous?.id ?? null,
      content: contentFor(rng, pupil, phase, yearGroup, plan.meetingDate, contacts, ctx, approver),
      snapshot: {
        takenFor: plan.meetingDate,
        yearGroup,
        senProvision: pupil.senProvision,
        looksAfter: laCode,
        attendance: null,
        exclusions: null,
      },
      submittedAt: submitted,
      submittedBy: submitted ? ctx.designatedTeacher.id : null,
      approvedAt: plan.status === 'approved' ? decided : null,
      approvedBy: plan.status === 'approved' ? (approver?.id ?? null) : null,
      qualityRating: rating,
      qualityNotes: rating && rng.chance(0.5) ? rng.pick(words.QUALITY_NOTES) : null,
      returnFeedback: plan.status === 'returned' ? rng.pick(words.RETURN_FEEDBACK) : null,
      createdBy: ctx.designatedTeacher.id,
      createdAt: created,
      updatedAt: decided ?? submitted ?? created,
    })
    const event = (
      action: PepEventRow['action'],
      when: Date,
      by: string | null,
      extra: Partial<PepEventRow> = {},
    ) => out.events.push({ pepId: id, pupilId: pupil.id, action, byUserId: by, at: when, ...extra })
    event('created', created, ctx.designatedTeacher.id)
    if (submitted) event('submitted', submitted, ctx.designatedTeacher.id)
    if (decided && plan.status === 'returned')
      event('returned', decided, approver?.id ?? null, { feedback: out.peps.at(-1)!.returnFeedback })
    if (decided && plan.status === 'approved') event('approved', decided, approver?.id ?? null, { rating })

    const targets = targetsFor(
      rng,
      { pepId: id, pupilId: pupil.id },
      phase,
      yearGroup,
      plan.meetingDate,
      laCode,
    )
    out.targets.push(...targets)
    // A draft may not have reached the review of last time's targets yet.
    if (previous && (plan.status !== 'draft' || rng.chance(0.5))) {
      for (const t of previous.targets) {
        const outcome = rng.weighted([['met', 0.45], ['partly_met', 0.35], ['not_met', 0.2]] as const) // prettier-ignore
        out.reviews.push({
          pepId: id,
          pupilId: pupil.id,
          targetId: t.id,
          outcome,
          evidence: rng.pick(words.REVIEW_EVIDENCE[outcome]),
        })
      }
    }
    // A draft is the meeting in progress: the next PEP (there is none) would follow the last counted one.
    if (plan.status !== 'draft') previous = { id, targets }
  }
}

function targetsFor(
  rng: Rng,
  { pepId, pupilId }: { pepId: string; pupilId: string },
  phase: string,
  yearGroup: number,
  meetingDate: IsoDate,
  laCode: string,
): PepTargetRow[] {
  const pool =
    phase === 'post_16'
      ? words.POST_16_TARGETS
      : yearGroup >= 7
        ? words.SECONDARY_TARGETS
        : words.PRIMARY_TARGETS
  return rng.sample(pool, rng.int(1, 2)).map((t, position) => ({
    id: uuidv7(),
    pepId,
    pupilId,
    position,
    area: t.area,
    description: t.description,
    successCriteria: t.successCriteria,
    owner: t.owner,
    dueBy: weekdayOnOrBefore(addDays(meetingDate, rng.int(80, 150))),
    // PP+ for a child looked after by another LA is asked of that LA's Virtual School: often nothing here.
    ppPlusRequestedPence: laCode === DEMO_LA_CODE || rng.chance(0.5) ? t.ppPlusPence : 0,
  }))
}

function contentFor(
  rng: Rng,
  pupil: DemoPupil,
  phase: string,
  yearGroup: number,
  meetingDate: IsoDate,
  contacts: ReadonlyArray<ContactRow>,
  ctx: PepContext,
  approver: DemoUser | null,
): PepContent {
  const contactOn = (role: string) =>
    contacts.find(
      (c) =>
        c.pupilId === pupil.id &&
        c.role === role &&
        (!c.fromDate || c.fromDate <= meetingDate) &&
        (!c.toDate || c.toDate >= meetingDate),
    )?.name ?? contacts.find((c) => c.pupilId === pupil.id && c.role === role)?.name
  return {
    attendees: {
      socialWorker: contactOn('social_worker'),
      carer: contactOn('carer'),
      designatedTeacher: ctx.designatedTeacher.name,
      virtualSchoolAdviser: approver && rng.chance(0.6) ? approver.name : undefined,
      child: rng.weighted([['attended', 0.6], ['contributed_separately', 0.3], ['did_not_contribute', 0.1]] as const), // prettier-ignore
    },
    childVoice: {
      ownWords: rng.pick(words.OWN_WORDS),
      goingWell: rng.pick(words.GOING_WELL),
      wants: rng.pick(words.WANTS),
    },
    leisureInterests: rng.pick(words.LEISURE),
    ...(phase === 'school_age' && yearGroup >= 8 ? { careerAspirations: rng.pick(words.CAREERS) } : {}),
    ...(phase === 'post_16' ? { post16: { activity: 'education' as const } } : {}),
  }
}

/** A time in the school day (UTC; the demo does not need Europe/London precision for this). */
function at(day: IsoDate, rng: Rng): Date {
  return new Date(
    `${day}T${String(rng.int(8, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`,
  )
}
