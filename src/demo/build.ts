/**
 * Builds the whole demo data set in memory, with no database: the same seed and `today` give the
 * same rows (apart from their random UUIDs).
 */
import { v7 as uuidv7 } from 'uuid'
import type { schools } from '../data/schema/index.js'
import { schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { EpisodeFacts } from '../domain/cohort/status.js'
import { buildPupilStaff, buildTasks, type PupilStaffRow, type TaskRow } from './assignments.js'
import { buildAttendanceProfiles, groupOn, type AttendanceProfile } from './attendance.js'
import { demoCalendar, type DemoClosure, type DemoTerm } from './calendar.js'
import { buildContacts, type ContactRow } from './contacts.js'
import { buildCohorts, type EpisodeRow, type PlacementChangeRow } from './episodes.js'
import { buildGovernance, type DemoGovernance } from './governance.js'
import { buildPeps, type DemoPeps } from './peps.js'
import { buildPupils, type DemoPupil } from './pupils.js'
import { createRng } from './random.js'
import { assignSen } from './sen.js'
import { demoSchoolCalendar } from './register.js'
import { demoSchoolSpecs, type DemoSchoolSpec, type DemoSize } from './spec.js'
import { buildSuspensions, type SuspensionRow } from './suspensions.js'
import { buildGlobalUsers, buildSchoolUsers, type DemoUser } from './users.js'

export type SchoolRow = typeof schools.$inferInsert & { id: string }

export type DemoData = {
  /** The reference date the data was built for. */
  today: IsoDate
  specs: DemoSchoolSpec[]
  schools: SchoolRow[]
  terms: Array<DemoTerm & { schoolId: string }>
  closures: Array<DemoClosure & { schoolId: string }>
  users: DemoUser[]
  pupils: DemoPupil[]
  episodes: EpisodeRow[]
  placementChanges: PlacementChangeRow[]
  contacts: ContactRow[]
  pupilStaff: PupilStaffRow[]
  tasks: TaskRow[]
  peps: DemoPeps
  /** Each pupil's absence; the marks themselves are streamed from these (register.ts), never held. */
  attendance: AttendanceProfile[]
  suspensions: SuspensionRow[]
  governance: DemoGovernance
}

export type BuildOptions = { seed: number; today: IsoDate; size: DemoSize; schools?: number | undefined }

/** School years with a calendar: 2024 to 2026, and always the current one and the two before it. */
export function calendarYears(today: IsoDate): number[] {
  const current = schoolYearOf(today)
  const years: number[] = []
  for (let y = Math.min(2024, current - 2); y <= Math.max(2026, current); y++) years.push(y)
  return years
}

export function buildDemo(options: BuildOptions): DemoData {
  const { today } = options
  const root = createRng(options.seed)
  const schoolYear = schoolYearOf(today)
  const specs = demoSchoolSpecs(options.size, options.schools)
  const global = buildGlobalUsers(root.fork('users'))
  const data: DemoData = {
    today,
    specs,
    schools: [],
    terms: [],
    closures: [],
    users: [...global.users],
    pupils: [],
    episodes: [],
    placementChanges: [],
    contacts: [],
    pupilStaff: [],
    tasks: [],
    peps: { peps: [], targets: [], reviews: [], events: [] },
    attendance: [],
    suspensions: [],
    governance: { appointments: [], courses: [], sessions: [], attendances: [], reports: [] },
  }
  for (const spec of specs) {
    // One generator per school and part, so adding schools or changing one part leaves the rest alone.
    const part = (label: string) => root.fork(`${spec.urn}:${label}`)
    const schoolId = uuidv7()
    data.schools.push({
      id: schoolId,
      urn: spec.urn,
      laestab: spec.laestab,
      name: spec.name,
      laCode: spec.laCode,
      phase: spec.phase,
      calendarVersion: 1,
    })
    const calendars = calendarYears(today).map((year) => demoCalendar(year))
    for (const cal of calendars) {
      data.terms.push(...cal.terms.map((t) => ({ ...t, schoolId })))
      data.closures.push(...cal.closures.map((c) => ({ ...c, schoolId })))
    }
    const staff = buildSchoolUsers(part('users'), spec, schoolId)
    data.users.push(...staff.users)

    const pupils = buildPupils(part('pupils'), spec, schoolId, schoolYear, today)
    const onRoll = pupils.filter((p) => p.leftOn === null)
    const cohorts = buildCohorts(
      {
        rng: part('cohorts'),
        today,
        phase: spec.phase,
        schoolId,
        laCode: spec.laCode,
        recordedBy: staff.designatedTeacher.id,
        evidenceSeenBy: staff.designatedTeacher.name,
      },
      onRoll,
    )
    assignSen(part('sen'), spec.phase, pupils, cohorts.facts)
    data.pupils.push(...pupils)
    data.episodes.push(...cohorts.episodes)
    data.placementChanges.push(...cohorts.placementChanges)
    const contacts = buildContacts(
      { rng: part('contacts'), today, schoolId, laCode: spec.laCode, vsAdviser: global.vsAdviser },
      onRoll,
      cohorts.facts,
    )
    data.contacts.push(...contacts)
    data.pupilStaff.push(
      ...buildPupilStaff(part('staff'), today, schoolId, onRoll, cohorts.facts, staff.staff),
    )
    const peps = buildPeps(
      {
        rng: part('peps'),
        today,
        schoolId,
        terms: calendars.flatMap((c) => c.terms),
        closures: calendars.flatMap((c) => c.closures),
        designatedTeacher: staff.designatedTeacher,
        vsAdviser: global.vsAdviser,
      },
      onRoll,
      cohorts.facts,
      cohorts.episodes,
      cohorts.placementChanges,
      contacts,
    )
    data.peps.peps.push(...peps.peps)
    data.peps.targets.push(...peps.targets)
    data.peps.reviews.push(...peps.reviews)
    data.peps.events.push(...peps.events)
    data.tasks.push(
      ...buildTasks(
        part('tasks'),
        today,
        { id: schoolId, urn: spec.urn },
        staff,
        onRoll,
        cohorts.facts,
        contacts,
      ),
    )

    // Attendance, suspensions and governance (issues 5 to 7), by each pupil's group today (DEMO.md).
    const episodesOf = currentEpisodesByPupil(cohorts.episodes)
    const group = (id: string) => groupOn(episodesOf.get(id) ?? [], today)
    data.attendance.push(
      ...buildAttendanceProfiles(
        part('attendance'),
        spec.phase,
        pupils.map((p) => ({ ...p, group: group(p.id) })),
        today,
      ),
    )
    const headteacher = staff.users.find((u) => u.role === 'headteacher')!
    data.suspensions.push(
      ...buildSuspensions(
        {
          rng: part('suspensions'),
          today,
          phase: spec.phase,
          schoolId,
          calendar: demoSchoolCalendar(data, schoolId),
          recordedBy: headteacher.id,
          virtualSchool: { laCode: spec.laCode, adviserName: global.vsAdviser.name },
        },
        pupils,
        episodesOf,
      ),
    )
    const governance = buildGovernance({
      rng: part('governance'),
      today,
      phase: spec.phase,
      schoolId,
      users: staff.users,
      takenNames: new Set(
        pupils.flatMap((p) =>
          [p.givenName, p.preferredName ?? p.givenName].map((g) => `${g} ${p.familyName}`),
        ),
      ),
      provider: 'The Virtual School (demo)',
    })
    for (const key of Object.keys(governance) as Array<keyof DemoGovernance>)
      (data.governance[key] as unknown[]).push(...governance[key])
  }
  return data
}

/** Each pupil's current episodes (neither superseded nor withdrawn), as the status rules read them. */
function currentEpisodesByPupil(episodes: ReadonlyArray<EpisodeRow>): Map<string, EpisodeFacts[]> {
  const byPupil = new Map<string, EpisodeFacts[]>()
  for (const e of episodes) {
    if (e.supersededById || e.withdrawn) continue
    const facts: EpisodeFacts = {
      type: e.type,
      startDate: e.startDate,
      endDate: e.endDate ?? null,
      legalStatus: e.legalStatus ?? null,
      responsibleLaCode: e.responsibleLaCode ?? null,
      route: e.route ?? null,
      arrangement: e.arrangement ?? null,
    }
    byPupil.set(e.pupilId, [...(byPupil.get(e.pupilId) ?? []), facts])
  }
  return byPupil
}
