import { describe, expect, it } from 'vitest'
import { validateEpisode, type EpisodeInput } from './episode-rules.js'
import type { EpisodeFacts } from './status.js'

const TODAY = '2026-06-15'
const options = { today: TODAY, dateOfBirth: '2015-03-10', knownLaCodes: new Set(['202', '938']) }

const cla = (over: Partial<EpisodeInput> = {}): EpisodeInput => ({
  type: 'CLA',
  startDate: '2025-01-01',
  endDate: null,
  legalStatus: 'C2',
  responsibleLaCode: '202',
  ...over,
})
const pla = (over: Partial<EpisodeInput> = {}): EpisodeInput => ({
  type: 'PLA',
  startDate: '2024-03-01',
  endDate: null,
  route: 'adoption',
  ...over,
})

describe('validateEpisode accepts good episodes', () => {
  it.each<[string, EpisodeInput]>([
    ['CLA', cla()],
    ['CLA starting today', cla({ startDate: TODAY })],
    ['CLA with an end date the same as the start', cla({ endDate: '2025-01-01' })],
    ['PLA', pla()],
    ['CIN with a category', { type: 'CIN', startDate: '2025-01-01', endDate: null, cinCategory: 'N1' }],
    ['CIN without a category', { type: 'CIN', startDate: '2025-01-01', endDate: null }],
    ['CP', { type: 'CP', startDate: '2025-01-01', endDate: '2025-06-01', cpCategory: 'neglect' }],
    ['KINSHIP', { type: 'KINSHIP', startDate: '2025-01-01', endDate: null, arrangement: 'unknown' }],
    // Fields that do not belong to the type are ignored.
    [
      'CIN with a stray legal status',
      { type: 'CIN', startDate: '2025-01-01', endDate: null, legalStatus: 'XX', route: 'nope' },
    ],
    ['PLA with an empty end date', pla({ endDate: '' })],
  ])('%s', (_label, input) => {
    expect(validateEpisode(input, [], options)).toEqual({ errors: [], warnings: [] })
  })
})

describe('validateEpisode refuses bad fields', () => {
  it.each<[string, EpisodeInput, string, string]>([
    ['no start date', cla({ startDate: '' }), 'startDate', 'Enter the start date'],
    [
      'impossible start date',
      cla({ startDate: '2025-02-29' }),
      'startDate',
      'The start date must be a real date',
    ],
    ['impossible end date', cla({ endDate: '2025-13-01' }), 'endDate', 'The end date must be a real date'],
    [
      'end before start',
      cla({ endDate: '2024-12-31' }),
      'endDate',
      'The end date must be the same as or after the start date',
    ],
    [
      'CLA starting tomorrow',
      cla({ startDate: '2026-06-16' }),
      'startDate',
      'The start date must be today or in the past',
    ],
    [
      'CIN starting tomorrow',
      { type: 'CIN', startDate: '2026-06-16', endDate: null },
      'startDate',
      'The start date must be today or in the past',
    ],
    [
      'KINSHIP starting tomorrow',
      { type: 'KINSHIP', startDate: '2026-06-16', endDate: null, arrangement: 'formal' },
      'startDate',
      'The start date must be today or in the past',
    ],
    [
      'start before birth',
      cla({ startDate: '2015-03-09' }),
      'startDate',
      'The start date must be on or after the child’s date of birth, 10 March 2015',
    ],
    [
      'CLA with no legal status',
      cla({ legalStatus: null }),
      'legalStatus',
      'Choose a legal status from the list',
    ],
    [
      'CLA with an unknown legal status',
      cla({ legalStatus: 'V1' }),
      'legalStatus',
      '“V1” is not a legal status. Choose a legal status from the list',
    ],
    [
      'CLA with no LA',
      cla({ responsibleLaCode: undefined }),
      'responsibleLaCode',
      'Enter the 3-digit code of the local authority that looks after the child',
    ],
    [
      'CLA with a malformed LA',
      cla({ responsibleLaCode: '20A' }),
      'responsibleLaCode',
      '“20A” is not a local authority code: enter 3 digits, like 202',
    ],
    [
      'PLA with no route',
      pla({ route: null }),
      'route',
      'Choose how the child left care: adoption, special guardianship order, child arrangements order, or adoption from state care outside England and Wales',
    ],
    [
      'PLA with an unknown route',
      pla({ route: 'residence' }),
      'route',
      'Choose how the child left care: adoption, special guardianship order, child arrangements order, or adoption from state care outside England and Wales',
    ],
    [
      'KINSHIP with no arrangement',
      { type: 'KINSHIP', startDate: '2025-01-01', endDate: null },
      'arrangement',
      'Choose whether the kinship arrangement is formal, informal or not known',
    ],
    [
      'CIN with a bad category',
      { type: 'CIN', startDate: '2025-01-01', endDate: null, cinCategory: 'N9' },
      'cinCategory',
      'Choose a category of need from the list (N1 to N8)',
    ],
    [
      'CP with a bad category',
      { type: 'CP', startDate: '2025-01-01', endDate: null, cpCategory: 'bullying' },
      'cpCategory',
      'Choose a category of abuse from the list',
    ],
    [
      'unknown type',
      { type: 'XYZ' as EpisodeInput['type'], startDate: '2025-01-01', endDate: null },
      'type',
      'Choose the type of episode',
    ],
  ])('%s', (_label, input, path, message) => {
    expect(validateEpisode(input, [], options).errors).toEqual([{ path, message }])
  })

  it('allows a PLA order dated after today (only CLA, CIN, CP and kinship are refused)', () => {
    expect(validateEpisode(pla({ startDate: '2026-07-01' }), [], options).errors).toEqual([])
  })

  it('does not check the date of birth when none is known', () => {
    const result = validateEpisode(cla({ startDate: '2010-01-01' }), [], { today: TODAY })
    expect(result.errors).toEqual([])
  })
})

