import { describe, expect, it } from 'vitest'
import type { TreatmentCounts } from '../attendance/statistics.js'
import { attendanceSection } from './attendance-comparison.js'
import type { CohortFlags } from './cohort-membership.js'

const WITHHELD = { withheld: 'fewer than 3 pupils' }
const none: CohortFlags = { cla: false, pla: false, cswCurrent: false, cswEver6: false, kinship: false }
const sessions = (present: number, authorised = 0, unauthorised = 0, notCounted = 0): TreatmentCounts => ({
  present,
  authorised,
  unauthorised,
  notCounted,
})
const pupil = (facts: TreatmentCounts, cohorts: Partial<CohortFlags> = {}) => ({
  cohorts: { ...none, ...cohorts },
  facts,
})

describe('attendance per cohort against all other pupils (ATT-7, ATT-8, PD-11)', () => {
  // Three looked-after children: 20 of 20, 18 of 20 (10% absent: persistent), 10 of 20 (50%: severe too).
  // Four others: 20, 19 (one unauthorised), 16 of 20 (20%: persistent), and one with no marks at all.
  const pupils = [
    pupil(sessions(20), { cla: true }),
    pupil(sessions(18, 2), { cla: true }),
    pupil(sessions(10, 0, 10, 2), { cla: true }),
    pupil(sessions(20)),
    pupil(sessions(19, 0, 1)),
    pupil(sessions(16, 4), { pla: true }),
    pupil(sessions(0)),
  ]

  it('sessions attended of sessions possible, and the shares persistently and severely absent', () => {
    const { section, suppressed } = attendanceSection(pupils, 3)
    expect(section.status).toBe('reported')
    const cla = section.rows.find((r) => r.cohort === 'cla')!
    expect(cla.label).toBe('Looked after (CLA)')
    // 48 of 60 sessions; 2 of 3 persistently absent; 1 of 3 severely (not-counted sessions left out).
    expect(cla.group).toEqual({
      pupils: 3,
      attendancePercent: 80,
      persistentAbsencePercent: 66.7,
      severeAbsencePercent: 33.3,
    })
    // 55 of 60; 1 of 3 persistently absent; the pupil with no marks is not counted.
    expect(cla.others).toEqual({
      pupils: 3,
      attendancePercent: 91.7,
      persistentAbsencePercent: 33.3,
      severeAbsencePercent: 0,
    })
    expect(suppressed).toEqual(['Attendance: Previously looked after (PLA)'])
  })

  it('PD-11: withholds a group of 1 or 2 pupils, shows nothing for a group of none', () => {
    const { section } = attendanceSection(pupils, 3)
    const pla = section.rows.find((r) => r.cohort === 'pla')!
    expect(pla.group).toEqual({
      pupils: 1,
      attendancePercent: WITHHELD,
      persistentAbsencePercent: WITHHELD,
      severeAbsencePercent: WITHHELD,
    })
    const kinship = section.rows.find((r) => r.cohort === 'kinship')!
    expect(kinship.group).toEqual({
      pupils: 0,
      attendancePercent: null,
      persistentAbsencePercent: null,
      severeAbsencePercent: null,
    })
    expect(kinship.others.pupils).toBe(6)
  })

  it('uses the school’s threshold: over 3 pupils is withheld at 4', () => {
    const { section, suppressed } = attendanceSection(pupils, 4)
    expect(section.rows.find((r) => r.cohort === 'cla')!.group.attendancePercent).toEqual({
      withheld: 'fewer than 4 pupils',
    })
    expect(suppressed).toContain('Attendance: all other pupils (compared with Looked after (CLA))')
  })

  it('says “no data yet” when no pupil has a mark in the year', () => {
    const { section, suppressed } = attendanceSection([pupil(sessions(0)), pupil(sessions(0))], 3)
    expect(section).toEqual({ id: 'attendance', title: 'Attendance', status: 'no_data_yet', rows: [] })
    expect(suppressed).toEqual([])
  })
})
