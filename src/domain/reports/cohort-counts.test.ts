import { describe, expect, it } from 'vitest'
import { addDays } from '../calendar/dates.js'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import {
  cohortCounts,
  cohortsDuring,
  reportWindow,
  type CohortCounts,
  type CohortKey,
  type ReportPupil,
} from './cohort-counts.js'

// The 2025 to 2026 school year: 1 August 2025 to 31 July 2026 (CAL-6).
const YEAR = 2025

function ep(type: EpisodeFacts['type'], startDate: string, endDate: string | null = null) {
  return { type, startDate, endDate }
}

function pupil(
  episodes: ReportPupil['episodes'],
  onRollFrom: string | null = null,
  onRollTo: string | null = null,
) {
  return { episodes, onRollFrom, onRollTo }
}

const none: CohortCounts = { roll: 0, cla: 0, pla: 0, cswCurrent: 0, cswEver6: 0, kinship: 0 }
const counts = (over: Partial<CohortCounts>): CohortCounts => ({ ...none, ...over })

describe('reportWindow: the days of the school year a report covers (CAL-6)', () => {
  it.each<[string, string | undefined, ReturnType<typeof reportWindow>]>([
    ['the whole school year', undefined, { from: '2025-08-01', to: '2026-07-31' }],
    ['up to today, in the current year', '2025-11-23', { from: '2025-08-01', to: '2025-11-23' }],
    ['the first day only', '2025-08-01', { from: '2025-08-01', to: '2025-08-01' }],
    ['a past year is whole', '2027-01-01', { from: '2025-08-01', to: '2026-07-31' }],
    ['a year that has not started has no days', '2025-07-31', null],
  ])('%s', (_label, until, expected) => {
    expect(reportWindow(YEAR, until)).toEqual(expected)
  })
})

describe('DOMAIN.md PD-11: a cohort counts pupils on roll in the school year who were in it on any of those days', () => {
  it.each<[string, ReportPupil, CohortCounts]>([
    ['on roll all year, no episodes', pupil([]), counts({ roll: 1 })],
    ['open CLA from before the year', pupil([ep('CLA', '2024-01-10')]), counts({ roll: 1, cla: 1 })],
    [
      'CLA ended the day before the year',
      pupil([ep('CLA', '2024-01-10', '2025-07-31')]),
      counts({ roll: 1 }),
    ],
    [
      'CLA ended on the first day',
      pupil([ep('CLA', '2024-01-10', '2025-08-01')]),
      counts({ roll: 1, cla: 1 }),
    ],
    ['CLA started on the last day', pupil([ep('CLA', '2026-07-31')]), counts({ roll: 1, cla: 1 })],
    ['CLA starting after the year', pupil([ep('CLA', '2026-08-01')]), counts({ roll: 1 })],
    [
      'CLA for one week in March',
      pupil([ep('CLA', '2026-03-02', '2026-03-08')]),
      counts({ roll: 1, cla: 1 }),
    ],
    [
      'two CLA episodes count once',
      pupil([ep('CLA', '2025-09-01', '2025-10-01'), ep('CLA', '2026-01-05')]),
      counts({ roll: 1, cla: 1 }),
    ],
    [
      'left in October, looked after in September',
      pupil([ep('CLA', '2025-09-01', '2025-09-30')], null, '2025-10-15'),
      counts({ roll: 1, cla: 1 }),
    ],
    [
      'left in October, looked after only after leaving',
      pupil([ep('CLA', '2025-10-16')], null, '2025-10-15'),
      counts({ roll: 1 }),
    ],
    [
      'left on the day the episode started (last day on roll)',
      pupil([ep('CLA', '2025-10-15')], null, '2025-10-15'),
      counts({ roll: 1, cla: 1 }),
    ],
    [
      'joined in May, looked after from June',
      pupil([ep('CLA', '2026-06-01')], '2026-05-01'),
      counts({ roll: 1, cla: 1 }),
    ],
    [
      'joined in May, CIN ended in April: not current, but ever-6',
      pupil([ep('CIN', '2025-01-01', '2026-04-30')], '2026-05-01'),
      counts({ roll: 1, cswEver6: 1 }),
    ],
    ['left before the year: not counted at all', pupil([ep('CLA', '2024-01-10')], null, '2025-07-31'), none],
    ['joins after the year: not counted at all', pupil([ep('CLA', '2024-01-10')], '2026-08-01'), none],
    [
      'on roll for the last day only',
      pupil([ep('PLA', '2020-03-01')], '2026-07-31'),
      counts({ roll: 1, pla: 1 }),
    ],
    ['PLA from an adoption order years ago', pupil([ep('PLA', '2019-06-01')]), counts({ roll: 1, pla: 1 })],
    [
      'open CP: current and ever-6',
      pupil([ep('CP', '2025-06-01')]),
      counts({ roll: 1, cswCurrent: 1, cswEver6: 1 }),
    ],
    [
      'CIN in the year: current and ever-6',
      pupil([ep('CIN', '2025-09-01', '2025-12-01')]),
      counts({ roll: 1, cswCurrent: 1, cswEver6: 1 }),
    ],
    [
      'PD-3: CIN ended exactly 6 years before the first day',
      pupil([ep('CIN', '2018-01-01', '2019-08-01')]),
      counts({ roll: 1, cswEver6: 1 }),
    ],
    [
      'PD-3: CIN ended 6 years and a day before the first day',
      pupil([ep('CIN', '2018-01-01', '2019-07-31')]),
      counts({ roll: 1 }),
    ],
    [
      'PD-3: ever-6 only from the first day on roll',
      pupil([ep('CIN', '2018-01-01', '2019-08-01')], '2025-09-01'),
      counts({ roll: 1 }),
    ],
    [
      'PD-3: a CIN starting in the year is ever-6 from its start',
      pupil([ep('CIN', '2026-07-31')]),
      counts({ roll: 1, cswCurrent: 1, cswEver6: 1 }),
    ],
    [
      'kinship care ended before the year',
      pupil([ep('KINSHIP', '2022-01-01', '2025-06-30')]),
      counts({ roll: 1 }),
    ],
    ['kinship care during the year', pupil([ep('KINSHIP', '2022-01-01')]), counts({ roll: 1, kinship: 1 })],
    [
      'PD-4: short breaks still count as CLA',
      pupil([{ ...ep('CLA', '2025-01-01'), legalStatus: 'V3' } as EpisodeFacts]),
      counts({ roll: 1, cla: 1 }),
    ],
    [
      'CLA then PLA in the same year: both',
      pupil([ep('CLA', '2024-01-01', '2025-11-30'), ep('PLA', '2025-12-01')]),
      counts({ roll: 1, cla: 1, pla: 1 }),
    ],
  ])('%s', (_label, p, expected) => {
    expect(cohortCounts([p], YEAR)).toEqual(expected)
  })

  it('adds pupils up, each pupil once in each cohort they were in', () => {
    const pupils = [
      pupil([ep('CLA', '2024-01-10')]),
      pupil([ep('CLA', '2025-09-01', '2025-12-31'), ep('PLA', '2026-01-01')]),
      pupil([ep('CP', '2025-06-01')]),
      pupil([]),
      pupil([ep('CLA', '2024-01-10')], null, '2025-07-31'),
    ]
    expect(cohortCounts(pupils, YEAR)).toEqual({
      roll: 4,
      cla: 2,
      pla: 1,
      cswCurrent: 1,
      cswEver6: 1,
      kinship: 0,
    })
  })

  it.each<[string, ReportPupil, CohortCounts]>([
    [
      'an episode starting after today is not counted yet',
      pupil([ep('CLA', '2025-12-01')]),
      counts({ roll: 1 }),
    ],
    ['a pupil joining after today is not on roll yet', pupil([ep('CLA', '2024-01-10')], '2025-12-01'), none],
    [
      'an episode open today counts',
      pupil([ep('CIN', '2025-11-23')]),
      counts({ roll: 1, cswCurrent: 1, cswEver6: 1 }),
    ],
  ])('the current year counts the days up to today: %s', (_label, p, expected) => {
    expect(cohortCounts([p], YEAR, { until: '2025-11-23' })).toEqual(expected)
  })

  it('counts nothing in a school year that has not started', () => {
    expect(cohortCounts([pupil([ep('CLA', '2024-01-10')])], 2026, { until: '2026-07-01' })).toEqual(none)
  })

  it('uses a shorter ever-6 window when told to (PD-3)', () => {
    const p = pupil([ep('CIN', '2020-01-01', '2022-08-01')])
    expect(cohortCounts([p], YEAR).cswEver6).toBe(1)
    expect(cohortCounts([p], YEAR, { ever6Years: 3 }).cswEver6).toBe(1)
    expect(cohortCounts([p], YEAR, { ever6Years: 2 }).cswEver6).toBe(0)
  })
})