describe('DOMAIN.md PD-14: an unknown LA code is accepted with a warning', () => {
  it('warns for a 3-digit code not in the LA table', () => {
    expect(validateEpisode(cla({ responsibleLaCode: '999' }), [], options)).toEqual({
      errors: [],
      warnings: [
        {
          path: 'responsibleLaCode',
          message:
            'Local authority code 999 is not in Harbour’s list of local authorities. It has been accepted because codes change: check it is right',
        },
      ],
    })
  })

  it('does not warn when no LA table is given', () => {
    expect(validateEpisode(cla({ responsibleLaCode: '999' }), [], { today: TODAY }).warnings).toEqual([])
  })
})

describe('DOMAIN.md DEF-13: never CLA and PLA on the same date', () => {
  const other = (e: EpisodeFacts, id = 'ep-1'): EpisodeFacts & { id: string } => ({ ...e, id })
  const MESSAGE_END = 'a child cannot be looked after and previously looked after on the same day'

  it.each<[string, EpisodeInput, Array<EpisodeFacts & { id: string }>, string | null]>([
    [
      'CLA ending the day before the PLA starts (touching) is fine',
      cla({ startDate: '2023-01-01', endDate: '2024-02-29' }),
      [other(pla())],
      null,
    ],
    [
      'PLA starting the day after CLA ends is fine',
      pla(),
      [other(cla({ startDate: '2023-01-01', endDate: '2024-02-29' }))],
      null,
    ],
    [
      'PLA starting on the CLA’s last day is refused',
      pla({ startDate: '2024-02-29' }),
      [other(cla({ startDate: '2023-01-01', endDate: '2024-02-29' }))],
      `This overlaps the looked after episode from 1 January 2023 to 29 February 2024: ${MESSAGE_END}`,
    ],
    [
      'CLA ending on the PLA’s first day is refused',
      cla({ startDate: '2023-01-01', endDate: '2024-03-01' }),
      [other(pla())],
      `This overlaps the previously looked after status from 1 March 2024: ${MESSAGE_END}`,
    ],
    [
      'open CLA after an open PLA is refused',
      cla({ startDate: '2025-01-01' }),
      [other(pla())],
      `This overlaps the previously looked after status from 1 March 2024: ${MESSAGE_END}`,
    ],
    [
      'PLA while a CLA is still open is refused',
      pla({ startDate: '2026-01-01' }),
      [other(cla({ startDate: '2025-01-01' }))],
      `This overlaps the looked after episode from 1 January 2025: ${MESSAGE_END}`,
    ],
    [
      'CLA after a PLA that has ended is fine',
      cla({ startDate: '2025-01-01' }),
      [other(pla({ endDate: '2024-12-31' }))],
      null,
    ],
    [
      'CIN overlapping a PLA is fine',
      { type: 'CIN', startDate: '2025-01-01', endDate: null },
      [other(pla())],
      null,
    ],
    ['two CLA episodes are not checked against each other', cla(), [other(cla())], null],
  ])('%s', (_label, input, others, message) => {
    const { errors } = validateEpisode(input, others, options)
    expect(errors).toEqual(message === null ? [] : [{ path: 'startDate', message }])
  })
})
