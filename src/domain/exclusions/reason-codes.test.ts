import { describe, expect, it } from 'vitest'
import {
  checkReasons,
  REASON_CODES_SET_A,
  reasonCodeOn,
  reasonCodesOn,
  type ReasonCodeRow,
} from './reason-codes.js'

describe('DOMAIN.md EX-17, PD-8: reason code set A', () => {
  it('holds the 16 codes of set A, each once, in table version A', () => {
    expect(REASON_CODES_SET_A.map((r) => r.code).sort()).toEqual(
      ['BU', 'DA', 'DB', 'DM', 'DS', 'LG', 'MT', 'OW', 'PA', 'PH', 'PP', 'RA', 'SM', 'TH', 'VA', 'VP'].sort(),
    )
    expect(REASON_CODES_SET_A.every((r) => r.tableVersion === 'A' && r.source !== '')).toBe(true)
  })

  it('has no "Other" code (removed in set A)', () => {
    expect(REASON_CODES_SET_A.some((r) => /other/i.test(r.description) || r.code === 'OT')).toBe(false)
  })
})

// A later table version closes PH and adds VR (set B style), to show the dating works.
const versioned: ReasonCodeRow[] = [
  ...REASON_CODES_SET_A.filter((r) => r.code !== 'PH'),
  { ...REASON_CODES_SET_A.find((r) => r.code === 'PH')!, validTo: '2026-07-31' },
  {
    code: 'VR',
    description: 'Vaping',
    validFrom: '2026-08-01',
    validTo: null,
    source: 'test',
    tableVersion: 'B',
  },
]

describe('DOMAIN.md PD-8: reasonCodeOn', () => {
  it.each([
    ['PP', '2025-10-01', REASON_CODES_SET_A, 'PP'],
    [' pp ', '2025-10-01', REASON_CODES_SET_A, 'PP'], // typed in lower case with spaces
    ['XX', '2025-10-01', REASON_CODES_SET_A, null], // unknown
    ['PP', '2019-09-01', REASON_CODES_SET_A, null], // before set A came in
    ['PH', '2026-07-31', versioned, 'PH'], // last day in use
    ['PH', '2026-08-01', versioned, null], // out of date
    ['VR', '2026-07-31', versioned, null], // not yet in use
    ['VR', '2026-08-01', versioned, 'VR'],
  ] as const)('%s on %s → %s', (code, date, table, expected) => {
    expect(reasonCodeOn(code, date, table)?.code ?? null).toBe(expected)
  })

  it('offers only the codes in use on the date', () => {
    expect(reasonCodesOn('2026-08-01', versioned).map((r) => r.code)).toContain('VR')
    expect(reasonCodesOn('2026-08-01', versioned).map((r) => r.code)).not.toContain('PH')
    expect(reasonCodesOn('2025-10-01')).toHaveLength(16)
  })
})

describe('DOMAIN.md EX-16: one to three reasons', () => {
  it.each([[['PP']], [['PP', 'VA', 'DB']], [['pp']]])('%j is accepted', (codes) => {
    const result = checkReasons(codes, '2025-10-01')
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.rows.map((r) => r.code)).toEqual(codes.map((c) => c.toUpperCase()))
  })

  it.each([
    [[], 'reasons', 'Choose at least one reason'],
    [['PP', 'VA', 'DB', 'TH'], 'reasons', 'Choose no more than 3 reasons'],
    [['XX'], 'reasons.0', '‘XX’ is not a reason code. Choose one from the list'],
    [['PP', 'PP'], 'reasons.1', '‘PP’ is chosen more than once. Choose each reason only once'],
    [['PP', ' '], 'reasons.1', 'Choose a reason from the list'],
  ])('%j is refused at %s', (codes, field, message) => {
    const result = checkReasons(codes, '2025-10-01')
    expect(result).toEqual({ ok: false, problems: [{ field, message }] })
  })

  it('refuses a code that is out of date on the start date, naming the date', () => {
    expect(checkReasons(['PH'], '2026-09-01', versioned)).toEqual({
      ok: false,
      problems: [{ field: 'reasons.0', message: '‘PH’ was not a reason code in use on 1 September 2026' }],
    })
  })
})
