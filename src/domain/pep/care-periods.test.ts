import { describe, expect, it } from 'vitest'
import type { EpisodeFacts } from '../cohort/status.js'
import { birthday, pepEpisodes, pepWindow, periodsOfCare } from './care-periods.js'

function cla(startDate: string, endDate: string | null, legalStatus = 'C2'): EpisodeFacts {
  return { type: 'CLA', startDate, endDate, legalStatus }
}

describe('periodsOfCare (DOMAIN.md DEF-13, PEP-2, PEP-3)', () => {
  it.each<[string, EpisodeFacts[], Array<{ start: string; end: string | null }>]>([
    ['no episodes', [], []],
    [
      'an episode starting the day after the last one ended continues the period',
      [cla('2026-01-01', '2026-03-31'), cla('2026-04-01', null)],
      [{ start: '2026-01-01', end: null }],
    ],
    [
      'a gap of one day starts a new period',
      [cla('2026-01-01', '2026-03-31'), cla('2026-04-02', null)],
      [
        { start: '2026-01-01', end: '2026-03-31' },
        { start: '2026-04-02', end: null },
      ],
    ],
    [
      'overlapping episodes, in any order, make one period ending with the later end',
      [cla('2026-02-01', '2026-06-30'), cla('2026-01-01', '2026-03-31')],
      [{ start: '2026-01-01', end: '2026-06-30' }],
    ],
    [
      'an episode inside an open one keeps the period open',
      [cla('2026-01-01', null), cla('2026-02-01', '2026-02-28')],
      [{ start: '2026-01-01', end: null }],
    ],
  ])('%s', (_, episodes, expected) => {
    expect(periodsOfCare(episodes)).toEqual(expected)
  })
})

describe('pepEpisodes (DOMAIN.md PD-4)', () => {
  const episodes: EpisodeFacts[] = [
    cla('2026-01-01', null, 'V3'),
    cla('2026-02-01', null, 'V4'),
    cla('2026-03-01', null, 'C1'),
    { type: 'CIN', startDate: '2026-01-01', endDate: null },
  ]
  it('leaves out short breaks and other episode types by default', () => {
    expect(pepEpisodes(episodes, false).map((e) => e.legalStatus)).toEqual(['C1'])
  })
  it('keeps short breaks when the Virtual School includes them', () => {
    expect(pepEpisodes(episodes, true).map((e) => e.legalStatus)).toEqual(['V3', 'V4', 'C1'])
  })
})

describe('birthday and pepWindow (DOMAIN.md PEP-9)', () => {
  it.each([
    ['2015-05-10', 2, '2017-05-10'],
    ['2016-02-29', 2, '2018-03-01'], // ageOn: a 29 February birthday falls on 1 March
    ['2016-02-29', 4, '2020-02-29'],
  ])('born %s reaches %i on %s', (dob, years, expected) => {
    expect(birthday(dob, years)).toBe(expected)
  })

  it('runs from the later of the start of care and the minimum-age birthday to the day before 18', () => {
    expect(pepWindow({ start: '2026-01-01', end: null }, '2024-06-01', 2)).toEqual({
      start: '2026-06-01',
      end: '2042-05-31',
      startsAtBirthday: true,
    })
  })

  it('is null when the period of care ends before the minimum age', () => {
    expect(pepWindow({ start: '2025-01-01', end: '2026-05-31' }, '2024-06-01', 2)).toBeNull()
  })
})
