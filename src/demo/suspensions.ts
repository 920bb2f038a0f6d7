/**
 * Demo suspensions and permanent exclusions (DEMO.md "Suspensions"; DOMAIN.md EX-1, EX-2, EX-5, EX-16, PD-7,
 * PD-8, PD-17) for last school year and this one so far. Each is checked by the same rules as one a user
 * records (`checkSuspension`): a school day, within 45 days a year, no overlap, a Virtual School
 * consultation before suspending a looked-after child and a conversation with the parents of a previously
 * looked-after one.
 */
import { v7 as uuidv7 } from 'uuid'
import type { suspensions } from '../data/schema/index.js'
import type { DatedContact } from '../data/schema/exclusions.js'
import { addDays, maxIso, minIso, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import { addSchoolDays, schoolDaysIn, type SchoolCalendar } from '../domain/calendar/school-calendar.js'
import { statusOn, type EpisodeFacts } from '../domain/cohort/status.js'
import { checkSuspension, type ProposedSuspension } from '../domain/exclusions/check-suspension.js'
import { suspensionSchoolDays, type RecordedSuspension } from '../domain/exclusions/days.js'
import { INDEPENDENT_REVIEW_WITHIN_SCHOOL_DAYS } from '../domain/exclusions/board-review.js'
import { SET_A_VERSION } from '../domain/exclusions/reason-codes.js'
import { groupOn, type DemoGroup } from './attendance.js'
import type { DemoPupil } from './pupils.js'
import type { Rng } from './random.js'
import type { Phase } from './spec.js'

export type SuspensionRow = typeof suspensions.$inferInsert & {
  id: string
  pupilId: string
  schoolId: string
  startDate: IsoDate
}

/**
 * DEMO.md: the share of pupils with at least one suspension in a school year. Primary is about a sixth of
 * the all-phase rate and secondary about twice it [U]. PLA mixes adopted (7%) and SGO or CAO (about 10.5%)
 * in their DEMO.md proportions; kinship has no figure and takes the all-pupils rate.
 */
export const SUSPENSION_RATES: Record<Phase, Record<Exclude<DemoGroup, 'other'> | 'all', number>> = {
  primary: { all: 0.007, cla: 0.03, cino: 0.03, cppo: 0.04, pla: 0.015, kinship: 0.007 },
  secondary: { all: 0.08, cla: 0.25, cino: 0.28, cppo: 0.32, pla: 0.17, kinship: 0.08 },
}
/** DEMO.md: permanent exclusions, 0.13% of all pupils a year, nearly all of them in secondary [U]. */
export const PERMANENT_EXCLUSION_RATE: Record<Phase, number> = { primary: 0.0002, secondary: 0.0022 }

/** Suspensions in a year for a suspended pupil: most have one; children with a social worker more. */
const COUNT_WEIGHTS: Record<'usual' | 'social_worker', ReadonlyArray<readonly [number, number]>> = {
  usual: [[1, 0.52], [2, 0.22], [3, 0.12], [4, 0.07], [5, 0.04], [6, 0.03]],
  social_worker: [[1, 0.4], [2, 0.22], [3, 0.15], [4, 0.1], [5, 0.08], [6, 0.05]],
} // prettier-ignore
/** School days per suspension (0.5 is a lunchtime, EX-2): mostly 1 to 3 days; 6 or more is rare (EX-5). */
const LENGTH_WEIGHTS: Record<Phase, ReadonlyArray<readonly [number, number]>> = {
  primary: [[1, 0.55], [0.5, 0.2], [2, 0.15], [3, 0.08], [5, 0.02]],
  secondary: [[1, 0.42], [2, 0.2], [3, 0.14], [0.5, 0.08], [4, 0.05], [5, 0.08], [8, 0.03]],
} // prettier-ignore
/** Set A reasons (EX-17) in roughly the national proportions; assault on adults is commoner in primary. */
const REASON_WEIGHTS: Record<Phase, ReadonlyArray<readonly [string, number]>> = {
  primary: [['DB', 0.4], ['PA', 0.2], ['PP', 0.18], ['VA', 0.1], ['VP', 0.05], ['DM', 0.04], ['BU', 0.01], ['RA', 0.01], ['TH', 0.01]],
  secondary: [
    ['DB', 0.48], ['VA', 0.15], ['PP', 0.1], ['VP', 0.07], ['PA', 0.04], ['DA', 0.03], ['DM', 0.025], ['MT', 0.025],
    ['OW', 0.015], ['BU', 0.015], ['RA', 0.01], ['SM', 0.01], ['TH', 0.01], ['LG', 0.005], ['DS', 0.005],
  ],
} // prettier-ignore
/** What the school wrote, by the first reason: about the behaviour, never naming anyone. */
const DETAILS: Record<string, string> = {
  DB: 'Repeated refusal to follow instructions in lessons after warnings and a meeting with home',
  VA: 'Swore at and threatened a member of staff when asked to leave the corridor',
  PP: 'Hit another pupil at break time',
  VP: 'Threatening messages and remarks to another pupil',
  PA: 'Kicked a member of staff during an incident in class',
  DA: 'Brought cannabis onto the school site',
  DM: 'Deliberately damaged a classroom door',
  MT: 'Shared an offensive image of another pupil online',
  OW: 'Brought a knife into school',
  BU: 'Continued bullying of a younger pupil after a warning',
  RA: 'Racist remarks to another pupil',
  SM: 'Sexual remarks and touching that upset another pupil',
  TH: 'Took money from another pupil’s bag',
  LG: 'Homophobic abuse of another pupil',
  DS: 'Mocked another pupil’s disability',
}
const VS_ADVICE = [
  'Agreed to a short suspension; asked for work to be sent home and a reintegration meeting with the carer',
  'Asked the school to consider an interim PEP review and to use part of the pupil premium plus for mentoring',
  'Suggested a referral to the educational psychologist and a review of the support plan',
  'Agreed, and asked to be invited to the reintegration meeting',
]
const DAY6_PROVISION = { where: 'Harbour Learning Centre (demo), Station Road', hours: '9:00am to 3:00pm' }

export type SuspensionContext = {
  rng: Rng
  today: IsoDate
  phase: Phase
  schoolId: string
  calendar: SchoolCalendar
  /** Who recorded them: the headteacher. */
  recordedBy: string
  /** The Virtual School of the school's LA, for the consultations about the children it looks after. */
  virtualSchool: { laCode: string; adviserName: string }
}

/** The pupil's current episodes (not superseded, not withdrawn), by pupil id. */
export type EpisodesByPupil = ReadonlyMap<string, ReadonlyArray<EpisodeFacts>>

type Planned = SuspensionRow & { recorded: RecordedSuspension }

/** The last school days up to yesterday (this year) or the year's end, with the share of the year they are. */
function yearWindow(cal: SchoolCalendar, schoolYear: number, today: IsoDate) {
  const terms = cal.terms.filter((t) => schoolYearOf(t.start) === schoolYear)
  if (terms.length === 0) return null
  const first = minIso(...terms.map((t) => t.start))
  const last = maxIso(...terms.map((t) => t.end))
  const all = schoolDaysIn(cal, first, last)
  const days = all.filter((d) => d < today)
  if (days.length === 0) return null
  return { schoolYear, days, share: days.length / all.length }
}

const onRollOn = (p: DemoPupil, d: IsoDate) => p.enrolledOn <= d && (p.leftOn === null || p.leftOn >= d)

/**
 * The share suspended by a point in the year: a pupil suspended k times in the year has had the first of
 * them by share f of it with chance 1 − (1 − f)^k; k is about 2.3 on average.
 */
const soFar = (share: number) => 1 - (1 - share) ** 2.3

export function buildSuspensions(
  ctx: SuspensionContext,
  pupils: ReadonlyArray<DemoPupil>,
  episodes: EpisodesByPupil,
): SuspensionRow[] {
  const { rng, calendar: cal, today } = ctx
  const rows: Planned[] = []
  const ofPupil = (id: string) => rows.filter((r) => r.pupilId === id)
  // A permanently excluded pupil has no suspension after the exclusion began.
  const excludedFrom = new Map<string, IsoDate>()
  for (const row of permanentExclusions(ctx, pupils, episodes)) {
    rows.push(row)
    excludedFrom.set(row.pupilId, row.startDate)
  }

  const current = schoolYearOf(today)
  for (const schoolYear of [current - 1, current]) {
    const window = yearWindow(cal, schoolYear, today)
    if (!window) continue
    const last = window.days.at(-1)!
    const eligible = pupils.filter((p) => window.days.filter((d) => onRollOn(p, d)).length >= 10)
    const groupOf = new Map(
      eligible.map((p) => [p.id, groupOn(episodes.get(p.id) ?? [], minIso(p.leftOn ?? last, last))]),
    )
    const rates = SUSPENSION_RATES[ctx.phase]
    const members = (g: DemoGroup) => eligible.filter((p) => groupOf.get(p.id) === g)
    // The rest of the school makes up the all-pupils rate, so the groups' higher rates do not lift it.
    const inGroups = (['cla', 'cino', 'cppo', 'pla', 'kinship'] as const).reduce(
      (sum, g) => sum + members(g).length * rates[g],
      0,
    )
    const others = members('other')
    const otherRate = Math.max(0, (rates.all * eligible.length - inGroups) / Math.max(1, others.length))
    const chosen: Array<{ pupil: DemoPupil; group: DemoGroup }> = []
    for (const g of ['cla', 'cppo', 'cino', 'pla', 'kinship', 'other'] as const) {
      const group = members(g)
      const expected = group.length * (g === 'other' ? otherRate : rates[g]) * soFar(window.share)
      // The whole expected count and the fraction left by chance: small groups still show their rate.
      const count = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0)
      for (const pupil of rng.sample(group, count)) chosen.push({ pupil, group: g })
    }
    // Everyone permanently excluded in the year had been suspended before.
    for (const p of eligible) {
      const from = excludedFrom.get(p.id)
      if (from && schoolYearOf(from) === schoolYear && !chosen.some((c) => c.pupil === p))
        chosen.push({ pupil: p, group: 'other' })
    }

    for (const { pupil, group } of chosen) {
      const before = excludedFrom.get(pupil.id)
      const days = window.days.filter((d) => onRollOn(pupil, d) && (!before || d < before))
      if (days.length === 0) continue
      const weights = group === 'cla' || group === 'cino' || group === 'cppo' ? 'social_worker' : 'usual'
      const inYear = rng.weighted(COUNT_WEIGHTS[weights])
      const count = 1 + rng.binomial(inYear - 1, window.share)
      for (let n = 0; n < count; n++) {
        const row = placeSuspension(ctx, pupil, days, episodes.get(pupil.id) ?? [], ofPupil(pupil.id))
        if (row) rows.push(row)
      }
    }
  }
  return rows
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
    .map(({ recorded: _recorded, ...row }) => row)
}

