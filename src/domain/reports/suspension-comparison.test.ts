import { describe, expect, it } from 'vitest'
import type { CohortFlags } from './cohort-membership.js'
import { NO_SUSPENSIONS, suspensionsSection, type PupilSuspensionFacts } from './suspension-comparison.js'

const WITHHELD = { withheld: 'fewer than 3 pupils' }
const none: CohortFlags = { cla: false, pla: false, cswCurrent: false, cswEver6: false, kinship: false }
const pupil = (facts: Partial<PupilSuspensionFacts>, cohorts: Partial<CohortFlags> = {}) => ({
  cohorts: { ...none, ...cohorts },
  facts: { ...NO_SUSPENSIONS, ...facts },
})

describe('suspensions and permanent exclusions per cohort against all other pupils (GOV-4 (5), PD-11)', () => {
  const pupils = [
    // A looked-after child suspended twice: 2 days, then a lunchtime (EX-2: half a day).
    pupil({ suspensions: 2, halfDays: 5 }, { cla: true, cswEver6: true }),
    pupil({}, { cla: true }),
    pupil({}, { cla: true }),
    pupil({}, { cla: true }),
    pupil({ suspensions: 1, halfDays: 2 }, { cswCurrent: true, cswEver6: true }),
    pupil({ permanentExclusions: 1 }),
    pupil({}),
  ]

  it('counts pupils suspended at least once, their share, days lost, and pupils permanently excluded', () => {
    const { section, suppressed } = suspensionsSection(pupils, true, 3)
    expect(section.status).toBe('reported')
    const cla = section.rows.find((r) => r.cohort === 'cla')!
    expect(cla.group).toEqual({
      pupils: 4,
      suspendedPupils: 1,
      suspendedPercent: 25,
      daysLost: 2.5,
      permanentlyExcludedPupils: 0,
    })
    expect(cla.others).toEqual({
      pupils: 3,
      suspendedPupils: 1,
      suspendedPercent: 33.3,
      daysLost: 1,
      permanentlyExcludedPupils: 1,
    })
    // Has a social worker: 1 pupil; ever-6: 2 pupils; kinship: none (nothing to withhold).
    expect(suppressed).toEqual([
      'Suspensions: Has a social worker',
      'Suspensions: Had a social worker (ever-6)',
    ])
    const ever6 = section.rows.find((r) => r.cohort === 'cswEver6')!
    expect(ever6.group).toEqual({
      pupils: 2,
      suspendedPupils: WITHHELD,
      suspendedPercent: WITHHELD,
      daysLost: WITHHELD,
      permanentlyExcludedPupils: WITHHELD,
    })
    expect(section.rows.find((r) => r.cohort === 'kinship')!.group.suspendedPupils).toBeNull()
  })

  it('says “no data yet” until the school has recorded any suspension, rather than showing zeros', () => {
    const { section, suppressed } = suspensionsSection(pupils, false, 3)
    expect(section).toMatchObject({ status: 'no_data_yet', rows: [] })
    expect(suppressed).toEqual([])
  })

  it('shows zeros, honestly, for a year with none when the school does record them', () => {
    const quiet = [pupil({}, { cla: true }), pupil({}, { cla: true }), pupil({}, { cla: true }), pupil({})]
    const cla = suspensionsSection(quiet, true, 3).section.rows.find((r) => r.cohort === 'cla')!
    expect(cla.group).toMatchObject({ pupils: 3, suspendedPupils: 0, suspendedPercent: 0, daysLost: 0 })
  })
})
