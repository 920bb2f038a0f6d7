import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import {
  boardMeetingDueBy,
  boardMeetingInvitees,
  boardReviewFor,
  checkBoardDecision,
  checkCancellation,
  independentReviewDueBy,
  type BoardDecisionInput,
} from './board-review.js'

function week(monday: string): string[] {
  const d = Number(monday.slice(8))
  return [0, 1, 2, 3, 4].map((i) => `${monday.slice(0, 8)}${String(d + i).padStart(2, '0')}`)
}

const cal: SchoolCalendar = {
  terms: [
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  ],
  closures: new Set([...week('2025-10-27'), ...week('2026-02-16'), ...week('2026-05-25')]),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const ON = '2026-03-02'
const status = (...episodes: EpisodeFacts[]) => statusOn(episodes, ON)
const plain = status()
const cin = status({ type: 'CIN', startDate: '2025-01-01', endDate: null })
const cla = status({
  type: 'CLA',
  startDate: '2025-01-01',
  endDate: null,
  legalStatus: 'C2',
  responsibleLaCode: '919',
})
const pla = status({ type: 'PLA', startDate: '2020-01-01', endDate: null, route: 'sgo' })

describe('DOMAIN.md EX-10: when the governing board meets', () => {
  it.each([
    ['SUSP', 1, false, 'consider_representations', 'up_to_5_days_in_term', false, null],
    ['SUSP', 5, false, 'consider_representations', 'up_to_5_days_in_term', false, null],
    ['SUSP', 5.5, false, 'meet_if_requested', 'more_than_5_days_in_term', true, 50],
    ['SUSP', 15, false, 'meet_if_requested', 'more_than_5_days_in_term', true, 50],
    ['SUSP', 15.5, false, 'must_meet', 'more_than_15_days_in_term', true, 15],
    ['LNCH', 0.5, true, 'must_meet', 'public_exam', true, 15],
    ['SUSP', 6, true, 'must_meet', 'public_exam', true, 15],
    ['PERM', 0, false, 'must_meet', 'permanent_exclusion', true, 15],
  ] as const)(
    '%s with %s days in the term (misses an exam: %s) → %s',
    (category, daysInTerm, missesPublicExam, requirement, trigger, canReinstate, deadlineSchoolDays) => {
      expect(boardReviewFor({ category, daysInTerm, missesPublicExam })).toEqual({
        requirement,
        trigger,
        canReinstate,
        deadlineSchoolDays,
      })
    },
  )

  it.each([
    // PD-17: 15 school days after Monday 20 October 2025, 4 before and 11 after the half-term.
    ['2025-10-20', 15.5, '2025-11-17'],
    ['2026-03-02', 15.5, '2026-03-23'],
    // 50 school days after 2 March 2026, across Easter, the May bank holiday and the May half-term.
    ['2026-03-02', 6, '2026-06-02'],
  ])('meeting for a suspension from %s with %s days in the term is due by %s', (start, days, due) => {
    const review = boardReviewFor({ category: 'SUSP', daysInTerm: days, missesPublicExam: false })
    expect(boardMeetingDueBy(cal, start, review)).toEqual({ dueBy: due, provisional: false })
  })

  it('has no meeting date when the board need only consider representations', () => {
    const review = boardReviewFor({ category: 'SUSP', daysInTerm: 3, missesPublicExam: false })
    expect(boardMeetingDueBy(cal, '2026-03-02', review)).toBeNull()
  })

  it('marks the date provisional when the calendar ends first', () => {
    const review = boardReviewFor({ category: 'PERM', daysInTerm: 0, missesPublicExam: false })
    expect(boardMeetingDueBy(cal, '2026-07-13', review)?.provisional).toBe(true)
  })
})

describe('DOMAIN.md EX-9, EX-11: who is invited', () => {
  it.each([
    ['a pupil with no status', plain, ['parents', 'headteacher', 'local_authority_officer']],
    ['a child in need', cin, ['parents', 'headteacher', 'local_authority_officer', 'social_worker']],
    [
      'a looked after child',
      cla,
      ['parents', 'headteacher', 'local_authority_officer', 'social_worker', 'virtual_school_head'],
    ],
    ['a previously looked after child', pla, ['parents', 'headteacher', 'local_authority_officer']],
  ])('%s', (_label, s, expected) => {
    expect(boardMeetingInvitees(s)).toEqual(expected)
  })
})

describe('DOMAIN.md EX-11, EX-12: the board’s decision', () => {
  const mustMeet = boardReviewFor({ category: 'PERM', daysInTerm: 0, missesPublicExam: false })
  const upToFive = boardReviewFor({ category: 'SUSP', daysInTerm: 3, missesPublicExam: false })
  const decision = (over: Partial<BoardDecisionInput> = {}): BoardDecisionInput => ({
    exclusion: { category: 'PERM', startDate: '2026-03-02' },
    review: mustMeet,
    existingDecision: null,
    outcome: 'uphold',
    decidedOn: '2026-03-16',
    reinstatementPractical: true,
    ...over,
  })

  it('gives the parents 15 school days from notice of a decision not to reinstate to ask for an independent review', () => {
    expect(checkBoardDecision(cal, decision({ noticeGivenOn: '2026-03-17' }))).toEqual({
      allowed: true,
      recordedAs: 'upheld',
      independentReview: { dueBy: '2026-04-21', provisional: false }, // across the Easter holiday
    })
  })

  it('has no independent review after reinstatement', () => {
    expect(checkBoardDecision(cal, decision({ outcome: 'reinstate' }))).toEqual({
      allowed: true,
      recordedAs: 'reinstated',
      independentReview: null,
    })
  })

  it('records that the board would have reinstated when it is no longer practical', () => {
    const result = checkBoardDecision(
      cal,
      decision({
        exclusion: { category: 'SUSP', startDate: '2026-03-02' },
        review: boardReviewFor({ category: 'SUSP', daysInTerm: 16, missesPublicExam: false }),
        outcome: 'reinstate',
        reinstatementPractical: false,
      }),
    )
    expect(result).toEqual({ allowed: true, recordedAs: 'would_have_reinstated', independentReview: null })
  })

  it.each([
    [
      'a second decision for the same exclusion',
      decision({ existingDecision: 'upheld' }),
      'The governing board’s decision on this exclusion has already been recorded',
    ],
    [
      'a decision on a cancelled exclusion',
      decision({ exclusion: { category: 'PERM', startDate: '2026-03-02', cancelled: true } }),
      'This exclusion was cancelled, so there is no decision for the governing board to make',
    ],
    [
      'reinstatement after 5 days or fewer in the term',
      decision({
        exclusion: { category: 'SUSP', startDate: '2026-03-02' },
        review: upToFive,
        outcome: 'reinstate',
      }),
      'The governing board cannot reinstate a pupil suspended for 5 school days or fewer in a term. It must consider what the parents say and may add its view to the pupil’s record',
    ],
    [
      'a decision dated before the exclusion',
      decision({ decidedOn: '2026-02-27' }),
      'The date of the decision must be on or after the exclusion started on 2 March 2026',
    ],
  ])('refuses %s', (_label, input, message) => {
    const result = checkBoardDecision(cal, input)
    expect(result.allowed).toBe(false)
    if (!result.allowed) expect(result.reasons.map((r) => r.message)).toEqual([message])
  })
})

describe('DOMAIN.md EX-19: cancellation', () => {
  const input = {
    exclusion: { startDate: '2026-03-02' },
    boardDecision: null,
    cancelledOn: '2026-03-03',
    reason: 'New evidence',
  }

  it('tells parents, board, local authority, social worker and Virtual School Head, on the day', () => {
    const result = checkCancellation(cla, input)
    expect(result).toEqual({
      allowed: true,
      notices: [
        { kind: 'notify_parent', dueBy: '2026-03-03', provisional: false },
        { kind: 'notify_governing_board', dueBy: '2026-03-03', provisional: false },
        { kind: 'notify_local_authority', dueBy: '2026-03-03', provisional: false },
        { kind: 'notify_social_worker', dueBy: '2026-03-03', provisional: false },
        { kind: 'notify_virtual_school_head', dueBy: '2026-03-03', provisional: false },
      ],
    })
  })

  it('tells only parents, board and local authority for a pupil with no social worker', () => {
    const result = checkCancellation(plain, input)
    expect(result.allowed && result.notices.map((n) => n.kind)).toEqual([
      'notify_parent',
      'notify_governing_board',
      'notify_local_authority',
    ])
  })

  it.each([
    ['after the board has decided', { ...input, boardDecision: 'upheld' as const }, 'cancelledOn'],
    ['twice', { ...input, exclusion: { startDate: '2026-03-02', cancelled: true } }, 'cancelledOn'],
    ['without a reason', { ...input, reason: '  ' }, 'reason'],
  ])('refuses a cancellation %s', (_label, bad, field) => {
    const result = checkCancellation(plain, bad)
    expect(result.allowed).toBe(false)
    if (!result.allowed) expect(result.reasons.map((r) => r.field)).toEqual([field])
  })
})

describe('DOMAIN.md EX-12: independentReviewDueBy', () => {
  it('counts 15 school days after the notice', () => {
    expect(independentReviewDueBy(cal, '2025-10-20')).toEqual({ dueBy: '2025-11-17', provisional: false })
  })
})
