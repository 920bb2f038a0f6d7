import { describe, expect, expectTypeOf, it } from 'vitest'
import { addDays, formatDate } from '../calendar/dates.js'
import type { EpisodeFacts } from '../cohort/status.js'
import { makeUpn } from '../identifiers/upn.js'
import { COUNT_LABELS } from './cohort-counts.js'
import {
  COHORTS_BY_YEAR_GROUP_TITLE,
  governorsReportData,
  sectionOf,
  type GovernorsReportData,
  type GovernorsReportPupil,
} from './governors.js'
import type { Assert, HoldsNoFreeText } from './no-free-text.js'
import { YEAR_GROUP_BANDS } from './year-groups.js'

const YEAR = 2025
const WITHHELD = { withheld: 'fewer than 3 pupils' }

const ep = (type: EpisodeFacts['type'], startDate: string, endDate: string | null = null) => ({
  type,
  startDate,
  endDate,
})

function pupil(
  yearGroup: number | null,
  episodes: GovernorsReportPupil['episodes'] = [],
): GovernorsReportPupil {
  return { yearGroup, episodes, onRollFrom: null, onRollTo: null }
}

const times = (n: number, make: () => GovernorsReportPupil) => Array.from({ length: n }, make)

describe('the governors’ report (DOMAIN.md PD-11, POL-26)', () => {
  it('always shows the counts, even of one child (POL-26: governors know how many)', () => {
    const report = governorsReportData(
      [...times(20, () => pupil(4)), pupil(5, [ep('CLA', '2024-01-10')])],
      YEAR,
    )
    expect(report.schoolYear).toBe(YEAR)
    expect(report.counts).toEqual({ roll: 21, cla: 1, pla: 0, cswCurrent: 0, cswEver6: 0, kinship: 0 })
  })

  it('breaks the cohorts down by year-group band, only the bands the school has', () => {
    const report = governorsReportData(
      [
        ...times(30, () => pupil(0)),
        ...times(3, () => pupil(1, [ep('CLA', '2024-01-10')])),
        ...times(40, () => pupil(5)),
        ...times(4, () => pupil(6, [ep('CLA', '2024-01-10')])),
        ...times(3, () => pupil(3, [ep('KINSHIP', '2023-01-01')])),
      ],
      YEAR,
    )
    const [section] = report.sections
    expect(section).toEqual({
      id: 'cohorts_by_year_group',
      title: COHORTS_BY_YEAR_GROUP_TITLE,
      rows: [
        {
          id: 'nursery_to_year_2',
          label: 'Nursery to Year 2',
          roll: 33,
          cla: 3,
          pla: 0,
          cswCurrent: 0,
          cswEver6: 0,
          kinship: 0,
        },
        {
          id: 'years_3_to_6',
          label: 'Years 3 to 6',
          roll: 47,
          cla: 4,
          pla: 0,
          cswCurrent: 0,
          cswEver6: 0,
          kinship: 3,
        },
      ],
    })
    expect(report.suppressed).toEqual([])
  })

  it('PD-11: withholds a cohort’s breakdown in every band when one band has 1 or 2 of its pupils', () => {
    const report = governorsReportData(
      [
        ...times(30, () => pupil(1)),
        ...times(2, () => pupil(2, [ep('CLA', '2024-01-10')])),
        ...times(30, () => pupil(4)),
        ...times(5, () => pupil(4, [ep('CLA', '2024-01-10')])),
        ...times(3, () => pupil(5, [ep('CIN', '2025-09-01')])),
      ],
      YEAR,
    )
    // The count is still shown: 7 looked after in the school.
    expect(report.counts.cla).toBe(7)
    const rows = sectionOf(report, 'cohorts_by_year_group')!.rows
    expect(rows.map((r) => r.cla)).toEqual([WITHHELD, WITHHELD])
    expect(rows.map((r) => r.cswCurrent)).toEqual([0, 3])
    expect(rows.map((r) => r.roll)).toEqual([32, 38])
    expect(report.suppressed).toEqual(['Looked after (CLA) by year group'])
  })

  it('PD-11: uses the school’s threshold, and says so in the note', () => {
    const report = governorsReportData(
      [...times(30, () => pupil(8)), ...times(4, () => pupil(9, [ep('PLA', '2020-01-01')]))],
      YEAR,
      { threshold: 5 },
    )
    expect(sectionOf(report, 'cohorts_by_year_group')!.rows[0]!.pla).toEqual({
      withheld: 'fewer than 5 pupils',
    })
    expect(report.suppressed).toEqual(['Previously looked after (PLA) by year group'])
  })

  it.each<[number | null, string]>([
    [-1, 'nursery_to_year_2'],
    [0, 'nursery_to_year_2'],
    [2, 'nursery_to_year_2'],
    [3, 'years_3_to_6'],
    [6, 'years_3_to_6'],
    [7, 'years_7_to_9'],
    [9, 'years_7_to_9'],
    [10, 'years_10_and_11'],
    [11, 'years_10_and_11'],
    [12, 'sixth_form'],
    [14, 'sixth_form'],
    [null, 'not_recorded'],
    [15, 'not_recorded'],
  ])('puts year group %s in band %s', (yearGroup, band) => {
    const report = governorsReportData(
      times(3, () => pupil(yearGroup)),
      YEAR,
    )
    expect(sectionOf(report, 'cohorts_by_year_group')!.rows.map((r) => r.id)).toEqual([band])
  })

  it('counts a leaver in the band they were in, and not in a year they were not on roll', () => {
    const leaver = { ...pupil(6, [ep('CLA', '2024-01-10')]), onRollTo: '2025-10-20' }
    expect(governorsReportData([leaver], YEAR).counts.cla).toBe(1)
    expect(governorsReportData([leaver], 2026).counts).toEqual({
      roll: 0,
      cla: 0,
      pla: 0,
      cswCurrent: 0,
      cswEver6: 0,
      kinship: 0,
    })
    expect(sectionOf(governorsReportData([leaver], 2026), 'cohorts_by_year_group')!.rows).toEqual([])
  })
})

