/**
 * Demo key adults and mentors (pupil_staff) for the cohort pupils, and a handful of open tasks
 * for the designated teacher and the DSL, some late and some due.
 */
import type { pupilStaff, tasks } from '../data/schema/index.js'
import { addDays, dayOfWeek, maxIso, minIso, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import { autumnTermStart } from './calendar.js'
import type { ContactRow } from './contacts.js'
import type { CohortFacts } from './episodes.js'
import { initials } from './names.js'
import type { DemoPupil } from './pupils.js'
import type { Rng } from './random.js'
import type { DemoUser } from './users.js'

export type PupilStaffRow = typeof pupilStaff.$inferInsert
export type TaskRow = typeof tasks.$inferInsert

/** staff1 is key adult for about this many pupils, so signing in as staff1 shows a short list. */
export const STAFF1_PUPILS = 5

/** A due date at a weekend moves to the Friday before when it is past, the Monday after when it is to come. */
function weekday(d: IsoDate, past: boolean): IsoDate {
  const dow = dayOfWeek(d)
  if (dow !== 0 && dow !== 6) return d
  return past ? addDays(d, dow === 6 ? -1 : -2) : addDays(d, dow === 6 ? 2 : 1)
}

function isCohort(f: CohortFacts | undefined): f is CohortFacts {
  return !!f && !!(f.cla || f.pla || f.cinCurrent || f.cpCurrent || f.kinship || f.ever6)
}

export function buildPupilStaff(
  rng: Rng,
  today: IsoDate,
  schoolId: string,
  pupils: ReadonlyArray<DemoPupil>,
  facts: ReadonlyMap<string, CohortFacts>,
  staff: ReadonlyArray<DemoUser>,
): PupilStaffRow[] {
  const cohort = rng.shuffle(pupils.filter((p) => isCohort(facts.get(p.id))))
  const [first, ...others] = staff
  if (!first || others.length === 0) return []
  // staff1 gets one pupil from each cohort where there is one, so their short list shows them all.
  const kinds: Array<(f: CohortFacts) => boolean> = [
    (f) => !!f.cla,
    (f) => !!f.pla,
    (f) => !!(f.cinCurrent || f.cpCurrent),
    (f) => !!f.kinship,
    (f) => f.ever6,
  ]
  const forFirst: DemoPupil[] = []
  for (const kind of kinds) {
    const p = cohort.find((q) => !forFirst.includes(q) && kind(facts.get(q.id)!))
    if (p) forFirst.push(p)
  }
  for (const p of cohort) if (forFirst.length < STAFF1_PUPILS && !forFirst.includes(p)) forFirst.push(p)

  const rows: PupilStaffRow[] = []
  const since = (p: DemoPupil): IsoDate =>
    minIso(today, maxIso(p.enrolledOn, autumnTermStart(schoolYearOf(today) - rng.int(0, 1))))
  let next = rng.int(0, others.length - 1)
  for (const p of cohort) {
    let keyAdult: DemoUser
    if (forFirst.includes(p)) keyAdult = first
    else {
      keyAdult = others[next % others.length]!
      next++
    }
    rows.push({ pupilId: p.id, schoolId, userId: keyAdult.id, role: 'key_adult', fromDate: since(p) })
    if (rng.chance(0.25)) {
      const mentor = rng.pick(others.filter((u) => u.id !== keyAdult.id))
      rows.push({ pupilId: p.id, schoolId, userId: mentor.id, role: 'mentor', fromDate: since(p) })
    }
  }
  return rows
}

export function buildTasks(
  rng: Rng,
  today: IsoDate,
  school: { id: string; urn: string },
  people: { designatedTeacher: DemoUser; dsl: DemoUser },
  pupils: ReadonlyArray<DemoPupil>,
  facts: ReadonlyMap<string, CohortFacts>,
  contacts: ReadonlyArray<ContactRow>,
): TaskRow[] {
  const find = (ok: (f: CohortFacts) => boolean, skip: DemoPupil[] = []): DemoPupil | undefined =>
    rng.shuffle(pupils).find((p) => !skip.includes(p) && facts.has(p.id) && ok(facts.get(p.id)!))
  // The two most recent social worker allocations (POL-30: staff are told of a new allocation).
  const latest = contacts
    .filter((c) => c.role === 'social_worker' && !c.toDate && c.fromDate)
    .sort((a, b) => (a.fromDate! < b.fromDate! ? 1 : a.fromDate! > b.fromDate! ? -1 : 0))
    .map((c) => pupils.find((p) => p.id === c.pupilId))
  const [first, second] = latest
  const cla = find((f) => !!f.cla)
  const pla = find((f) => !!f.pla && !f.pla.hasEvidence) ?? find((f) => !!f.pla)
  const csw = find((f) => !!(f.cinCurrent || f.cpCurrent))

  const specs: Array<{ pupil: DemoPupil | undefined; kind: string; title: (who: string) => string; due: number; dsl?: boolean }> = [
    { pupil: first, kind: 'social_worker_allocated', title: (w) => `Read the new social worker allocation for ${w}`, due: -4 },
    { pupil: second, kind: 'social_worker_allocated', title: (w) => `Read the new social worker allocation for ${w}`, due: 3 },
    { pupil: cla, kind: 'pep_due', title: (w) => `Hold this term’s PEP meeting for ${w}`, due: 12 },
    { pupil: pla, kind: 'pla_evidence', title: (w) => `See the evidence of previously looked-after status for ${w}`, due: -2 },
    { pupil: csw, kind: 'share_information', title: (w) => `Send ${w}’s attendance and progress to their social worker`, due: 6, dsl: true },
  ] // prettier-ignore
  return specs.flatMap((s, i) => {
    if (!s.pupil) return []
    const assignee = s.dsl ? people.dsl : people.designatedTeacher
    const task: TaskRow = {
      schoolId: school.id,
      pupilId: s.pupil.id,
      kind: s.kind,
      title: s.title(initials(s.pupil)),
      assigneeUserId: assignee.id,
      assigneeRole: assignee.role,
      dueOn: weekday(addDays(today, s.due), s.due < 0),
      sourceKey: `demo:${school.urn}:${i + 1}`,
    }
    return [task]
  })
}
