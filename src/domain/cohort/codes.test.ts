import { describe, expect, it } from 'vitest'
import {
  CIN_CATEGORIES,
  CIN_CATEGORY_LABELS,
  CLA_LEGAL_STATUSES,
  CP_CATEGORIES,
  CP_CATEGORY_LABELS,
  EPISODE_TYPE_LABELS,
  EPISODE_TYPES,
  isClaLegalStatus,
  isShortBreakStatus,
  KINSHIP_ARRANGEMENTS,
  KINSHIP_CENSUS_CODES,
  PLA_ROUTE_LABELS,
  PLA_ROUTES,
} from './codes.js'

describe('DOMAIN.md CL-1: CLA legal statuses', () => {
  it('has the 13 SSDA903 codes', () => {
    expect(CLA_LEGAL_STATUSES.map((s) => s.code)).toEqual([
      'C1',
      'C2',
      'D1',
      'E1',
      'J1',
      'J2',
      'J3',
      'L1',
      'L2',
      'L3',
      'V2',
      'V3',
      'V4',
    ])
  })

  it('DOMAIN.md PD-4: only V3 and V4 are short breaks', () => {
    expect(CLA_LEGAL_STATUSES.filter((s) => s.shortBreak).map((s) => s.code)).toEqual(['V3', 'V4'])
  })

  it.each([
    ['C2', true, false],
    ['V3', true, true],
    ['V4', true, true],
    ['V1', false, false],
    ['c2', false, false],
    ['', false, false],
  ])('%j is a legal status: %s (short break %s)', (code, valid, shortBreak) => {
    expect(isClaLegalStatus(code)).toBe(valid)
    expect(isShortBreakStatus(code)).toBe(shortBreak)
  })
})

describe('labelled code lists', () => {
  it.each<[string, ReadonlyArray<string>, Record<string, string>]>([
    ['PD-5 PLA routes', PLA_ROUTES, PLA_ROUTE_LABELS],
    ['DEF-12 CIN categories', CIN_CATEGORIES, CIN_CATEGORY_LABELS],
    ['CP categories', CP_CATEGORIES, CP_CATEGORY_LABELS],
    ['episode types', EPISODE_TYPES, EPISODE_TYPE_LABELS],
    ['DEF-11 kinship census codes', KINSHIP_ARRANGEMENTS, KINSHIP_CENSUS_CODES],
  ])('DOMAIN.md %s: every code has exactly one non-empty label', (_name, codes, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...codes].sort())
    expect(Object.values(labels).every((l) => l.length > 0)).toBe(true)
  })

  it('names episode types for staff', () => {
    expect(EPISODE_TYPE_LABELS.CLA).toBe('Looked after (CLA)')
    expect(EPISODE_TYPE_LABELS.PLA).toBe('Previously looked after (PLA)')
    expect(CIN_CATEGORIES).toHaveLength(8)
    expect(KINSHIP_CENSUS_CODES).toEqual({ formal: 'KF', informal: 'KI', unknown: 'KU' })
  })
})
