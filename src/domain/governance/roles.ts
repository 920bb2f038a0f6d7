/**
 * The designated roles a school names in its policy, dated by school year (DOMAIN.md POL-1), and what
 * its register must show: the gaps, and a designated teacher who does not meet DT-1 or POL-2.
 */
import { addDays, formatDate, maxIso, type IsoDate } from '../calendar/dates.js'

export type DesignatedRole =
  | 'designated_teacher'
  | 'designated_governor'
  | 'dsl'
  | 'deputy_dsl'
  | 'csw_lead'
  | 'senco'
  | 'mental_health_lead'

export const DESIGNATED_ROLES: readonly DesignatedRole[] = [
  'designated_teacher',
  'designated_governor',
  'dsl',
  'deputy_dsl',
  'csw_lead',
  'senco',
  'mental_health_lead',
]

/** How a role is named on its own (a heading, a table cell) and inside a sentence. */
export const DESIGNATED_ROLE_NAMES: Record<DesignatedRole, { label: string; inSentence: string }> = {
  designated_teacher: {
    label: 'Designated teacher for looked-after and previously looked-after children',
    inSentence: 'designated teacher',
  },
  designated_governor: { label: 'Designated governor', inSentence: 'designated governor' },
  dsl: { label: 'Designated safeguarding lead', inSentence: 'designated safeguarding lead' },
  deputy_dsl: {
    label: 'Deputy designated safeguarding lead',
    inSentence: 'deputy designated safeguarding lead',
  },
  csw_lead: {
    label: 'Lead for children with a social worker',
    inSentence: 'lead for children with a social worker',
  },
  senco: { label: 'SENCO', inSentence: 'SENCO' },
  mental_health_lead: { label: 'Senior mental health lead', inSentence: 'senior mental health lead' },
}

/**
 * POL-1: one person at a time holds each of these; a school may have several deputy DSLs (000, 003,
 * 004 name "possibly several people"), so that role has no gaps and no overlaps.
 */
export const SINGLE_HOLDER_ROLES: readonly DesignatedRole[] = DESIGNATED_ROLES.filter(
  (r) => r !== 'deputy_dsl',
)

export function isDesignatedRole(value: string): value is DesignatedRole {
  return (DESIGNATED_ROLES as readonly string[]).includes(value)
}

export type Appointment = {
  id: string
  role: DesignatedRole
  personName: string
  userId: string | null
  startDate: IsoDate
  /** The last day in the role; null while it lasts. */
  endDate: IsoDate | null
  hasQts: boolean | null
  inductionCompleted: boolean | null
  onLeadershipTeam: boolean | null
}

/** The days a register covers, both ends included. */
export type DateWindow = { from: IsoDate; to: IsoDate }

const FOREVER = '9999-12-31'

function overlaps(a: { startDate: IsoDate; endDate: IsoDate | null }, window: DateWindow): boolean {
  return a.startDate <= window.to && (a.endDate ?? FOREVER) >= window.from
}

/** The appointments that hold any day of `window`. */
export function appointmentsDuring<A extends Appointment>(
  appointments: readonly A[],
  window: DateWindow,
): A[] {
  return appointments.filter((a) => overlaps(a, window))
}

/** The appointments to `role` on day `d`. */
export function holdersOn<A extends Appointment>(
  appointments: readonly A[],
  role: DesignatedRole,
  d: IsoDate,
): A[] {
  return appointments.filter((a) => a.role === role && overlaps(a, { from: d, to: d }))
}

export type RoleGap = { role: DesignatedRole; from: IsoDate; to: IsoDate; message: string }

function gapMessage(role: DesignatedRole, from: IsoDate, to: IsoDate, window: DateWindow, today: IsoDate) {
  const name = DESIGNATED_ROLE_NAMES[role].inSentence
  if (to < today) return `There was no ${name} from ${formatDate(from)} to ${formatDate(to)}`
  if (to === window.to) return `No ${name} from ${formatDate(from)}`
  return `No ${name} from ${formatDate(from)} to ${formatDate(to)}`
}

/**
 * POL-1, DT-2: the days of `window` on which a single-holder role has nobody, as problems to show
 * ("No designated teacher from 1 September 2026"). A gap already over by `today` is told in the past.
 */
