import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { statusOn } from '../cohort/status.js'
import {
  offSiteReviewDates,
  planOffSiteDirection,
  reviewMeetingRequired,
  type OffSiteDirectionInput,
} from './off-site-direction.js'

function week(monday: string): string[] {
  const d = Number(monday.slice(8))
  return [0, 1, 2, 3, 4].map((i) => `${monday.slice(0, 8)}${String(d + i).padStart(2, '0')}`)
}

const cal: SchoolCalendar = {
  terms: [
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  ],
  closures: new Set(week('2026-02-16')),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const ON = '2026-03-02'
const plain = statusOn([], ON)
const cla = statusOn(
  [
    {
      type: 'CLA',
      startDate: '2025-01-01',
      endDate: null,
      legalStatus: 'C2',
      responsibleLaCode: '919',
    },
  ],
  ON,
)

const direction = (over: Partial<OffSiteDirectionInput> = {}): OffSiteDirectionInput => ({
  startDate: '2026-03-04', // a Wednesday
  endDate: '2026-05-01',
  inSchoolSupportTried: true,
  hasEhcp: false,
  reviewIntervalWeeks: 4,
  ...over,
})

describe('DOMAIN.md EX-15: off-site direction', () => {
  it('needs written notice to the parents at least 2 school days before the start, and sets the reviews', () => {
    expect(planOffSiteDirection(cal, plain, direction())).toEqual({
      allowed: true,
      notices: [{ to: 'parent', dueBy: '2026-03-02', provisional: false }],
      reviewDates: ['2026-04-01', '2026-04-29'],
      warnings: [
        {
          code: 'dual_registration',
          message:
            'The pupil stays on your roll. If they are also registered at the other setting, mark the days they attend it with code D',
        },
      ],
    })
  })

  it('counts the notice in school days, so across the half-term', () => {
    const result = planOffSiteDirection(cal, plain, direction({ startDate: '2026-02-24' }))
    expect(result.allowed && result.notices[0]?.dueBy).toBe('2026-02-13') // Tuesday 24: Monday 23, then Friday 13
  })

  it('tells the local authority too when the pupil has an EHC plan', () => {
    const result = planOffSiteDirection(cal, plain, direction({ hasEhcp: true }))
    expect(result.allowed && result.notices.map((n) => n.to)).toEqual(['parent', 'local_authority'])
  })

  it('may run past the end of the school year', () => {
    expect(planOffSiteDirection(cal, plain, direction({ endDate: '2026-09-30' })).allowed).toBe(true)
  })

  it('flags a package below full time, and for a looked after child the PEP and who is responsible (POL-24)', () => {
    const result = planOffSiteDirection(cal, cla, direction({ hoursPerWeek: 15 }))
    expect(result.allowed && result.warnings.map((w) => w.code)).toEqual([
      'part_time_package',
      'pep_and_responsibility',
      'dual_registration',
    ])
    const fullTime = planOffSiteDirection(cal, plain, direction({ hoursPerWeek: 32.5, fullTimeHours: 32.5 }))
    expect(fullTime.allowed && fullTime.warnings.map((w) => w.code)).toEqual(['dual_registration'])
  })

  it.each([
    ['notice given too late', direction({ noticeGivenOn: '2026-03-03' }), 'startDate'],
    ['no end date (it must be time-limited)', direction({ endDate: null }), 'endDate'],
    ['an end before the start', direction({ endDate: '2026-03-03' }), 'endDate'],
    ['no support tried in school first', direction({ inSchoolSupportTried: false }), 'inSchoolSupportTried'],
    ['no review interval', direction({ reviewIntervalWeeks: 0 }), 'reviewIntervalWeeks'],
  ])('refuses %s', (_label, input, field) => {
    const result = planOffSiteDirection(cal, plain, input)
    expect(result.allowed ? [] : result.reasons.map((r) => r.field)).toEqual([field])
  })

  it('accepts notice given on the last day it may be', () => {
    expect(planOffSiteDirection(cal, plain, direction({ noticeGivenOn: '2026-03-02' })).allowed).toBe(true)
  })

  it('refuses without a school calendar', () => {
    const result = planOffSiteDirection(null, plain, direction())
    expect(result.allowed ? [] : result.reasons.map((r) => r.field)).toEqual(['startDate'])
  })
})

describe('DOMAIN.md EX-15: review meetings on request', () => {
  it.each([
    ['no meeting yet', '2026-05-01', null, true],
    ['a meeting 9 weeks ago', '2026-05-01', '2026-02-27', false],
    ['a meeting exactly 10 weeks ago', '2026-05-01', '2026-02-20', false],
    ['a meeting 10 weeks and a day ago', '2026-05-01', '2026-02-19', true],
  ])('%s → must hold one: %s', (_label, requestedOn, last, expected) => {
    expect(reviewMeetingRequired(requestedOn, last)).toBe(expected)
  })

  it('spaces reviews by the board’s interval up to the end date', () => {
    expect(offSiteReviewDates('2026-03-04', '2026-03-31', 2)).toEqual(['2026-03-18'])
    expect(offSiteReviewDates('2026-03-04', '2026-03-10', 2)).toEqual([])
  })
})