/** One suspension on a school day among `days`, apart from the pupil's others; null when none fits. */
function placeSuspension(
  ctx: SuspensionContext,
  pupil: DemoPupil,
  days: ReadonlyArray<IsoDate>,
  episodes: ReadonlyArray<EpisodeFacts>,
  others: ReadonlyArray<Planned>,
): Planned | null {
  const { rng, calendar: cal } = ctx
  for (let attempt = 0; attempt < 20; attempt++) {
    const startDate = rng.pick(days)
    const length = rng.weighted(LENGTH_WEIGHTS[ctx.phase])
    const lunchtime = length === 0.5
    const recorded: RecordedSuspension = { category: lunchtime ? 'LNCH' : 'SUSP', startDate, days: length }
    const covered = suspensionSchoolDays(cal, recorded).days.map((d) => d.date)
    // Never beyond the pupil's last day on roll, and a week or more away from their other suspensions.
    if (covered.length === 0 || (pupil.leftOn && covered.at(-1)! > pupil.leftOn)) continue
    const near = (o: Planned) => {
      const from = addSchoolDays(cal, o.startDate, -5) ?? o.startDate
      const to = addSchoolDays(cal, o.startDate, 5 + Math.ceil(o.recorded.days)) ?? o.startDate
      return covered.some((d) => d >= from && d <= to)
    }
    if (others.some(near)) continue
    const status = statusOn(episodes, startDate)
    const gates = gatesFor(ctx, status, startDate, episodes)
    const proposed: ProposedSuspension = {
      category: recorded.category,
      startDate,
      days: length,
      lunchtime,
      reasons: reasonsFor(rng, ctx.phase),
      ...gates,
    }
    const check = checkSuspension({
      status,
      calendar: cal,
      otherSuspensions: others.map((o) => o.recorded),
      riskAssessmentOpen: false,
      senProvision: pupil.senProvision,
      proposed,
    })
    if (!check.allowed) continue
    return {
      id: uuidv7(),
      pupilId: pupil.id,
      schoolId: ctx.schoolId,
      category: check.category,
      startDate,
      halfDays: check.days * 2,
      lunchtime: check.lunchtime,
      schoolYear: schoolYearOf(startDate),
      reasons: check.reasonCodes.map((r) => r.code),
      reasonTableVersion: SET_A_VERSION,
      details: DETAILS[check.reasonCodes[0]!.code] ?? null,
      vsConsultation: gates.vsConsultation ?? null,
      parentConversation: gates.parentConversation ?? null,
      day6Provision: check.day6Provision ? { ...DAY6_PROVISION, from: check.day6Provision.dueBy } : null,
      status: 'active',
      recordedBy: ctx.recordedBy,
      recorded,
    }
  }
  return null
}

