import { describe, expect, it } from 'vitest'
import { cohortsOf, hasSocialWorker, statusOn, type EpisodeFacts, type PupilStatus } from './status.js'

const ON = '2026-06-15'

function ep(
  type: EpisodeFacts['type'],
  startDate: string,
  endDate: string | null,
  extra: Partial<EpisodeFacts> = {},
): EpisodeFacts {
  return { type, startDate, endDate, ...extra }
}

describe('DOMAIN.md DEF-13, PD-15: each flag comes from its own episode type, open on D', () => {
  it.each<[string, EpisodeFacts[], keyof PupilStatus, boolean]>([
    ['no episodes', [], 'cla', false],
    ['open CLA', [ep('CLA', '2026-01-01', null)], 'cla', true],
    ['CLA ending on D (end is inclusive)', [ep('CLA', '2026-01-01', ON)], 'cla', true],
    ['CLA ended the day before', [ep('CLA', '2026-01-01', '2026-06-14')], 'cla', false],
    ['CLA starting on D', [ep('CLA', ON, null)], 'cla', true],
    ['CLA starting the day after', [ep('CLA', '2026-06-16', null)], 'cla', false],
    ['PLA from an earlier order', [ep('PLA', '2024-03-01', null)], 'pla', true],
    ['PLA starting after D', [ep('PLA', '2026-06-16', null)], 'pla', false],
    ['PLA with an end date before D', [ep('PLA', '2024-03-01', '2025-01-01')], 'pla', false],
    ['open CIN', [ep('CIN', '2026-01-01', null)], 'cswCurrent', true],
    ['CP ending on D', [ep('CP', '2025-01-01', ON)], 'cswCurrent', true],
    ['CP ended the day before', [ep('CP', '2025-01-01', '2026-06-14')], 'cswCurrent', false],
    ['open KINSHIP', [ep('KINSHIP', '2025-01-01', null, { arrangement: 'formal' })], 'kinship', true],
    ['PD-15: KINSHIP is not CSW', [ep('KINSHIP', '2025-01-01', null)], 'cswCurrent', false],
    ['PD-15: CLA is not CSW', [ep('CLA', '2025-01-01', null)], 'cswCurrent', false],
    ['PD-15: PLA is not kinship', [ep('PLA', '2025-01-01', null, { route: 'sgo' })], 'kinship', false],
  ])('%s → %s is %s', (_label, episodes, flag, expected) => {
    expect(statusOn(episodes, ON)[flag]).toBe(expected)
  })
})

describe('DOMAIN.md PD-3: ever-6 CSW window [D − 6 years, D], both ends inclusive', () => {
  it.each<[string, EpisodeFacts[], string, number | undefined, boolean]>([
    ['CIN ended exactly 6 years back', [ep('CIN', '2019-01-01', '2020-06-15')], ON, undefined, true],
    ['CIN ended a day before the window', [ep('CIN', '2019-01-01', '2020-06-14')], ON, undefined, false],
    ['CP still open', [ep('CP', '2015-01-01', null)], ON, undefined, true],
    ['CIN starting after D', [ep('CIN', '2026-06-16', null)], ON, undefined, false],
    ['CIN starting on D', [ep('CIN', ON, null)], ON, undefined, true],
    ['3-year window, ended exactly 3 years back', [ep('CIN', '2022-01-01', '2023-06-15')], ON, 3, true],
    ['3-year window, ended 3 years and a day back', [ep('CIN', '2022-01-01', '2023-06-14')], ON, 3, false],
    // CAL-5: 6 years before 28 Feb 2030 is 28 Feb 2024.
    ['leap-year boundary', [ep('CP', '2023-01-01', '2024-02-28')], '2030-02-28', undefined, true],
    [
      'leap-year boundary, a day early',
      [ep('CP', '2023-01-01', '2024-02-27')],
      '2030-02-28',
      undefined,
      false,
    ],
    ['KINSHIP does not count', [ep('KINSHIP', '2022-01-01', null)], ON, undefined, false],
  ])('%s → cswEver6 %s', (_label, episodes, on, years, expected) => {
    const options = years === undefined ? undefined : { ever6Years: years }
    expect(statusOn(episodes, on, options).cswEver6).toBe(expected)
  })

  it('a past CSW is ever-6 but not current', () => {
    const s = statusOn([ep('CP', '2022-01-01', '2023-01-01')], ON)
    expect(s).toMatchObject({ cswCurrent: false, cswEver6: true })
  })
})