describe('PD-11: the report can hold no name, UPN, date of birth or free text', () => {
  it('by its type: numbers and fixed labels only', () => {
    type Checked = Assert<HoldsNoFreeText<GovernorsReportData>>
    expectTypeOf<Checked>().toEqualTypeOf<true>()
    // The check itself catches free text.
    expectTypeOf<HoldsNoFreeText<{ counts: number; name: string }>>().toEqualTypeOf<false>()
    expectTypeOf<HoldsNoFreeText<{ rows: Array<{ n: number | { note: string } }> }>>().toEqualTypeOf<false>()
    expectTypeOf<HoldsNoFreeText<Record<string, number>>>().toEqualTypeOf<false>()
  })

  it('by test: from a seeded population carrying names, UPNs and dates of birth, none reach the output', () => {
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647
      return seed % n
    }
    const GIVEN = ['Amara', 'Bilal', 'Chloe', 'Dylan', 'Ffion', 'Hamza', 'Isla', 'Kacper', 'Leila', 'Mason']
    const FAMILY = ['Okafor', 'Nowak', 'Hughes', 'Begum', 'Kowalski', 'Patel', 'Evans', 'Murphy', 'Singh']
    const TYPES = ['CLA', 'PLA', 'CIN', 'CP', 'KINSHIP'] as const
    const population = Array.from({ length: 300 }, (_, i) => {
      const yearGroup = random(16) - 1
      const dateOfBirth = addDays('2009-09-01', random(365 * 14))
      const episodes = Array.from({ length: random(3) }, () => {
        const start = addDays('2019-01-01', random(365 * 8))
        return ep(TYPES[random(TYPES.length)]!, start, random(2) ? null : addDays(start, random(900)))
      })
      return {
        // What a careless caller might pass: the whole pupil record.
        id: `pupil-${i}`,
        givenName: GIVEN[random(GIVEN.length)]!,
        familyName: `${FAMILY[random(FAMILY.length)]!}${i}`,
        upn: makeUpn('919', '2001', String(10 + random(89)), String(i).padStart(3, '0')),
        dateOfBirth,
        note: `Private note about pupil ${i}`,
        yearGroup: random(10) === 0 ? null : yearGroup,
        episodes,
        onRollFrom: random(4) === 0 ? addDays('2025-08-01', random(300)) : null,
        onRollTo: random(5) === 0 ? addDays('2025-06-01', random(400)) : null,
      }
    })
    const outputs = [YEAR, YEAR - 1, YEAR + 1].map((y) =>
      JSON.stringify(governorsReportData(population, y, { until: '2026-11-23' })),
    )
    expect((JSON.parse(outputs[0]!) as GovernorsReportData).counts.roll).toBeGreaterThan(100)
    for (const json of outputs) {
      for (const p of population) {
        for (const secret of [
          p.id,
          p.familyName,
          `${p.givenName} ${p.familyName}`,
          p.upn,
          p.dateOfBirth,
          formatDate(p.dateOfBirth),
          p.note,
        ])
          expect(json).not.toContain(secret)
      }
      // Not a date of any kind, and every string in it is one of the fixed labels.
      expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}/)
      const strings = new Set<string>()
      JSON.parse(json, (_key, value: unknown) => {
        if (typeof value === 'string') strings.add(value)
        return value
      })
      const fixed = new Set<string>([
        'cohorts_by_year_group',
        COHORTS_BY_YEAR_GROUP_TITLE,
        'fewer than 3 pupils',
        ...YEAR_GROUP_BANDS.flatMap((b) => [b.id, b.label]),
        ...Object.values(COUNT_LABELS).map((l) => `${l} by year group`),
      ])
      expect([...strings].filter((s) => !fixed.has(s))).toEqual([])
    }
  })
})
