import { describe, expect, expectTypeOf, it } from 'vitest'
import type { GovernanceSummary } from '../governance/compliance.js'
import { forGovernors, schoolFundingSummary } from '../funding/school-summary.js'
import { fundingSection } from './funding-section.js'
import { governanceSection } from './governance-section.js'
import { governorsReportData, sectionOf, type GovernorsReportData, type SchoolFacts } from './governors.js'
import type { Assert, HoldsNoFreeText } from './no-free-text.js'
import { progressSection } from './progress.js'

const WITHHELD = { withheld: 'fewer than 3 pupils' }

const SUMMARY: GovernanceSummary = {
  schoolYear: 2025,
  singleHolderRoles: 6,
  rolesFilledAllYear: 5,
  roleGaps: 1,
  designatedTeacherAppointed: true,
  designatedTeacherQtsOk: true,
  designatedTeacherTrainingDays: 1.5,
  designatedTeacherTrainingDaysRequired: 2,
  designatedTeacherTrainingOk: false,
  wholeStaffAtipDone: true,
  staffTrained: 12,
  staffTrainedAtip: 10,
  dslRefresherOk: true,
  trainingMissing: 1,
}

describe('progress: PEP target reviews where recorded, attainment never (PD-11: PEP attainment is free text)', () => {
  it('counts target outcomes over the pupils reviewed', () => {
    const { section, suppressed } = progressSection([['met', 'met'], ['partly_met'], ['not_met'], []], 3)
    expect(section.attainment).toBe('no_data_yet')
    expect(section.targets).toEqual({
      status: 'reported',
      pupils: 3,
      rows: [
        { id: 'met', label: 'Met', targets: 2 },
        { id: 'partly_met', label: 'Partly met', targets: 1 },
        { id: 'not_met', label: 'Not met', targets: 1 },
      ],
    })
    expect(suppressed).toEqual([])
  })

  it('withholds over 2 pupils, and says “no data yet” with no reviews', () => {
    const two = progressSection([['met'], ['not_met']], 3)
    expect(two.section.targets.rows.map((r) => r.targets)).toEqual([WITHHELD, WITHHELD, WITHHELD])
    expect(two.suppressed).toEqual(['Progress against PEP targets'])
    expect(progressSection([[], []], 3).section.targets).toMatchObject({ status: 'no_data_yet', pupils: 0 })
  })
})

describe('PP+ (GOV-4 (7)): received, spent by category, impact', () => {
  const period = { kind: 'school_year', year: 2025 } as const
  const account = (pupilId: string) => ({ pupilId, financialYear: 2025, source: 'pp_plus_pla' as const })
  const rows = (pupils: string[]) => ({
    allocations: pupils.map((p) => ({ ...account(p), date: '2025-09-10', amountPence: 100_000 })),
    releases: [],
    spends: pupils.map((p) => ({
      ...account(p),
      date: '2025-10-01',
      amountPence: 20_000,
      targetId: 't',
      description: '',
      category: 'tuition' as const,
    })),
  })

  it('takes the funding summary as it is for governors, and counts spend items with an impact', () => {
    const summary = forGovernors(schoolFundingSummary(rows(['a', 'b', 'c']), period), 3)
    const { section, suppressed } = fundingSection(summary, { spendItems: 4, withImpact: 3, pupils: 3 }, 3)
    expect(section.status).toBe('reported')
    expect(section.summary.totals).toMatchObject({ pupils: 3, allocated: 300_000, spent: 60_000 })
    expect(section.impact).toEqual({ pupils: 3, spendItems: 4, withImpact: 3 })
    expect(suppressed).toEqual([])
  })

  it('lists what the summary withheld, and withholds the impact over 2 pupils', () => {
    const summary = forGovernors(schoolFundingSummary(rows(['a', 'b']), period), 3)
    const { section, suppressed } = fundingSection(summary, { spendItems: 2, withImpact: 1, pupils: 2 }, 3)
    expect(section.summary.totals.allocated).toEqual(WITHHELD)
    expect(section.impact).toEqual({ pupils: 2, spendItems: WITHHELD, withImpact: WITHHELD })
    expect(suppressed).toEqual([
      'PP+ and pupil premium totals',
      'PP+ and pupil premium by source',
      'PP+ and pupil premium spent by category',
      'Impact of PP+ and pupil premium spending',
    ])
  })

  it('says “no data yet” with nothing recorded in the year', () => {
    const summary = forGovernors(
      schoolFundingSummary({ allocations: [], releases: [], spends: [] }, period),
      3,
    )
    const { section, suppressed } = fundingSection(summary, { spendItems: 0, withImpact: 0, pupils: 0 }, 3)
    expect(section.status).toBe('no_data_yet')
    expect(section.impact).toEqual({ pupils: 0, spendItems: null, withImpact: null })
    expect(suppressed).toEqual([])
  })
})

