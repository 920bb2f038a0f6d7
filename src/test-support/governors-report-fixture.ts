/**
 * A school whose report to governors for 2025 to 2026 is worked out by hand (issue 7 "Done when"): the
 * expected figures are in governors-report.service.test.ts beside the reasoning. Records are written
 * straight into the tables, as the other capabilities' own services would leave them, so that the report
 * is tested on its own.
 *
 * On roll all year: 3 looked-after children (CLA1-3, Year 7), 2 previously looked-after (PLA1-2, Year 8),
 * 3 with a child in need plan from 1 September 2025 (CIN1-3, Year 9) and 4 others (O1-4, Year 9); 3
 * leavers (L1-3, Year 10) who went to other mainstream schools. The school has no term dates for 2025.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../data/db.js'
import {
  designatedRoleAppointments,
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  pepTargetReviews,
  pepTargets,
  peps,
  pupils,
  schoolPolicies,
  suspensions,
  trainingAttendances,
  trainingCourses,
  trainingSessions,
} from '../data/schema/index.js'
import { addDays, isWeekend } from '../domain/calendar/dates.js'
import type { ServiceContext } from '../services/context.js'
import { insertMarks } from './attendance.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from './builders.js'

/** A PEP every term from the start of care (2024-01-10): the statutory and the termly clocks all met. */
const EVERY_TERM = [
  '2024-01-22',
  '2024-04-22',
  '2024-07-08',
  '2024-10-14',
  '2025-01-13',
  '2025-04-14',
  '2025-07-07',
  '2025-10-13',
  '2026-01-12',
  '2026-04-13',
  '2026-07-06',
]

export const FIXTURE_MEETINGS = {
  CLA1: EVERY_TERM,
  // No PEP after January 2026: the July 2026 review and the summer term's PEP are missing.
  CLA2: EVERY_TERM.filter((d) => d < '2026-02-01'),
  // No PEP in the autumn term: the January PEP is late for the autumn term and for the statutory review.
  CLA3: EVERY_TERM.filter((d) => d !== '2025-10-13'),
} as const

/** The ten school days 8 to 19 September 2025, morning and afternoon: 20 sessions. */
export const FIXTURE_DAYS = (() => {
  const days: string[] = []
  for (let d = '2025-09-08'; d <= '2025-09-19'; d = addDays(d, 1)) if (!isWeekend(d)) days.push(d)
  return days
})()

/** 20 sessions: `present` of them '/', then each other code in turn. */
function register(present: number, ...others: string[]): string[] {
  return [...Array<string>(present).fill('/'), ...others].slice(0, 20)
}

const REGISTERS: Record<string, string[]> = {
  CLA1: register(20),
  CLA2: register(18, 'I', 'I'),
  CLA3: register(10, ...Array<string>(10).fill('O')),
  PLA1: register(20),
  PLA2: register(19, 'G'),
  CIN1: register(16, 'N', 'N', 'N', 'N'),
  CIN2: register(20),
  CIN3: register(20),
  O1: register(20),
  O2: register(20),
  O3: register(20),
  O4: register(19, 'M'),
}

export type ReportFixture = Awaited<ReturnType<typeof aReportFixtureSchool>>

