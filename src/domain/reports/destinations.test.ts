import { describe, expect, it } from 'vitest'
import type { CohortFlags } from './cohort-membership.js'
import { destinationsSection } from './destinations.js'

const WITHHELD = { withheld: 'fewer than 3 pupils' }
const none: CohortFlags = { cla: false, pla: false, cswCurrent: false, cswEver6: false, kinship: false }
const leaver = (destination: string | null, cohorts: Partial<CohortFlags> = {}) => ({
  destination,
  cohorts: { ...none, ...cohorts },
})
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make)

describe('where leavers went (GOV-4, PD-11: a breakdown)', () => {
  it('counts leavers by destination, each cohort a column, in the order of the list', () => {
    const { section, suppressed } = destinationsSection(
      [
        ...times(4, () => leaver('mainstream_school')),
        ...times(3, () => leaver('further_education', { cswEver6: true })),
      ],
      3,
    )
    expect(section.leavers).toEqual({ roll: 7, cla: 0, pla: 0, cswCurrent: 0, cswEver6: 3, kinship: 0 })
    expect(section.rows).toEqual([
      {
        id: 'mainstream_school',
        label: 'Another mainstream school',
        roll: 4,
        cla: 0,
        pla: 0,
        cswCurrent: 0,
        cswEver6: 0,
        kinship: 0,
      },
      {
        id: 'further_education',
        label: 'College or sixth form elsewhere (further education)',
        roll: 3,
        cla: 0,
        pla: 0,
        cswCurrent: 0,
        cswEver6: 3,
        kinship: 0,
      },
    ])
    expect(suppressed).toEqual([])
  })

  it('PD-11: a column with a cell of 1 or 2 leavers is withheld in every row; the counts are not', () => {
    const { section, suppressed } = destinationsSection(
      [
        ...times(3, () => leaver('mainstream_school')),
        ...times(2, () => leaver('special_school', { cla: true })),
      ],
      3,
    )
    expect(section.leavers.cla).toBe(2)
    expect(section.rows.map((r) => [r.roll, r.cla])).toEqual([
      [WITHHELD, WITHHELD],
      [WITHHELD, WITHHELD],
    ])
    expect(suppressed).toEqual(['Where leavers went: All leavers', 'Where leavers went: Looked after (CLA)'])
    const three = destinationsSection(
      times(3, () => leaver('special_school', { cla: true })),
      3,
    )
    expect(three.section.rows[0]).toMatchObject({ roll: 3, cla: 3 })
    expect(three.suppressed).toEqual([])
  })

  it('counts a destination not recorded, or not one of the fixed categories, as not recorded (no typed text)', () => {
    const { section } = destinationsSection(
      [leaver(null), leaver('Went to live with an aunt in Leeds'), leaver('not_known')],
      1,
    )
    expect(section.rows.map((r) => [r.id, r.label, r.roll])).toEqual([
      ['not_known', 'Not known', 1],
      ['not_recorded', 'Not recorded', 2],
    ])
    expect(JSON.stringify(section)).not.toContain('Leeds')
  })
})