function reasonsFor(rng: Rng, phase: Phase): string[] {
  const count = rng.weighted([[1, 0.78], [2, 0.18], [3, 0.04]] as const) // prettier-ignore
  const reasons = new Set<string>()
  while (reasons.size < count) reasons.add(rng.weighted(REASON_WEIGHTS[phase]))
  return [...reasons]
}

/**
 * PD-7, PD-17: the Virtual School consulted for a looked-after child, on a school day up to two before the
 * start; the parents or guardians spoken to for a previously looked-after child.
 */
function gatesFor(
  ctx: SuspensionContext,
  status: ReturnType<typeof statusOn>,
  startDate: IsoDate,
  episodes: ReadonlyArray<EpisodeFacts>,
): { vsConsultation?: DatedContact; parentConversation?: DatedContact } {
  const { rng, calendar: cal } = ctx
  const before = addSchoolDays(cal, startDate, -rng.int(0, 2)) ?? startDate
  if (status.cla) {
    const la = status.responsibleLaCode
    const adviser =
      la === ctx.virtualSchool.laCode
        ? `${ctx.virtualSchool.adviserName}, Virtual School adviser`
        : `Duty adviser, Virtual School of local authority ${la ?? 'not known'}`
    return { vsConsultation: { date: before, with: adviser, advice: rng.pick(VS_ADVICE) } }
  }
  if (status.pla) {
    const route = episodes.find((e) => e.type === 'PLA')?.route
    const who = route === 'adoption' || route === 'adopted_abroad' ? 'Adoptive parent' : 'Guardian'
    return { parentConversation: { date: before, with: who } }
  }
  return {}
}