export async function aReportFixtureSchool(ctx: ServiceContext, db: Db, name = 'Quayside Academy') {
  const school = await aSchool(ctx, { name })
  const made = new Map<string, Awaited<ReturnType<typeof aPupil>>>()
  const pupil = async (key: string, yearGroup: number) => {
    const p = await aPupil(ctx, school, { yearGroup, givenName: 'Fixturechild', familyName: `Fixture${key}` })
    made.set(key, p)
    return p
  }
  for (const key of ['CLA1', 'CLA2', 'CLA3'] as const) {
    const p = await pupil(key, 7)
    await anEpisode(ctx, p.id, aClaEpisode({ startDate: '2024-01-10' }))
    await pepHistory(db, school.id, p.id, FIXTURE_MEETINGS[key])
  }
  for (const key of ['PLA1', 'PLA2']) {
    const p = await pupil(key, 8)
    await anEpisode(ctx, p.id, { type: 'PLA', startDate: '2019-06-01', route: 'adoption' })
  }
  for (const key of ['CIN1', 'CIN2', 'CIN3']) {
    const p = await pupil(key, 9)
    await anEpisode(ctx, p.id, { type: 'CIN', startDate: '2025-09-01' })
  }
  for (const key of ['O1', 'O2', 'O3', 'O4']) await pupil(key, 9)
  for (const [key, leftOn] of [
    ['L1', '2026-03-31'],
    ['L2', '2026-05-15'],
    ['L3', '2026-06-30'],
  ] as const) {
    const p = await pupil(key, 10)
    await db
      .update(pupils)
      .set({ leftOn, leavingDestination: 'mainstream_school' })
      .where(eq(pupils.id, p.id))
  }
  const id = (key: string) => made.get(key)!.id

  await insertMarks(
    db,
    Object.entries(REGISTERS).flatMap(([key, codes]) =>
      codes.map((code, i) => ({
        pupilId: id(key),
        date: FIXTURE_DAYS[Math.floor(i / 2)]!,
        session: i % 2 === 0 ? ('AM' as const) : ('PM' as const),
        code,
      })),
    ),
  )
  // Not counted (ATT-7): a planned closure on 22 September for CIN3.
  await insertMarks(db, [
    { pupilId: id('CIN3'), date: '2025-09-22', session: 'AM', code: '#' },
    { pupilId: id('CIN3'), date: '2025-09-22', session: 'PM', code: '#' },
  ])

  const suspension = (
    key: string,
    category: 'SUSP' | 'LNCH' | 'PERM',
    startDate: string,
    halfDays: number | null,
  ) => ({
    pupilId: id(key),
    schoolId: school.id,
    category,
    startDate,
    halfDays,
    lunchtime: category === 'LNCH',
    schoolYear: startDate >= '2025-08-01' ? 2025 : 2024,
    reasons: ['PH'],
    reasonTableVersion: 'A',
  })
  await db.insert(suspensions).values([
    suspension('CLA3', 'SUSP', '2025-10-01', 4),
    suspension('CLA3', 'LNCH', '2025-11-03', 1),
    suspension('CIN1', 'SUSP', '2025-12-01', 2),
    suspension('O1', 'PERM', '2026-02-02', null),
    {
      ...suspension('O2', 'SUSP', '2026-03-02', 6),
      status: 'cancelled' as const,
      cancelledOn: '2026-03-03',
    },
    suspension('O3', 'SUSP', '2024-11-01', 2),
  ])

  await qualityAndProgress(db, id)
  await funding(db, school.id, id)
  await governance(db, school.id)
  return { school, pupils: [...made.values()], id }
}

async function pepHistory(db: Db, schoolId: string, pupilId: string, meetings: readonly string[]) {
  for (const meetingDate of meetings) {
    const [pep] = await db
      .insert(peps)
      .values({
        pupilId,
        schoolId,
        meetingDate,
        status: 'submitted',
        submittedAt: new Date(`${meetingDate}T15:00:00Z`),
        responsibleLaCode: '919',
      })
      .returning()
    await db.insert(pepTargets).values({
      pepId: pep!.id,
      pupilId,
      description: 'Fixture target',
      successCriteria: 'Fixture criteria',
      owner: 'Fixture owner',
      dueBy: addDays(meetingDate, 90),
    })
  }
}

async function pepOn(db: Db, pupilId: string, meetingDate: string) {
  const [pep] = await db
    .select()
    .from(peps)
    .where(and(eq(peps.pupilId, pupilId), eq(peps.meetingDate, meetingDate)))
  return pep!
}

async function targetOf(db: Db, pepId: string) {
  const [target] = await db.select().from(pepTargets).where(eq(pepTargets.pepId, pepId))
  return target!
}

