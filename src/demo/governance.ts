/**
 * Demo governance (DOMAIN.md POL-1 to POL-5, DT-1 to DT-3, GOV-2 to GOV-4): who holds each designated role,
 * the training held last school year and this one so far, and this year's report to governors as a draft.
 * The designated teacher has had 1.5 of their 2 days' training this year (POL-3), so the compliance page
 * has something still to do. Every name is made up (names.ts); the report's words name no child (PD-11).
 */
import { v7 as uuidv7 } from 'uuid'
import type {
  designatedRoleAppointments,
  governorsReports,
  trainingAttendances,
  trainingCourses,
  trainingSessions,
} from '../data/schema/index.js'
import { addDays, dayOfWeek, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { DesignatedRole } from '../domain/governance/roles.js'
import type { TrainingKind } from '../domain/governance/training.js'
import { autumnTermStart } from './calendar.js'
import { adultName, fullName } from './names.js'
import type { Rng } from './random.js'
import type { Phase } from './spec.js'
import type { DemoUser } from './users.js'

export type AppointmentRow = typeof designatedRoleAppointments.$inferInsert & { id: string }
export type CourseRow = typeof trainingCourses.$inferInsert & { id: string }
export type TrainingSessionRow = typeof trainingSessions.$inferInsert & { id: string; heldOn: IsoDate }
export type TrainingAttendanceRow = typeof trainingAttendances.$inferInsert
export type GovernorsReportRow = typeof governorsReports.$inferInsert

export type DemoGovernance = {
  appointments: AppointmentRow[]
  courses: CourseRow[]
  sessions: TrainingSessionRow[]
  attendances: TrainingAttendanceRow[]
  reports: GovernorsReportRow[]
}

export type GovernanceContext = {
  rng: Rng
  today: IsoDate
  phase: Phase
  schoolId: string
  /** The school's demo users: the headteacher, DT, DSL, SENCO, governor and staff hold the roles. */
  users: ReadonlyArray<DemoUser>
  /** Full names already used by the school's pupils: a made-up member of staff never shares one. */
  takenNames: ReadonlySet<string>
  /** The Virtual School that runs the DT and attachment-aware training. */
  provider: string
}

/** Staff at the whole-staff training who have no Harbour account, besides the demo users. */
const OTHER_STAFF: Record<Phase, number> = { primary: 18, secondary: 45 }

/** The first weekday on or after `d`. */
function weekday(d: IsoDate): IsoDate {
  const dow = dayOfWeek(d)
  return dow === 6 ? addDays(d, 2) : dow === 0 ? addDays(d, 1) : d
}

export function buildGovernance(ctx: GovernanceContext): DemoGovernance {
  const { rng, today, schoolId } = ctx
  const year = schoolYearOf(today)
  const byRole = (role: DemoUser['role']) => ctx.users.filter((u) => u.role === role)
  const [head] = byRole('headteacher')
  const [dt] = byRole('designated_teacher')
  const [dsl] = byRole('dsl')
  const [senco] = byRole('senco')
  const [governor] = byRole('governor')
  const staff = byRole('staff')
  const madeUp = () => {
    for (;;) {
      const name = fullName(adultName(rng))
      if (!ctx.takenNames.has(name)) return name
    }
  }

  const appointments: AppointmentRow[] = []
  const appoint = (
    role: DesignatedRole,
    who: { name: string; id?: string; email?: string },
    startDate: IsoDate,
    extra: Partial<AppointmentRow> = {},
  ): AppointmentRow => {
    const row: AppointmentRow = {
      id: uuidv7(),
      schoolId,
      role,
      personName: who.name,
      email: who.email ?? null,
      userId: who.id ?? null,
      startDate,
      endDate: null,
      createdBy: head?.id ?? null,
      ...extra,
    }
    appointments.push(row)
    return row
  }
  const september = (y: number) => `${y}-09-01`
  // DT-1, POL-2: a qualified teacher with induction done, on the leadership team, with time to do the job.
  const dtRole = appoint('designated_teacher', dt!, september(year - 3), {
    hasQts: true,
    inductionCompleted: true,
    onLeadershipTeam: true,
    timeAllocated: ctx.phase === 'secondary' ? 'One day a week' : 'Half a day a week',
  })
  // The designated governor changed two years ago: the register keeps the one before.
  appoint('designated_governor', { name: madeUp() }, september(year - 6), { endDate: `${year - 2}-08-31` })
  appoint('designated_governor', governor!, september(year - 2))
  const dslRole = appoint('dsl', dsl!, september(year - 4))
  const deputies = (ctx.phase === 'secondary' ? staff.slice(0, 2) : [head!]).map((user, i) => ({
    user,
    role: appoint('deputy_dsl', user, september(year - 2 + i)),
  }))
  // Often the DSL also leads for children with a social worker (POL-3, policy 002).
  appoint('csw_lead', dsl!, september(year - 1))
  appoint('senco', senco!, september(year - 5))
  appoint('mental_health_lead', ctx.phase === 'secondary' ? staff[2]! : head!, september(year - 2))

  const courses: CourseRow[] = []
  const course = (kind: TrainingKind, title: string, provider: string): CourseRow => {
    const row: CourseRow = { id: uuidv7(), schoolId, title, kind, provider, createdBy: dt!.id }
    courses.push(row)
    return row
  }
  const atip = course('atip', 'Attachment-aware and trauma-informed practice', ctx.provider)
  const dtCourse = course('designated_teacher', 'Designated teacher training', ctx.provider)
  const dslCourse = course('dsl', 'Safeguarding lead refresher', 'Local safeguarding partnership')
  const cswCourse = course('csw_lead', 'Leading support for children with a social worker', ctx.provider)

  const sessions: TrainingSessionRow[] = []
  const attendances: TrainingAttendanceRow[] = []
  type Attendee = { name: string; userId?: string; appointmentId?: string }
  const session = (
    c: CourseRow,
    heldOn: IsoDate,
    length: { duration: number; durationUnit: 'hours' | 'days' },
    people: ReadonlyArray<Attendee>,
    wholeStaff = false,
  ) => {
    // Only training that has happened: the register is of what was done.
    if (heldOn > today) return
    const row: TrainingSessionRow = {
      id: uuidv7(),
      schoolId,
      courseId: c.id,
      heldOn,
      ...length,
      wholeStaff,
      notes: null,
      createdBy: dt!.id,
    }
    sessions.push(row)
    for (const p of people)
      attendances.push({
        sessionId: row.id,
        personName: p.name,
        userId: p.userId ?? null,
        appointmentId: p.appointmentId ?? null,
      })
  }
  const asAttendee = (u: DemoUser, a?: AppointmentRow): Attendee => ({
    name: u.name,
    userId: u.id,
    ...(a ? { appointmentId: a.id } : {}),
  })
  const everyone = [
    ...ctx.users
      .filter((u) => u.role !== 'governor')
      .map((u) => asAttendee(u, u.id === dt!.id ? dtRole : undefined)),
    ...Array.from({ length: OTHER_STAFF[ctx.phase] }, () => ({ name: madeUp() })),
  ]
  const dtAttends = [asAttendee(dt!, dtRole)]

  for (const y of [year - 1, year]) {
    // POL-4: the whole staff on the first INSET day, three hours (half a training day).
    session(atip, autumnTermStart(y), { duration: 3, durationUnit: 'hours' }, everyone, true)
    // POL-3: the Virtual School's course for designated teachers, one day each autumn.
    session(dtCourse, weekday(`${y}-10-07`), { duration: 1, durationUnit: 'days' }, dtAttends)
    session(cswCourse, weekday(`${y}-10-14`), { duration: 3, durationUnit: 'hours' }, [asAttendee(dsl!)])
  }
  // Last year the DT had a second day in the spring, so the year's two days were met (1.5 this year so far).
  session(dtCourse, weekday(`${year}-03-10`), { duration: 1, durationUnit: 'days' }, dtAttends)
  // KCSIE: the safeguarding leads' refresher, last autumn.
  session(dslCourse, weekday(`${year - 1}-11-12`), { duration: 1, durationUnit: 'days' }, [
    asAttendee(dsl!, dslRole),
    ...deputies.map((d) => asAttendee(d.user, d.role)),
  ])

  const reports: GovernorsReportRow[] = [
    {
      schoolId,
      schoolYear: year,
      status: 'draft',
      narrative: REPORT_NARRATIVE[ctx.phase],
      priorities: REPORT_PRIORITIES,
      createdBy: dt!.id,
    },
  ]
  sessions.sort((a, b) => a.heldOn.localeCompare(b.heldOn))
  return { appointments, courses, sessions, attendances, reports }
}

/**
 * The designated teacher's words so far (GOV-4): about the school's work, with no numbers to go stale
 * beside the live figures, and never about a named child (PD-11).
 */
export const REPORT_NARRATIVE: Record<Phase, string> = {
  primary: [
    'This is my draft report for the autumn term so far.',
    'Every child looked after on roll has a personal education plan for this term, written with their carers, social workers and the Virtual School. Our children looked after attend well, better than the school as a whole, and their plans focus on reading and on friendships at playtime.',
    'Children with a social worker are still far more often persistently absent than their classmates. The attendance officer now checks their absences by half past nine each morning and rings home the same day, and we tell the social worker about every absence that is not explained.',
    'Suspensions are rare in our school. Before each one we spoke to the Virtual School or to the family, and we use the nurture room and a trusted adult at lunchtimes first.',
    'All staff had attachment-aware and trauma-informed training on the first day of term. I have had a day and a half of designated teacher training so far this year and will book the rest before the summer term.',
  ].join('\n\n'),
  secondary: [
    'This is my draft report for the autumn term so far.',
    'Every child looked after on roll has a personal education plan for this term, written with their carers, social workers and the Virtual School. Their attendance is below that of other pupils, as it is across the country for this age, and it is the first target in most of their plans.',
    'Children with a social worker are far more often persistently absent than other pupils. The attendance officer now checks their absences by half past nine each morning and rings home the same day, and we tell the social worker about every absence that is not explained.',
    'Suspensions of children looked after and of children with a social worker remain higher than for other pupils. Before each one we spoke to the Virtual School or to the family, and we have added mentoring and a reduced timetable review as alternatives.',
    'All staff had attachment-aware and trauma-informed training on the first day of term. I have had a day and a half of designated teacher training so far this year and will book the rest before the summer term.',
  ].join('\n\n'),
}

export const REPORT_PRIORITIES = [
  'Reduce persistent absence of children with a social worker, with an attendance support plan for each one who needs it.',
  'Complete the designated teacher’s training for this year.',
  'Review the policy for children looked after and previously looked after before the spring term.',
].join('\n')