/**
 * Very rare (DEMO.md): a pupil who has since left was permanently excluded some weeks before leaving. The
 * board met and upheld it (EX-10, EX-11), and the time to ask for an independent review ran out (EX-12)
 * before the last day on roll.
 */
function permanentExclusions(
  ctx: SuspensionContext,
  pupils: ReadonlyArray<DemoPupil>,
  episodes: EpisodesByPupil,
): Planned[] {
  const { rng, calendar: cal } = ctx
  const leavers = rng.shuffle(pupils.filter((p) => p.leftOn !== null && p.leftOn < ctx.today))
  // The leavers of about the last 200 days, so a little over half a year's worth; at most one a school.
  const expected = pupils.length * PERMANENT_EXCLUSION_RATE[ctx.phase] * 0.55
  const count = Math.min(1, Math.floor(expected) + (rng.chance(expected % 1) ? 1 : 0))
  const rows: Planned[] = []
  for (const pupil of leavers) {
    if (rows.length >= count) break
    const startDate = addSchoolDays(cal, pupil.leftOn!, -30)
    if (!startDate || startDate <= addDays(pupil.enrolledOn, 30)) continue
    const meeting = addSchoolDays(cal, startDate, 12)!
    const notified = addSchoolDays(cal, meeting, 1)!
    const deadline = addSchoolDays(cal, notified, INDEPENDENT_REVIEW_WITHIN_SCHOOL_DAYS)
    if (!deadline || deadline >= pupil.leftOn!) continue
    const status = statusOn(episodes.get(pupil.id) ?? [], startDate)
    const gates = gatesFor(ctx, status, startDate, episodes.get(pupil.id) ?? [])
    const proposed: ProposedSuspension = {
      category: 'PERM',
      startDate,
      reasons: rng.pick([['OW'], ['PA', 'DB'], ['DA']]),
      ...gates,
    }
    const check = checkSuspension({ status, calendar: cal, otherSuspensions: [], riskAssessmentOpen: false, proposed }) // prettier-ignore
    if (!check.allowed) continue
    rows.push({
      id: uuidv7(),
      pupilId: pupil.id,
      schoolId: ctx.schoolId,
      category: 'PERM',
      startDate,
      halfDays: null,
      lunchtime: false,
      schoolYear: schoolYearOf(startDate),
      reasons: check.reasonCodes.map((r) => r.code),
      reasonTableVersion: SET_A_VERSION,
      details: DETAILS[check.reasonCodes[0]!.code] ?? null,
      vsConsultation: gates.vsConsultation ?? null,
      parentConversation: gates.parentConversation ?? null,
      status: 'active',
      boardMeetingOn: meeting,
      boardDecision: 'upheld',
      boardDecisionNotes:
        'The board found the incident proved on the balance of probabilities and upheld the exclusion',
      boardDecisionNotifiedOn: notified,
      independentReviewDeadline: deadline,
      recordedBy: ctx.recordedBy,
      recorded: { category: 'PERM', startDate, days: 0 },
    })
  }
  return rows
}

