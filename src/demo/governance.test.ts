import { describe, expect, it } from 'vitest'
import {
  governanceSummaryOf,
  trainingCompliance,
  type ComplianceInput,
} from '../domain/governance/compliance.js'
import { designatedTeacherFlags, roleGaps, type Appointment } from '../domain/governance/roles.js'
import { registerWindow } from '../domain/governance/school-year.js'
import { durationInDays } from '../domain/governance/training.js'
import { buildDemo } from './build.js'
import { DEFAULT_DEMO_SEED } from './generate.js'
import { CHILD_GIVEN_NAMES, FAMILY_NAMES } from './names.js'
import { demoSchoolCalendar } from './register.js'

const TODAY = '2026-11-23'
const data = buildDemo({ seed: DEFAULT_DEMO_SEED, today: TODAY, size: 'standard' })
const { governance: g } = data

/** The compliance input of one school and school year, as the governance service builds it. */
function complianceInput(schoolId: string, schoolYear: number): ComplianceInput {
  const appointments: Appointment[] = g.appointments
    .filter((a) => a.schoolId === schoolId)
    .map((a) => ({
      id: a.id,
      role: a.role,
      personName: a.personName,
      userId: a.userId ?? null,
      startDate: a.startDate,
      endDate: a.endDate ?? null,
      hasQts: a.hasQts ?? null,
      inductionCompleted: a.inductionCompleted ?? null,
      onLeadershipTeam: a.onLeadershipTeam ?? null,
    }))
  const kindOf = new Map(g.courses.map((c) => [c.id, c.kind]))
  const sessions = g.sessions
    .filter((s) => s.schoolId === schoolId)
    .map((s) => ({
      id: s.id,
      kind: kindOf.get(s.courseId)!,
      heldOn: s.heldOn,
      days: durationInDays({ duration: s.duration, durationUnit: s.durationUnit }),
      wholeStaff: s.wholeStaff ?? false,
      attendees: g.attendances
        .filter((a) => a.sessionId === s.id)
        .map((a) => ({
          personName: a.personName,
          userId: a.userId ?? null,
          appointmentId: a.appointmentId ?? null,
        })),
    }))
  const terms = demoSchoolCalendar(data, schoolId).terms
  return { schoolYear, appointments, sessions, window: registerWindow(schoolYear, terms), today: TODAY }
}

describe('the demo governance (issue 7)', () => {
  it('fills every designated role all year, with a designated teacher who meets DT-1 and POL-2', () => {
    for (const school of data.schools) {
      const input = complianceInput(school.id, 2026)
      expect(roleGaps(input.appointments, input.window, TODAY)).toEqual([])
      const dts = input.appointments.filter((a) => a.role === 'designated_teacher')
      expect(dts).toHaveLength(1)
      expect(designatedTeacherFlags(dts[0]!)).toEqual([])
      expect(input.appointments.filter((a) => a.role === 'deputy_dsl').length).toBeGreaterThanOrEqual(1)
      // A designated governor before the present one: the register keeps its history.
      expect(input.appointments.filter((a) => a.role === 'designated_governor')).toHaveLength(2)
    }
  })

  it('gives the designated teacher 1.5 of their 2 days this year, so the compliance page has a gap', () => {
    for (const school of data.schools) {
      const items = trainingCompliance(complianceInput(school.id, 2026))
      const dt = items.find((i) => i.requirement === 'dt_training')!
      expect(dt.status).toBe('due')
      expect(dt.what).toContain('1.5 days so far')
      expect(items.filter((i) => i.status !== 'done').map((i) => i.requirement)).toEqual(['dt_training'])
      const summary = governanceSummaryOf(complianceInput(school.id, 2026))
      expect(summary).toMatchObject({
        designatedTeacherTrainingDays: 1.5,
        wholeStaffAtipDone: true,
        dslRefresherOk: true,
        roleGaps: 0,
      })
      expect(summary.staffTrainedAtip).toBeGreaterThan(20)
      // Last year the two days were met.
      expect(governanceSummaryOf({ ...complianceInput(school.id, 2025), today: '2026-07-31' })).toMatchObject(
        {
          designatedTeacherTrainingOk: true,
        },
      )
    }
  })

  it('records only training that has happened', () => {
    expect(g.sessions.length).toBeGreaterThan(0)
    expect(g.sessions.every((s) => s.heldOn <= TODAY)).toBe(true)
    const early = buildDemo({ seed: DEFAULT_DEMO_SEED, today: '2026-09-01', size: 'standard' })
    expect(early.governance.sessions.every((s) => s.heldOn <= '2026-09-01')).toBe(true)
    expect(early.governance.sessions.length).toBeLessThan(g.sessions.length)
  })

  it('drafts this year’s report to governors with words that name no child (PD-11)', () => {
    expect(g.reports).toHaveLength(data.schools.length)
    for (const r of g.reports) {
      expect(r).toMatchObject({ schoolYear: 2026, status: 'draft' })
      const words = `${r.narrative} ${r.priorities}`
      expect(r.narrative!.length).toBeGreaterThan(200)
      // Not even a word that is a child's given name or any family name the demo uses.
      for (const name of [...FAMILY_NAMES, ...CHILD_GIVEN_NAMES]) expect(words, name).not.toContain(name)
    }
  })

  it('never gives a made-up member of staff the full name of a pupil at the school', () => {
    const schoolOfSession = new Map(g.sessions.map((s) => [s.id, s.schoolId]))
    for (const school of data.schools) {
      const pupils = new Set(
        data.pupils
          .filter((p) => p.schoolId === school.id)
          .flatMap((p) => [`${p.givenName} ${p.familyName}`, `${p.preferredName} ${p.familyName}`]),
      )
      const staff = [
        ...g.appointments.filter((a) => a.schoolId === school.id).map((a) => a.personName),
        ...g.attendances
          .filter((a) => schoolOfSession.get(a.sessionId) === school.id)
          .map((a) => a.personName),
      ]
      expect(staff.length).toBeGreaterThan(20)
      expect(staff.filter((name) => pupils.has(name))).toEqual([])
    }
  })
})
