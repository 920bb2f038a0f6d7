import { describe, expect, it } from 'vitest'
import { pepComplianceSection, pepOutcome, type PepOutcome } from './pep-compliance.js'

const YEAR = { from: '2025-08-01', to: '2026-07-31' }
const WITHHELD = { withheld: 'fewer than 3 pupils' }

describe('pepOutcome: how a PEP due in the school year turned out (PD-1, PD-18)', () => {
  it.each<[string, string, string | null, string, string, PepOutcome | null]>([
    ['met before its due date', '2025-12-19', '2025-11-10', '2026-07-31', '2026-11-23', 'on_time'],
    ['met on its due date', '2025-12-19', '2025-12-19', '2026-07-31', '2026-11-23', 'on_time'],
    ['met the day after', '2025-12-19', '2025-12-20', '2026-07-31', '2026-11-23', 'late'],
    ['never met, past due', '2025-12-19', null, '2026-07-31', '2026-11-23', 'missing'],
    ['due before the year: not this year’s', '2025-07-18', null, '2026-07-31', '2026-11-23', null],
    ['due after the year: not this year’s', '2026-08-03', null, '2026-07-31', '2026-11-23', null],
    [
      'due after the day the schedule is read on: still open',
      '2026-03-31',
      null,
      '2026-01-20',
      '2026-01-20',
      null,
    ],
    ['due today, not met yet: still open', '2026-01-20', null, '2026-01-20', '2026-01-20', null],
    [
      'due on the last day of a finished year, not met',
      '2026-07-31',
      null,
      '2026-07-31',
      '2026-11-23',
      'missing',
    ],
    [
      'met after the day read on: not counted as met',
      '2026-01-10',
      '2026-02-01',
      '2026-01-20',
      '2026-01-20',
      'missing',
    ],
  ])('%s', (_label, dueBy, metBy, on, today, expected) => {
    expect(pepOutcome({ dueBy, metBy }, YEAR, on, today)).toBe(expected)
  })
})

describe('the PEP section (GOV-4 (2), PD-11)', () => {
  it('counts each child’s PEPs due, on time, late and missing, and the share on time', () => {
    const { section, suppressed } = pepComplianceSection(
      {
        outcomes: [
          ['on_time', 'on_time', 'on_time'],
          ['on_time', 'late', 'missing'],
          ['on_time', 'missing'],
          [], // looked after, but nothing was due in the year: not one of the children counted
        ],
        ratings: [['green', 'amber'], ['green'], [], ['outstanding']],
      },
      3,
    )
    expect(section).toMatchObject({
      pupils: 3,
      due: 8,
      onTime: 5,
      late: 1,
      missing: 2,
      onTimePercent: 62.5,
    })
    expect(section.ratings).toEqual({
      pupils: 3,
      rows: [
        { id: 'green', label: 'Good (green)', peps: 2 },
        { id: 'amber', label: 'Requires improvement (amber)', peps: 1 },
        { id: 'red', label: 'Inadequate (red)', peps: 0 },
        { id: 'other', label: 'Rated on another Virtual School’s own scale', peps: 1 },
      ],
    })
    expect(suppressed).toEqual([])
  })

  it('PD-11: withholds everything but the count over 2 children, shows it over 3', () => {
    const two = pepComplianceSection(
      { outcomes: [['on_time'], ['missing']], ratings: [['green'], ['red']] },
      3,
    )
    expect(two.section).toMatchObject({
      pupils: 2,
      due: WITHHELD,
      onTime: WITHHELD,
      late: WITHHELD,
      missing: WITHHELD,
      onTimePercent: WITHHELD,
    })
    expect(two.section.ratings.rows.map((r) => r.peps)).toEqual([WITHHELD, WITHHELD, WITHHELD, WITHHELD])
    expect(two.suppressed).toEqual(['PEPs on time, late or missing', 'PEP quality ratings'])
    const three = pepComplianceSection({ outcomes: [['on_time'], ['missing'], ['late']], ratings: [] }, 3)
    expect(three.section).toMatchObject({
      pupils: 3,
      due: 3,
      onTime: 1,
      late: 1,
      missing: 1,
      onTimePercent: 33.3,
    })
    expect(three.suppressed).toEqual([])
  })

  it('has nothing to show, and withholds nothing, when no PEP was due', () => {
    const { section, suppressed } = pepComplianceSection({ outcomes: [], ratings: [] }, 3)
    expect(section).toMatchObject({ pupils: 0, due: null, onTime: null, onTimePercent: null })
    expect(section.ratings.pupils).toBe(0)
    expect(suppressed).toEqual([])
  })
})
