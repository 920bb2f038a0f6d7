/**
 * Who is missing which training, by when (DOMAIN.md POL-3, POL-4, DT-3), and the counts the report to
 * governors shows of it (GOV-3, GOV-4 (8)): numbers and yes/no only, never a name.
 */
import { addYears, formatDate, type IsoDate } from '../calendar/dates.js'
import {
  holdersOn,
  roleGaps,
  SINGLE_HOLDER_ROLES,
  type Appointment,
  type DateWindow,
  type DesignatedRole,
} from './roles.js'
import { referenceDay, trainingWindow } from './school-year.js'
import { daysText, type TrainingKind } from './training.js'

export type AttendeeFacts = { personName: string; userId: string | null; appointmentId: string | null }

export type SessionFacts = {
  id: string
  kind: TrainingKind
  heldOn: IsoDate
  /** The session's length in training days (`durationInDays`). */
  days: number
  wholeStaff: boolean
  attendees: readonly AttendeeFacts[]
}

export type Requirement = 'dt_training' | 'atip_whole_staff' | 'dsl_refresher' | 'csw_lead_training'
export type ComplianceStatus = 'done' | 'due' | 'overdue'

export type ComplianceItem = {
  requirement: Requirement
  /** The rules it comes from, as DOMAIN.md names them. */
  rule: string
  /** The person, or "All staff". */
  who: string
  role: DesignatedRole | null
  appointmentId: string | null
  userId: string | null
  what: string
  by: IsoDate
  status: ComplianceStatus
}

/** POL-3: at least 2 days' training for the designated teacher in each school year. */
export const DT_TRAINING_DAYS = 2
/** The courses that count towards them: the DT's own, and the Virtual School's attachment-aware toolkit. */
const DT_TRAINING_KINDS: readonly TrainingKind[] = ['designated_teacher', 'atip']
/**
 * Product choice: DOMAIN.md does not say how often a DSL's training is refreshed; KCSIE (Annex C) asks
 * for the DSL's and deputies' training to be updated at least every two years, so Harbour uses that.
 */
export const DSL_REFRESH_YEARS = 2

/** Names compared as people write them: case and spacing aside. */
export const sameName = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase()

/**
 * Whether the attendee is the appointment's holder: linked to the appointment or to the same Harbour
 * user, or (someone without an account, typed in) by the same name.
 */
export function isHolder(attendee: AttendeeFacts, a: Appointment): boolean {
  if (attendee.appointmentId === a.id) return true
  if (attendee.userId && a.userId) return attendee.userId === a.userId
  return sameName(attendee.personName, a.personName)
}

const within = (d: IsoDate, w: DateWindow) => w.from <= d && d <= w.to

function statusOf(done: boolean, by: IsoDate, today: IsoDate): ComplianceStatus {
  if (done) return 'done'
  return by < today ? 'overdue' : 'due'
}

export type ComplianceInput = {
  schoolYear: number
  appointments: readonly Appointment[]
  sessions: readonly SessionFacts[]
  /** The school year's register window (`registerWindow`): requirements fall due on its last day. */
  window: DateWindow
  today: IsoDate
}

function itemFor(a: Appointment, item: Omit<ComplianceItem, 'who' | 'role' | 'appointmentId' | 'userId'>) {
  return { ...item, who: a.personName, role: a.role, appointmentId: a.id, userId: a.userId }
}

/** The designated teacher's training days in the school year (POL-3, DT-3). */
export function designatedTeacherDays(a: Appointment, sessions: readonly SessionFacts[], schoolYear: number) {
  const year = trainingWindow(schoolYear)
  return sessions
    .filter((s) => DT_TRAINING_KINDS.includes(s.kind) && within(s.heldOn, year))
    .filter((s) => s.attendees.some((p) => isHolder(p, a)))
    .reduce((sum, s) => sum + s.days, 0)
}

/** The last day the holder attended training of `kind`, up to `until`. */
function lastTrained(a: Appointment, sessions: readonly SessionFacts[], kind: TrainingKind, until: IsoDate) {
  return sessions
    .filter((s) => s.kind === kind && s.heldOn <= until && s.attendees.some((p) => isHolder(p, a)))
    .reduce<IsoDate | null>((last, s) => (last === null || s.heldOn > last ? s.heldOn : last), null)
}

/**
 * Every training requirement of the school year, done or not: the designated teacher's days (POL-3),
 * the whole staff's attachment-aware and trauma-informed training (POL-4), each DSL's and deputy's
 * refresher (KCSIE; product choice), and the CSW lead's yearly training (POL-3, policy 002). Each
 * person's requirement applies to whoever holds the role on the year's reference day.
 */