// Independent of the proof in cohortsDuring's comment: a cohort over a range of days is the cohort
// statusOn gives on at least one of those days.
describe('cohortsDuring agrees with statusOn day by day (DEF-13, PD-3)', () => {
  let seed = 20251123
  // mulberry32: seeded, so a failure can be replayed.
  const random = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
  const TYPES = ['CLA', 'PLA', 'CIN', 'CP', 'KINSHIP'] as const
  const BASE = '2026-02-01'

  it('on 400 random pupils and ranges of days, including 29 February', () => {
    let ever6Only = 0
    let notEver6 = 0
    for (let i = 0; i < 400; i++) {
      const episodes = Array.from({ length: random(4) }, () => {
        // A third start about two years back, so their ends straddle the 2-year ever-6 window.
        const start = addDays(BASE, random(120) - 60 - (random(3) === 0 ? 365 * 2 + 60 : 0))
        return ep(TYPES[random(TYPES.length)]!, start, random(3) === 0 ? null : addDays(start, random(90)))
      })
      const from = addDays(BASE, random(40) - 20)
      const days = { from, to: addDays(from, random(30)) }
      const flags = cohortsDuring(episodes, days, 2)
      const expected: Record<CohortKey, boolean> = {
        cla: false,
        pla: false,
        cswCurrent: false,
        cswEver6: false,
        kinship: false,
      }
      for (let d = days.from; d <= days.to; d = addDays(d, 1)) {
        const s = statusOn(episodes, d, { ever6Years: 2 })
        expected.cla ||= s.cla
        expected.pla ||= s.pla
        expected.cswCurrent ||= s.cswCurrent
        expected.cswEver6 ||= s.cswEver6
        expected.kinship ||= s.kinship
      }
      expect(flags, JSON.stringify({ episodes, days })).toEqual(expected)
      if (expected.cswEver6 && !expected.cswCurrent) ever6Only++
      if (!expected.cswEver6 && episodes.some((e) => e.type === 'CIN' || e.type === 'CP')) notEver6++
    }
    // The boundary cases were there to be checked.
    expect(ever6Only).toBeGreaterThan(20)
    expect(notEver6).toBeGreaterThan(20)
  })
})
