/**
 * The report to governors against a school worked out by hand (issue 7 "Done when"): the fixture is in
 * test-support/governors-report-fixture.ts; each expected figure is reasoned out beside it here. Runs on
 * both engines. Then the designated teacher's part: draft → shared → archived (POL-27).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schoolTerms } from '../data/schema/index.js'
import { sectionOf, type GovernorsReportData } from '../domain/reports/governors.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import {
  aReportFixtureSchool,
  FIXTURE_MEETINGS,
  type ReportFixture,
} from '../test-support/governors-report-fixture.js'
import { brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import {
  archiveGovernorsReport,
  saveGovernorsReportWords,
  shareGovernorsReport,
} from './governors-report.service.js'
import { governorsReport } from './reports.service.js'

const WITHHELD = { withheld: 'fewer than 3 pupils' }
const YEAR = 2025

let database: TestDatabase
let ctx: ServiceContext
let fixture: ReportFixture
let governor: Awaited<ReturnType<typeof aUser>>
let report: GovernorsReportData

beforeAll(async () => {
  database = await openTestDatabase()
  // "Today" is 23 November 2026: the 2025 to 2026 school year is over, so the whole of it counts.
  ctx = fixedContext(database)
  fixture = await aReportFixtureSchool(ctx, database.db)
  governor = await aUser(ctx, 'governor', fixture.school)
  report = (await governorsReport(ctx, governor.actor, fixture.school.urn, YEAR)).report
}, 60_000)
afterAll(async () => database.close())

const row = <R extends { cohort: string }>(rows: readonly R[], cohort: string) =>
  rows.find((r) => r.cohort === cohort)!

describe('the report for the hand-worked fixture school, 2025 to 2026 (PD-11, GOV-4)', () => {
  it('counts 12 pupils on roll all year and 3 leavers; CLA 3, PLA 2, CIN 3', () => {
    expect(report.counts).toEqual({ roll: 15, cla: 3, pla: 2, cswCurrent: 3, cswEver6: 3, kinship: 0 })
  })

  it('PEPs by the PD-1/PD-18 schedule: 20 due, 16 on time, 2 late, 2 missing', () => {
    // Each child: statutory reviews due 14 Oct 2025, 7 Jan, 13 Apr and 12 Jul 2026 (6 months after each PEP,
    // CAL-5), and one termly PEP each autumn, spring and summer term (default terms: no calendar set).
    // CLA1 meets all 7 on time. CLA2 has no PEP after January: the July review and the summer PEP are
    // missing (5 on time). CLA3 had no autumn PEP: the January PEP is late for the autumn term and for the
    // review due 7 January; the review due 13 April falls away, because the next is 6 months after January
    // (4 on time, 2 late).
    expect(FIXTURE_MEETINGS.CLA3).not.toContain('2025-10-13')
    expect(sectionOf(report, 'pep_compliance')).toMatchObject({
      pupils: 3,
      due: 20,
      onTime: 16,
      late: 2,
      missing: 2,
      onTimePercent: 80,
    })
  })

  it('quality ratings of the PEPs approved in the year: green 2, amber 1, another scale 1', () => {
    expect(sectionOf(report, 'pep_compliance')!.ratings).toEqual({
      pupils: 3,
      rows: [
        { id: 'green', label: 'Good (green)', peps: 2 },
        { id: 'amber', label: 'Requires improvement (amber)', peps: 1 },
        { id: 'red', label: 'Inadequate (red)', peps: 0 },
        { id: 'other', label: 'Rated on another Virtual School’s own scale', peps: 1 },
      ],
    })
  })

  it('attendance per cohort against all other pupils (ATT-7, ATT-8)', () => {
    const rows = sectionOf(report, 'attendance')!.rows
    // CLA: 20 + 18 + 10 of 60 sessions = 80%; CLA2 (10% absent) and CLA3 (50%) persistently absent, CLA3
    // severely. The 9 others with marks: 174 of 180 = 96.7%; only CIN1 (20% absent) persistently absent.
    expect(row(rows, 'cla')).toMatchObject({
      group: { pupils: 3, attendancePercent: 80, persistentAbsencePercent: 66.7, severeAbsencePercent: 33.3 },
      others: { pupils: 9, attendancePercent: 96.7, persistentAbsencePercent: 11.1, severeAbsencePercent: 0 },
    })
    // CIN: 16 + 20 + 20 of 60 = 93.3% (CIN3's two closure sessions are not counted).
    // Others: 48 + 39 + 79 of 180 = 92.2%; CLA2 and CLA3 persistently absent (2 of 9), CLA3 severely.
    expect(row(rows, 'cswCurrent')).toMatchObject({
      group: { pupils: 3, attendancePercent: 93.3, persistentAbsencePercent: 33.3, severeAbsencePercent: 0 },
      others: {
        pupils: 9,
        attendancePercent: 92.2,
        persistentAbsencePercent: 22.2,
        severeAbsencePercent: 11.1,
      },
    })
    // PLA: 2 pupils, withheld (PD-11). Others: 48 + 56 + 79 of 200 = 91.5%; 3 of 10 persistent, 1 severe.
    expect(row(rows, 'pla')).toEqual({
      cohort: 'pla',
      label: 'Previously looked after (PLA)',
      group: {
        pupils: 2,
        attendancePercent: WITHHELD,
        persistentAbsencePercent: WITHHELD,
        severeAbsencePercent: WITHHELD,
      },
      others: { pupils: 10, attendancePercent: 91.5, persistentAbsencePercent: 30, severeAbsencePercent: 10 },
    })
    // No child in kinship care: nothing to show for the group; the leavers have no marks.
    expect(row(rows, 'kinship')).toMatchObject({
      group: { pupils: 0, attendancePercent: null },
      others: {
        pupils: 12,
        attendancePercent: 92.5,
        persistentAbsencePercent: 25,
        severeAbsencePercent: 8.3,
      },
    })
  })

  it('suspensions: cancelled ones and another year’s left out, a lunchtime half a day (EX-2)', () => {
    const rows = sectionOf(report, 'suspensions')!.rows
    // CLA3: 2 days and a lunchtime. The 12 others: CIN1 1 day; O1 permanently excluded.
    expect(row(rows, 'cla')).toMatchObject({
      group: {
        pupils: 3,
        suspendedPupils: 1,
        suspendedPercent: 33.3,
        daysLost: 2.5,
        permanentlyExcludedPupils: 0,
      },
      others: {
        pupils: 12,
        suspendedPupils: 1,
        suspendedPercent: 8.3,
        daysLost: 1,
        permanentlyExcludedPupils: 1,
      },
    })
    expect(row(rows, 'cswCurrent')).toMatchObject({
      group: {
        pupils: 3,
        suspendedPupils: 1,
        suspendedPercent: 33.3,
        daysLost: 1,
        permanentlyExcludedPupils: 0,
      },
      others: {
        pupils: 12,
        suspendedPupils: 1,
        suspendedPercent: 8.3,
        daysLost: 2.5,
        permanentlyExcludedPupils: 1,
      },
    })
    expect(row(rows, 'pla')).toMatchObject({
      group: { pupils: 2, suspendedPupils: WITHHELD, daysLost: WITHHELD },
      others: {
        pupils: 13,
        suspendedPupils: 2,
        suspendedPercent: 15.4,
        daysLost: 3.5,
        permanentlyExcludedPupils: 1,
      },
    })
  })

  it('progress against PEP targets reviewed at PEPs in the year; attainment not held', () => {
    expect(sectionOf(report, 'progress')).toMatchObject({
      attainment: 'no_data_yet',
      targets: {
        status: 'reported',
        pupils: 3,
        rows: [
          { id: 'met', targets: 2 },
          { id: 'partly_met', targets: 1 },
          { id: 'not_met', targets: 1 },
        ],
      },
    })
  })

  it('PP+: £7,890 allocated, £2,500 released, £1,300 spent; by category withheld (cells of 1 and 2)', () => {
    const funding = sectionOf(report, 'funding')!
    expect(funding.status).toBe('reported')
    expect(funding.summary.totals).toMatchObject({
      pupils: 3,
      allocated: 789_000,
      released: 250_000,
      spent: 130_000,
      available: 120_000,
    })
    expect(funding.summary.byCategory.find((c) => c.category === 'tuition')).toMatchObject({
      pupils: WITHHELD,
      spent: WITHHELD,
    })
    // 3 spend items, 2 with their impact recorded.
    expect(funding.impact).toEqual({ pupils: 3, spendItems: 3, withImpact: 2 })
  })

  it('where the 3 leavers went', () => {
    const destinations = sectionOf(report, 'destinations')!
    expect(destinations.leavers).toEqual({ roll: 3, cla: 0, pla: 0, cswCurrent: 0, cswEver6: 0, kinship: 0 })
    expect(destinations.rows).toEqual([
      {
        id: 'mainstream_school',
        label: 'Another mainstream school',
        roll: 3,
        cla: 0,
        pla: 0,
        cswCurrent: 0,
        cswEver6: 0,
        kinship: 0,
      },
    ])
  })

  it('roles, training and the policy, as counts and yes/no', () => {
    const governance = sectionOf(report, 'governance')!
    expect(governance.roles).toMatchObject({
      status: 'reported',
      designatedTeacherAppointed: true,
      designatedTeacherQtsOk: true,
    })
    // 2 days of DT training and the 3-hour whole-staff session (half a day of 6 hours).
    expect(governance.training).toMatchObject({
      status: 'reported',
      designatedTeacherTrainingDays: 2.5,
      designatedTeacherTrainingOk: true,
      wholeStaffAtipDone: true,
    })
    expect(governance.policy).toEqual({
      status: 'reported',
      ratified: true,
      nextReview: { year: 2026, month: 11 },
      reviewOverdue: false,
    })
  })

  it('lists exactly what it withheld', () => {
    expect(report.suppressed).toEqual([
      'Previously looked after (PLA) by year group',
      'Attendance: Previously looked after (PLA)',
      'Suspensions: Previously looked after (PLA)',
      'PP+ and pupil premium spent by category',
    ])
  })

  it('says which dates it used when the school set no term dates for the year', async () => {
    const result = await governorsReport(ctx, governor.actor, fixture.school.urn, YEAR)
    expect(result.calendarSet).toBe(false)
    expect(result.window).toEqual({ from: '2025-08-01', to: '2026-07-31' })
  })

  it('holds no name, UPN or date of birth of the fixture’s pupils', async () => {
    const json = JSON.stringify(await governorsReport(ctx, governor.actor, fixture.school.urn, YEAR))
    for (const p of fixture.pupils)
      for (const secret of [p.familyName, p.upn, p.dateOfBirth, p.id]) expect(json).not.toContain(secret)
    expect(json).not.toContain('Fixture')
  })
})

describe('PD-11 at the threshold, and “no data yet” (issue 7 "Done when")', () => {
  let small: Awaited<ReturnType<typeof aSchool>>

  beforeAll(async () => {
    // Two looked-after children with every PEP on time, and nothing else recorded; term dates set.
    small = await aSchool(ctx)
    for (let i = 0; i < 2; i++) {
      const p = await aPupil(ctx, small, { yearGroup: 4 })
      await anEpisode(ctx, p.id, aClaEpisode({ startDate: '2024-01-10' }))
    }
    await database.db.insert(schoolTerms).values([
      {
        schoolId: small.id,
        schoolYear: YEAR,
        name: 'autumn',
        startDate: '2025-09-03',
        endDate: '2025-12-19',
      },
      {
        schoolId: small.id,
        schoolYear: YEAR,
        name: 'spring',
        startDate: '2026-01-05',
        endDate: '2026-03-27',
      },
      {
        schoolId: small.id,
        schoolYear: YEAR,
        name: 'summer',
        startDate: '2026-04-13',
        endDate: '2026-07-22',
      },
    ])
  })

  it('withholds the PEP figures over 2 children, while the fixture’s 3 are shown', async () => {
    const head = await aUser(ctx, 'headteacher', small)
    const result = await governorsReport(ctx, head.actor, small.urn, YEAR)
    expect(result.calendarSet).toBe(true)
    expect(result.report.counts.cla).toBe(2)
    expect(sectionOf(result.report, 'pep_compliance')).toMatchObject({
      pupils: 2,
      due: WITHHELD,
      onTime: WITHHELD,
      missing: WITHHELD,
    })
    expect(result.report.suppressed).toContain('PEPs on time, late or missing')
  })

  it('says “no data yet” for attendance, suspensions, progress, PP+ and governance', async () => {
    const head = await aUser(ctx, 'headteacher', small)
    const { report: empty } = await governorsReport(ctx, head.actor, small.urn, YEAR)
    expect(sectionOf(empty, 'attendance')!.status).toBe('no_data_yet')
    expect(sectionOf(empty, 'suspensions')!.status).toBe('no_data_yet')
    expect(sectionOf(empty, 'progress')!.targets.status).toBe('no_data_yet')
    expect(sectionOf(empty, 'funding')!.status).toBe('no_data_yet')
    const governance = sectionOf(empty, 'governance')!
    expect([governance.roles.status, governance.training.status, governance.policy.status]).toEqual([
      'no_data_yet',
      'no_data_yet',
      'no_data_yet',
    ])
  })
})

describe('the designated teacher’s words: draft → shared → archived (POL-27)', () => {
  const words = { narrative: 'The group did well this year.', priorities: 'Attendance at Key Stage 4.' }

  it('keeps a draft from governors, shares it, then archives it', async () => {
    const dt = await aUser(ctx, 'designated_teacher', fixture.school)
    const target = { urn: fixture.school.urn, schoolYear: YEAR }
    const saved = await saveGovernorsReportWords(ctx, dt.actor, { ...target, version: 0 }, words)
    expect(saved).toMatchObject({ status: 'draft', narrative: words.narrative, version: 1 })

    const before = await governorsReport(ctx, governor.actor, fixture.school.urn, YEAR)
    expect(before.written).toMatchObject({ status: 'draft', narrative: null, priorities: null })
    expect((await governorsReport(ctx, dt.actor, fixture.school.urn, YEAR)).written.narrative).toBe(
      words.narrative,
    )

    await shareGovernorsReport(ctx, dt.actor, { ...target, version: 1 })
    const shared = await governorsReport(ctx, governor.actor, fixture.school.urn, YEAR)
    expect(shared.written).toMatchObject({ status: 'shared', ...words, version: 2 })
    expect(shared.written.sharedAt).toBeInstanceOf(Date)

    // A correction after sharing is seen by governors at once.
    await saveGovernorsReportWords(
      ctx,
      dt.actor,
      { ...target, version: 2 },
      { ...words, priorities: 'Attendance.' },
    )
    await archiveGovernorsReport(ctx, dt.actor, { ...target, version: 3 })
    const archived = await governorsReport(ctx, governor.actor, fixture.school.urn, YEAR)
    expect(archived.written).toMatchObject({ status: 'archived', priorities: 'Attendance.' })
    const errors = await brokenRules(
      saveGovernorsReportWords(ctx, dt.actor, { ...target, version: 4 }, words),
    )
    expect(errors).toEqual([{ path: 'status', message: 'This report is archived, so it cannot be changed' }])
  })

  it('refuses a stale version (409), and sharing before both parts are written', async () => {
    const head = await aUser(ctx, 'headteacher', fixture.school)
    const target = { urn: fixture.school.urn, schoolYear: 2024 }
    await saveGovernorsReportWords(
      ctx,
      head.actor,
      { ...target, version: 0 },
      { narrative: 'Draft.', priorities: '' },
    )
    await expect(
      saveGovernorsReportWords(ctx, head.actor, { ...target, version: 0 }, words),
    ).rejects.toBeInstanceOf(ConflictError)
    expect(
      (await brokenRules(shareGovernorsReport(ctx, head.actor, { ...target, version: 1 }))).map(
        (e) => e.path,
      ),
    ).toEqual(['priorities'])
    expect(
      (await brokenRules(archiveGovernorsReport(ctx, head.actor, { ...target, version: 1 })))[0]!.message,
    ).toBe('Share the report with governors before you archive it')
  })

  it.each(['governor', 'dsl', 'admin', 'senco'] as const)(
    'refuses the %s role (report:write)',
    async (role) => {
      const { actor } = await aUser(ctx, role, role === 'admin' ? null : fixture.school)
      await expect(
        saveGovernorsReportWords(
          ctx,
          actor,
          { urn: fixture.school.urn, schoolYear: YEAR, version: 0 },
          words,
        ),
      ).rejects.toBeInstanceOf(ForbiddenError)
    },
  )

  it('is not found for another school’s designated teacher', async () => {
    const other = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(
      shareGovernorsReport(ctx, other.actor, { urn: fixture.school.urn, schoolYear: YEAR, version: 0 }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})