/** Ratings (PEP-12): green, amber; green; another scale. Reviews of targets: met, met; partly; not met. */
async function qualityAndProgress(db: Db, id: (key: string) => string) {
  const rate = async (key: string, meetingDate: string, rating: string) => {
    const pep = await pepOn(db, id(key), meetingDate)
    await db
      .update(peps)
      .set({ status: 'approved', approvedAt: new Date(`${meetingDate}T16:00:00Z`), qualityRating: rating })
      .where(eq(peps.id, pep.id))
  }
  await rate('CLA1', '2025-10-13', 'green')
  await rate('CLA1', '2026-01-12', 'amber')
  await rate('CLA2', '2025-10-13', 'green')
  await rate('CLA3', '2026-01-12', 'outstanding')
  const review = async (
    key: string,
    reviewedAt: string,
    setAt: string,
    outcome: 'met' | 'partly_met' | 'not_met',
  ) => {
    const pep = await pepOn(db, id(key), reviewedAt)
    const target = await targetOf(db, (await pepOn(db, id(key), setAt)).id)
    await db
      .insert(pepTargetReviews)
      .values({ pepId: pep.id, pupilId: id(key), targetId: target.id, outcome, evidence: 'Fixture evidence' })
  }
  await review('CLA1', '2025-10-13', '2025-07-07', 'met')
  await review('CLA1', '2026-01-12', '2025-10-13', 'met')
  await review('CLA2', '2025-10-13', '2025-07-07', 'partly_met')
  await review('CLA3', '2026-01-12', '2025-07-07', 'not_met')
  // Before the year: not this year's progress.
  await review('CLA3', '2025-07-07', '2025-04-14', 'met')
}

/** PP+ for the three looked-after children, 2025-26: £2,630 each; £1,000, £1,000, £500 released; £1,300 spent. */
async function funding(db: Db, schoolId: string, id: (key: string) => string) {
  const spent: Record<string, { release: number; spend: number; category: string; impact: string | null }> = {
    CLA1: { release: 100_000, spend: 60_000, category: 'tuition', impact: 'Fixture impact' },
    CLA2: { release: 100_000, spend: 40_000, category: 'tuition', impact: null },
    CLA3: { release: 50_000, spend: 30_000, category: 'mentoring', impact: 'Fixture impact' },
  }
  for (const [key, money] of Object.entries(spent)) {
    const pupilId = id(key)
    const [allocation] = await db
      .insert(fundingAllocations)
      .values({
        pupilId,
        schoolId,
        source: 'pp_plus_cla',
        financialYear: 2025,
        laCode: '919',
        amountPence: 263_000,
        createdAt: new Date('2025-09-10T10:00:00Z'),
      })
      .returning()
    const pep = await pepOn(db, pupilId, '2025-07-07')
    const target = await targetOf(db, pep.id)
    await db.insert(fundingReleases).values({
      allocationId: allocation!.id,
      pupilId,
      pepId: pep.id,
      targetId: target.id,
      releasedOn: '2025-10-20',
      amountPence: money.release,
    })
    await db.insert(fundingSpends).values({
      allocationId: allocation!.id,
      pupilId,
      schoolId,
      targetId: target.id,
      spentOn: '2025-11-01',
      amountPence: money.spend,
      description: 'Fixture spend',
      category: money.category,
      impact: money.impact,
    })
  }
}

/** A designated teacher with QTS from 1 September 2025, 2 days of DT training, a whole-staff ATIP session, a policy. */
async function governance(db: Db, schoolId: string) {
  const [dt] = await db
    .insert(designatedRoleAppointments)
    .values({
      schoolId,
      role: 'designated_teacher',
      personName: 'Fixture Teacher',
      startDate: '2025-09-01',
      hasQts: true,
      inductionCompleted: true,
      onLeadershipTeam: true,
    })
    .returning()
  const course = async (kind: 'designated_teacher' | 'atip', title: string) =>
    (await db.insert(trainingCourses).values({ schoolId, kind, title }).returning())[0]!
  const dtCourse = await course('designated_teacher', 'Designated teacher training')
  const atip = await course('atip', 'Attachment-aware and trauma-informed practice')
  const [dtSession] = await db
    .insert(trainingSessions)
    .values({ schoolId, courseId: dtCourse.id, heldOn: '2025-10-10', duration: 2, durationUnit: 'days' })
    .returning()
  const [atipSession] = await db
    .insert(trainingSessions)
    .values({
      schoolId,
      courseId: atip.id,
      heldOn: '2026-01-05',
      duration: 3,
      durationUnit: 'hours',
      wholeStaff: true,
    })
    .returning()
  await db.insert(trainingAttendances).values([
    { sessionId: dtSession!.id, personName: 'Fixture Teacher', appointmentId: dt!.id },
    { sessionId: atipSession!.id, personName: 'Fixture Teacher', appointmentId: dt!.id },
  ])
  await db.insert(schoolPolicies).values({
    schoolId,
    policyVersion: 1,
    status: 'ratified',
    ratifiedOn: '2025-11-01',
    nextReviewOn: '2026-11-01',
  })
}