export function roleGaps(
  appointments: readonly Appointment[],
  window: DateWindow,
  today: IsoDate,
): RoleGap[] {
  const gaps: RoleGap[] = []
  for (const role of SINGLE_HOLDER_ROLES) {
    const held = appointmentsDuring(
      appointments.filter((a) => a.role === role),
      window,
    ).sort((a, b) => a.startDate.localeCompare(b.startDate))
    let next: IsoDate = window.from
    const gap = (from: IsoDate, to: IsoDate) =>
      gaps.push({ role, from, to, message: gapMessage(role, from, to, window, today) })
    for (const a of held) {
      if (next > window.to) break
      if (a.startDate > next) gap(next, addDays(a.startDate, -1))
      if (a.endDate === null) next = addDays(window.to, 1)
      else next = maxIso(next, addDays(a.endDate, 1))
    }
    if (next <= window.to) gap(next, window.to)
  }
  return gaps
}

/** Dates as a register shows them: "from 1 September 2026 with no end date". */
export function periodText(a: { startDate: IsoDate; endDate: IsoDate | null }): string {
  return a.endDate
    ? `from ${formatDate(a.startDate)} to ${formatDate(a.endDate)}`
    : `from ${formatDate(a.startDate)} with no end date`
}

/**
 * POL-1: a single-holder role cannot have two people on the same day. The appointment `proposed`
 * (new, or an existing one with new dates: its own id is skipped) clashes with the first returned.
 */
export function clashingAppointment<A extends Appointment>(
  existing: readonly A[],
  proposed: { id?: string | undefined; role: DesignatedRole; startDate: IsoDate; endDate: IsoDate | null },
): A | null {
  if (!SINGLE_HOLDER_ROLES.includes(proposed.role)) return null
  const window = { from: proposed.startDate, to: proposed.endDate ?? FOREVER }
  return existing.find((a) => a.id !== proposed.id && a.role === proposed.role && overlaps(a, window)) ?? null
}

/** What the register says when an appointment would overlap another's. */
export function clashMessage(clash: Appointment, proposedStart: IsoDate): string {
  const name = DESIGNATED_ROLE_NAMES[clash.role].inSentence
  const advice =
    clash.startDate < proposedStart
      ? `End their appointment on or before ${formatDate(addDays(proposedStart, -1))} first, or choose another start date`
      : 'Choose dates that do not overlap theirs'
  return `${clash.personName} is already the ${name} ${periodText(clash)}. Only one person can hold this role at a time. ${advice}`
}

export type StandingFlag = { rule: 'DT-1' | 'POL-2'; message: string }

/**
 * DT-1 and POL-2: what a designated teacher's appointment lacks. The appointment is kept (a school
 * may have nobody better yet, or the DT is the headteacher, whom DT-1 allows without QTS), but the
 * register and the governors see the flag.
 */
export function designatedTeacherFlags(a: Appointment): StandingFlag[] {
  if (a.role !== 'designated_teacher') return []
  const flags: StandingFlag[] = []
  const who = a.personName
  if (a.hasQts === false)
    flags.push({
      rule: 'DT-1',
      message: `${who} does not have qualified teacher status. The law requires the designated teacher to have it, unless they are the headteacher or acting headteacher`,
    })
  if (a.hasQts === null)
    flags.push({ rule: 'DT-1', message: `Whether ${who} has qualified teacher status is not recorded` })
  if (a.inductionCompleted === false)
    flags.push({
      rule: 'DT-1',
      message: `${who} has not completed induction. The law requires the designated teacher to have completed any induction they need`,
    })
  if (a.inductionCompleted === null)
    flags.push({ rule: 'DT-1', message: `Whether ${who} has completed induction is not recorded` })
  if (a.onLeadershipTeam === false)
    flags.push({
      rule: 'POL-2',
      message: `${who} is not on the leadership team. The school’s policy expects the designated teacher to be senior`,
    })
  if (a.onLeadershipTeam === null)
    flags.push({ rule: 'POL-2', message: `Whether ${who} is on the leadership team is not recorded` })
  return flags
}