describe('roles, training and the policy (POL-1..POL-5, POL-28): counts and yes/no', () => {
  it('passes the registers’ counts on, and gives the review month as numbers', () => {
    const section = governanceSection(
      {
        summary: SUMMARY,
        appointmentsRecorded: true,
        trainingRecorded: true,
        policy: { ratified: true, nextReviewOn: '2026-11-01' },
      },
      '2026-07-31',
    )
    expect(section.roles).toEqual({
      status: 'reported',
      singleHolderRoles: 6,
      rolesFilledAllYear: 5,
      roleGaps: 1,
      designatedTeacherAppointed: true,
      designatedTeacherQtsOk: true,
    })
    expect(section.training).toMatchObject({ status: 'reported', designatedTeacherTrainingDays: 1.5 })
    expect(section.policy).toEqual({
      status: 'reported',
      ratified: true,
      nextReview: { year: 2026, month: 11 },
      reviewOverdue: false,
    })
  })

  it('says “no data yet” for each part nothing is recorded for, and a review date passed is overdue', () => {
    const section = governanceSection(
      {
        summary: SUMMARY,
        appointmentsRecorded: false,
        trainingRecorded: false,
        policy: { ratified: false, nextReviewOn: '2026-06-30' },
      },
      '2026-07-31',
    )
    expect(section.roles.status).toBe('no_data_yet')
    expect(section.training.status).toBe('no_data_yet')
    expect(section.policy).toMatchObject({ status: 'reported', ratified: false, reviewOverdue: true })
    const noPolicy = governanceSection({ ...SECTION_FACTS, policy: null }, '2026-07-31')
    expect(noPolicy.policy).toEqual({
      status: 'no_data_yet',
      ratified: false,
      nextReview: null,
      reviewOverdue: false,
    })
  })
})

const SECTION_FACTS = { summary: SUMMARY, appointmentsRecorded: true, trainingRecorded: true, policy: null }

describe('the whole report with its outcomes (POL-27, GOV-4)', () => {
  const school: SchoolFacts = {
    suspensionsRecorded: true,
    funding: forGovernors(
      schoolFundingSummary(
        { allocations: [], releases: [], spends: [] },
        { kind: 'school_year', year: 2025 },
      ),
    ),
    impact: { spendItems: 0, withImpact: 0, pupils: 0 },
    governance: SECTION_FACTS,
  }
  const onRoll = { onRollFrom: null, onRollTo: null }
  const cla = [{ type: 'CLA' as const, startDate: '2024-01-10', endDate: null }]

  it('puts the sections in the order of GOV-4, and counts a leaver of the year among the leavers', () => {
    const report = governorsReportData(
      [
        { ...onRoll, yearGroup: 7, episodes: cla, pepOutcomes: ['on_time'] },
        { ...onRoll, yearGroup: 7, episodes: cla, pepOutcomes: ['late'] },
        { ...onRoll, yearGroup: 7, episodes: cla, pepOutcomes: ['missing'] },
        { ...onRoll, yearGroup: 8, episodes: [], onRollTo: '2026-03-31', leavingDestination: 'moved_away' },
        { ...onRoll, yearGroup: 8, episodes: [], onRollTo: '2025-07-20', leavingDestination: 'moved_away' },
      ],
      2025,
      { until: '2026-11-23', school },
    )
    expect(report.sections.map((s) => s.id)).toEqual([
      'cohorts_by_year_group',
      'governance',
      'pep_compliance',
      'attendance',
      'suspensions',
      'progress',
      'funding',
      'destinations',
    ])
    expect(report.counts.roll).toBe(4)
    expect(sectionOf(report, 'pep_compliance')).toMatchObject({
      pupils: 3,
      due: 3,
      onTime: 1,
      late: 1,
      missing: 1,
    })
    // The one who left before the year is not a leaver of this year.
    expect(sectionOf(report, 'destinations')!.leavers.roll).toBe(1)
    expect(sectionOf(report, 'attendance')!.status).toBe('no_data_yet')
    // Beside the 3 looked-after children, the leaver is the only other pupil: a group of one.
    expect(report.suppressed).toEqual([
      'Suspensions: all other pupils (compared with Looked after (CLA))',
      'Where leavers went: All leavers',
    ])
  })

  it('is the counts and their breakdown only without the school’s facts', () => {
    const report = governorsReportData([{ ...onRoll, yearGroup: 7, episodes: cla }], 2025)
    expect(report.sections.map((s) => s.id)).toEqual(['cohorts_by_year_group'])
  })

  it('holds numbers and fixed labels only, checked by the compiler (PD-11)', () => {
    expectTypeOf<Assert<HoldsNoFreeText<GovernorsReportData>>>().toEqualTypeOf<true>()
  })
})