describe('DOMAIN.md PD-4, PD-15: short breaks only', () => {
  it.each<[string, EpisodeFacts[], boolean, boolean]>([
    ['V3 only', [ep('CLA', '2026-01-01', null, { legalStatus: 'V3' })], true, true],
    ['V4 only', [ep('CLA', '2026-01-01', null, { legalStatus: 'V4' })], true, true],
    [
      'V3 and V4',
      [
        ep('CLA', '2026-01-01', null, { legalStatus: 'V3' }),
        ep('CLA', '2026-02-01', null, { legalStatus: 'V4' }),
      ],
      true,
      true,
    ],
    [
      'mixed V3 and C2 open',
      [
        ep('CLA', '2026-01-01', null, { legalStatus: 'V3' }),
        ep('CLA', '2026-02-01', null, { legalStatus: 'C2' }),
      ],
      true,
      false,
    ],
    [
      'V4 open, C2 closed earlier',
      [
        ep('CLA', '2025-01-01', '2025-12-31', { legalStatus: 'C2' }),
        ep('CLA', '2026-01-01', null, { legalStatus: 'V4' }),
      ],
      true,
      true,
    ],
    ['C2 only', [ep('CLA', '2026-01-01', null, { legalStatus: 'C2' })], true, false],
    [
      'V3 ended: not looked after',
      [ep('CLA', '2026-01-01', '2026-02-01', { legalStatus: 'V3' })],
      false,
      false,
    ],
    ['no legal status recorded', [ep('CLA', '2026-01-01', null)], true, false],
  ])('%s → cla %s, shortBreaksOnly %s', (_label, episodes, cla, shortBreaksOnly) => {
    expect(statusOn(episodes, ON)).toMatchObject({ cla, shortBreaksOnly })
  })
})

describe('DOMAIN.md PD-15: responsibleLaCode', () => {
  it.each<[string, EpisodeFacts[], string | null]>([
    ['one open CLA', [ep('CLA', '2026-01-01', null, { responsibleLaCode: '202' })], '202'],
    ['closed CLA only', [ep('CLA', '2025-01-01', '2025-06-01', { responsibleLaCode: '202' })], null],
    [
      'two open: the latest-started',
      [
        ep('CLA', '2026-03-01', null, { responsibleLaCode: '938' }),
        ep('CLA', '2026-01-01', null, { responsibleLaCode: '202' }),
      ],
      '938',
    ],
    [
      'open after a closed one',
      [
        ep('CLA', '2025-01-01', '2025-12-31', { responsibleLaCode: '202' }),
        ep('CLA', '2026-01-01', null, { responsibleLaCode: '940' }),
      ],
      '940',
    ],
    ['open CLA without a code', [ep('CLA', '2026-01-01', null)], null],
    ['PLA only', [ep('PLA', '2024-01-01', null, { responsibleLaCode: '202' })], null],
  ])('%s → %s', (_label, episodes, expected) => {
    expect(statusOn(episodes, ON).responsibleLaCode).toBe(expected)
  })
})

describe('DOMAIN.md PD-15: hasSocialWorker and cohortsOf', () => {
  it.each<[string, EpisodeFacts[], boolean, string[]]>([
    ['CLA', [ep('CLA', '2026-01-01', null, { legalStatus: 'C2' })], true, ['cla']],
    [
      'short breaks still count as CLA',
      [ep('CLA', '2026-01-01', null, { legalStatus: 'V3' })],
      true,
      ['cla'],
    ],
    ['open CIN', [ep('CIN', '2026-01-01', null)], true, ['csw_current', 'csw_ever6']],
    ['PLA only', [ep('PLA', '2024-01-01', null)], false, ['pla']],
    ['past CP only', [ep('CP', '2022-01-01', '2023-01-01')], false, ['csw_ever6']],
    [
      'kinship and PLA (SGO)',
      [ep('KINSHIP', '2024-01-01', null), ep('PLA', '2024-01-01', null)],
      false,
      ['pla', 'kinship'],
    ],
    ['nothing', [], false, []],
  ])('%s → hasSocialWorker %s, cohorts %j', (_label, episodes, social, cohorts) => {
    const s = statusOn(episodes, ON)
    expect(hasSocialWorker(s)).toBe(social)
    expect(cohortsOf(s)).toEqual(cohorts)
  })

  it('echoes the date', () => {
    expect(statusOn([], ON).on).toBe(ON)
  })
})
