import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summaryFromCounts } from '../domain/attendance/statistics.js'
import { auditEvents } from '../data/schema/index.js'
import {
  CALENDAR_2026_27,
  marksOnSchoolDays,
  recordMarks,
  type TestMark,
} from '../test-support/attendance.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { schoolAttendanceOverview } from './attendance-overview.service.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { loadCalendar, setCalendar } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is Monday 23 November 2026. In CALENDAR_2026_27 the school year so far has 55 school days (110
// sessions): 39 in the first half of the autumn term (to 23 October, 78 sessions) and 16 in the second (from
// 2 November, 32 sessions).
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

const YEAR = { from: '2026-09-01', to: '2026-11-23' }
const replace = (marks: TestMark[], dates: string[], code: string, session?: 'AM' | 'PM') =>
  marks.map((m) => (dates.includes(m.date) && (!session || m.session === session) ? { ...m, code } : m))

async function aSmallSchool() {
  const school = await aSchool(ctx)
  await setCalendar(ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
  const { calendar } = await loadCalendar(database.db, school.id)
  const present = (pupilId: string) => marksOnSchoolDays(calendar, pupilId, YEAR.from, YEAR.to)

  // Looked after: ill for 6 days in September (12 sessions), unexplained absence on 2 mornings in November.
  const cla = await aPupil(ctx, school, { givenName: 'Ash', familyName: 'Looked' })
  await anEpisode(ctx, cla.id, aClaEpisode({ startDate: '2025-01-10' }))
  let claMarks = replace(
    present(cla.id),
    ['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11', '2026-09-14'],
    'I',
  )
  claMarks = replace(claMarks, ['2026-11-16', '2026-11-17'], 'N', 'AM')

  // A child in need: 5 days at the other school (D is not counted), otherwise present.
  const cin = await aPupil(ctx, school, { givenName: 'Bo', familyName: 'Needs' })
  await anEpisode(ctx, cin.id, { type: 'CIN', startDate: '2026-02-01', cinCategory: 'N1' })
  const cinMarks = replace(
    present(cin.id),
    ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09'],
    'D',
  )

  // No status: always present; and one falling since half-term, 8 sessions absent out of 32.
  const steady = await aPupil(ctx, school, { givenName: 'Cy', familyName: 'Steady' })
  const falling = await aPupil(ctx, school, { givenName: 'Di', familyName: 'Falling' })
  const fallingMarks = replace(
    present(falling.id),
    ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12'],
    'O',
  )

  await recordMarks(ctx, school.id, [...claMarks, ...cinMarks, ...present(steady.id), ...fallingMarks])

  // Another school's pupil, absent every session: counts nowhere here.
  const other = await aSchool(ctx)
  await setCalendar(ctx, SYSTEM_ACTOR, other.urn, CALENDAR_2026_27)
  const elsewhere = await aPupil(ctx, other)
  await anEpisode(ctx, elsewhere.id, aClaEpisode())
  await recordMarks(ctx, other.id, marksOnSchoolDays(calendar, elsewhere.id, YEAR.from, YEAR.to, 'O'))
  return { school, cla, cin, steady, falling, claMarks }
}

describe('schoolAttendanceOverview: each cohort against all other pupils (issue 5 item 6)', () => {
  let world: Awaited<ReturnType<typeof aSmallSchool>>
  let overview: Awaited<ReturnType<typeof schoolAttendanceOverview>>
  let officer: Awaited<ReturnType<typeof aUser>>

  beforeAll(async () => {
    world = await aSmallSchool()
    officer = await aUser(ctx, 'attendance_officer', world.school)
    overview = await schoolAttendanceOverview(ctx, officer.actor, world.school.urn)
  })

  it('counts the school year so far, from the first day of term to today', () => {
    expect(overview.year).toMatchObject({ from: '2026-09-01', to: '2026-11-23', started: true })
    expect(overview.halfTerms.map((h) => [h.from, h.to])).toEqual([
      ['2026-09-01', '2026-10-25'],
      ['2026-10-31', '2026-11-23'],
    ])
  })

  it('compares the looked-after pupil with the three others, in sessions and in pupils', () => {
    const cla = overview.cohorts.find((c) => c.cohort === 'cla')!
    // 96 of 110 sessions; 14 absent is 12.7%: persistently absent, not severely.
    expect(cla.group).toEqual({
      pupils: 1,
      attendancePercent: 87.3,
      persistentAbsencePercent: 100,
      severeAbsencePercent: 0,
    })
    // 100 of 100 (D not counted), 110 of 110, 102 of 110: 312 of 320.
    expect(cla.others).toEqual({
      pupils: 3,
      attendancePercent: 97.5,
      persistentAbsencePercent: 0,
      severeAbsencePercent: 0,
    })
  })

  it('puts the child in need in both social worker cohorts and agrees with the domain’s own figures', () => {
    for (const key of ['cswCurrent', 'cswEver6'] as const) {
      const row = overview.cohorts.find((c) => c.cohort === key)!
      expect(row.group).toMatchObject({ pupils: 1, attendancePercent: 100 })
      // 96 + 110 + 102 of 330; one of the three persistently absent.
      expect(row.others).toMatchObject({ pupils: 3, attendancePercent: 93.3, persistentAbsencePercent: 33.3 })
    }
    const claSummary = summaryFromCounts({ present: 96, authorised: 12, unauthorised: 2, notCounted: 0 })
    expect(overview.cohorts.find((c) => c.cohort === 'cla')!.group.attendancePercent).toBe(
      claSummary.attendancePercent,
    )
  })

  it('shows an empty cohort as no pupils and no figures, and the whole school', () => {
    const kinship = overview.cohorts.find((c) => c.cohort === 'kinship')!
    expect(kinship.group).toEqual({
      pupils: 0,
      attendancePercent: null,
      persistentAbsencePercent: null,
      severeAbsencePercent: null,
    })
    expect(kinship.others.pupils).toBe(4)
    // 408 of 430.
    expect(overview.all).toMatchObject({ pupils: 4, attendancePercent: 94.9, persistentAbsencePercent: 25 })
  })

  it('gives the half-term trend: the falling pupil drags the others down after half-term', () => {
    const [first, second] = overview.halfTerms
    const cla1 = first!.cohorts.find((c) => c.cohort === 'cla')!
    const cla2 = second!.cohorts.find((c) => c.cohort === 'cla')!
    // First half: 66 of 78 for the looked-after child; 68 + 78 + 78 of 68 + 78 + 78 for the others.
    expect([cla1.group.attendancePercent, cla1.others.attendancePercent]).toEqual([84.6, 100])
    // Second half: 30 of 32; 32 + 32 + 24 of 96.
    expect([cla2.group.attendancePercent, cla2.others.attendancePercent]).toEqual([93.8, 91.7])
  })

  it('lists the persistently absent pupil and the falling one, with why', () => {
    expect(overview.fallingPoints).toBe(5)
    expect(
      overview.pupils.map((p) => [p.name, p.persistentAbsence, p.falling, p.thisHalfTerm.attendancePercent]),
    ).toEqual([
      ['Di Falling', false, true, 75],
      ['Ash Looked', true, false, 93.8],
    ])
    expect(overview.pupils[1]!.cohorts).toEqual(['cla'])
  })

  it('records one audit event for the school, with counts and no pupil', async () => {
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'attendance.school_viewed'))
    const mine = events.filter((e) => e.schoolId === world.school.id)
    expect(mine).toHaveLength(1)
    expect(mine[0]!.pupilId).toBeNull()
    expect(mine[0]!.details).toEqual({ from: '2026-09-01', to: '2026-11-23', pupils: 4, listed: 2 })
  })

  it('is refused to a role without the report and hides another school', async () => {
    const staff = await aUser(ctx, 'staff', world.school)
    await expect(schoolAttendanceOverview(ctx, staff.actor, world.school.urn)).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    const stranger = await aUser(ctx, 'attendance_officer', await aSchool(ctx))
    await expect(schoolAttendanceOverview(ctx, stranger.actor, world.school.urn)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})