/** Suspension days at which the pupil has no provision (EX-5): `E`. */
const NO_PROVISION = 'E'
/** From day 6 the school arranges supervised education (`B`); for a permanent exclusion the LA does (`K`). */
const SCHOOL_PROVISION = 'B'
const LA_PROVISION = 'K'
const DAY_6 = 6

/**
 * The register's code for each day a pupil was out of school (ATT-6): `E` with no provision, `B` or `K`
 * once education is arranged from day 6. A lunchtime suspension leaves the morning and afternoon marks alone.
 */
export function exclusionDayCodes(
  cal: SchoolCalendar,
  rows: ReadonlyArray<SuspensionRow>,
  leftOn: ReadonlyMap<string, IsoDate | null>,
): Map<string, Map<IsoDate, string>> {
  const byPupil = new Map<string, Map<IsoDate, string>>()
  const daysOf = (pupilId: string) => {
    let m = byPupil.get(pupilId)
    if (!m) byPupil.set(pupilId, (m = new Map<IsoDate, string>()))
    return m
  }
  for (const row of rows) {
    if (row.status === 'cancelled' || row.lunchtime) continue
    if (row.category === 'PERM') {
      const last = leftOn.get(row.pupilId) ?? null
      if (!last) continue
      schoolDaysIn(cal, row.startDate, last).forEach((d, i) =>
        daysOf(row.pupilId).set(d, i + 1 < DAY_6 ? NO_PROVISION : LA_PROVISION),
      )
      continue
    }
    const from = (row.day6Provision as { from?: string } | null)?.from ?? null
    for (const d of suspensionSchoolDays(cal, { startDate: row.startDate, days: (row.halfDays ?? 0) / 2 })
      .days)
      daysOf(row.pupilId).set(d.date, from !== null && d.date >= from ? SCHOOL_PROVISION : NO_PROVISION)
  }
  return byPupil
}