export function trainingCompliance(input: ComplianceInput): ComplianceItem[] {
  const { schoolYear, appointments, sessions, window, today } = input
  const day = referenceDay(window, today)
  const year = trainingWindow(schoolYear)
  const items: ComplianceItem[] = []

  for (const a of holdersOn(appointments, 'designated_teacher', day)) {
    const days = designatedTeacherDays(a, sessions, schoolYear)
    const so = days > 0 ? `${daysText(days)} so far` : 'none recorded yet'
    items.push(
      itemFor(a, {
        requirement: 'dt_training',
        rule: 'POL-3, DT-3',
        what: `At least ${DT_TRAINING_DAYS} days’ designated teacher training this school year (${so})`,
        by: window.to,
        status: statusOf(days >= DT_TRAINING_DAYS - 1e-9, window.to, today),
      }),
    )
  }

  const atipDone = sessions.some((s) => s.kind === 'atip' && s.wholeStaff && within(s.heldOn, year))
  items.push({
    requirement: 'atip_whole_staff',
    rule: 'POL-4',
    who: 'All staff',
    role: null,
    appointmentId: null,
    userId: null,
    what: 'Whole-staff attachment-aware and trauma-informed training this school year',
    by: window.to,
    status: statusOf(atipDone, window.to, today),
  })

  for (const a of [...holdersOn(appointments, 'dsl', day), ...holdersOn(appointments, 'deputy_dsl', day)]) {
    const last = lastTrained(a, sessions, 'dsl', window.to)
    // Never trained as a DSL: trained on taking up the post (POL-3, policy 004).
    const by = last ? addYears(last, DSL_REFRESH_YEARS) : a.startDate
    const done = by > window.to
    items.push(
      itemFor(a, {
        requirement: 'dsl_refresher',
        rule: 'POL-3; KCSIE',
        what: last
          ? `Safeguarding lead training refreshed every ${DSL_REFRESH_YEARS} years (last trained ${formatDate(last)})`
          : 'Safeguarding lead training on taking up the post (none recorded)',
        by,
        status: statusOf(done, by, today),
      }),
    )
  }

  for (const a of holdersOn(appointments, 'csw_lead', day)) {
    const trained = sessions.some(
      (s) => s.kind === 'csw_lead' && within(s.heldOn, year) && s.attendees.some((p) => isHolder(p, a)),
    )
    items.push(
      itemFor(a, {
        requirement: 'csw_lead_training',
        rule: 'POL-3',
        what: 'Training for the lead for children with a social worker this school year',
        by: window.to,
        status: statusOf(trained, window.to, today),
      }),
    )
  }
  return items
}

/** What the report to governors shows of roles and training (GOV-3, GOV-4 (8)): no names (PD-11). */
export type GovernanceSummary = {
  schoolYear: number
  /** The single-holder roles (POL-1) and how many of them had someone on every day of the year. */
  singleHolderRoles: number
  rolesFilledAllYear: number
  roleGaps: number
  designatedTeacherAppointed: boolean
  /** DT-1: the designated teacher in post has qualified teacher status. */
  designatedTeacherQtsOk: boolean
  designatedTeacherTrainingDays: number
  designatedTeacherTrainingDaysRequired: number
  designatedTeacherTrainingOk: boolean
  /** POL-4: a whole-staff attachment-aware and trauma-informed session was held in the year. */
  wholeStaffAtipDone: boolean
  /** Different people who attended any training in the year, and attachment-aware training. */
  staffTrained: number
  staffTrainedAtip: number
  /** Every DSL and deputy in post is within their refresher. */
  dslRefresherOk: boolean
  /** Training requirements not met (due or overdue). */
  trainingMissing: number
}

function distinctPeople(sessions: readonly SessionFacts[]): number {
  // By name: an attendee linked to an account carries that person's name too.
  const names = new Set(
    sessions.flatMap((s) => s.attendees.map((p) => p.personName.trim().replace(/\s+/g, ' ').toLowerCase())),
  )
  return names.size
}

export function governanceSummaryOf(input: ComplianceInput): GovernanceSummary {
  const { schoolYear, appointments, sessions, window, today } = input
  const gaps = roleGaps(appointments, window, today)
  const items = trainingCompliance(input)
  const dt = holdersOn(appointments, 'designated_teacher', referenceDay(window, today))[0]
  const dtDays = dt ? designatedTeacherDays(dt, sessions, schoolYear) : 0
  const year = trainingWindow(schoolYear)
  const thisYear = sessions.filter((s) => within(s.heldOn, year))
  const dslItems = items.filter((i) => i.requirement === 'dsl_refresher')
  return {
    schoolYear,
    singleHolderRoles: SINGLE_HOLDER_ROLES.length,
    rolesFilledAllYear: SINGLE_HOLDER_ROLES.filter((r) => !gaps.some((g) => g.role === r)).length,
    roleGaps: gaps.length,
    designatedTeacherAppointed: dt !== undefined,
    designatedTeacherQtsOk: dt?.hasQts === true,
    designatedTeacherTrainingDays: Number(dtDays.toFixed(2)),
    designatedTeacherTrainingDaysRequired: DT_TRAINING_DAYS,
    designatedTeacherTrainingOk: dt !== undefined && dtDays >= DT_TRAINING_DAYS - 1e-9,
    wholeStaffAtipDone: items.some((i) => i.requirement === 'atip_whole_staff' && i.status === 'done'),
    staffTrained: distinctPeople(thisYear),
    staffTrainedAtip: distinctPeople(thisYear.filter((s) => s.kind === 'atip')),
    dslRefresherOk: dslItems.length > 0 && dslItems.every((i) => i.status === 'done'),
    trainingMissing: items.filter((i) => i.status !== 'done').length,
  }
}
