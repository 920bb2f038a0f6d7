import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../calendar/bank-holidays.js'
import type { SchoolCalendar } from '../calendar/school-calendar.js'
import { bankHolidaysFrom } from '../calendar/working-days.js'
import { statusOn, type EpisodeFacts } from '../cohort/status.js'
import {
  checkSuspension,
  type ProposedSuspension,
  type SuspensionCheck,
  type SuspensionCheckInput,
} from './check-suspension.js'
import type { RecordedSuspension } from './days.js'
import type { ObligationKind } from './obligations.js'

function week(monday: string): string[] {
  const d = Number(monday.slice(8))
  return [0, 1, 2, 3, 4].map((i) => `${monday.slice(0, 8)}${String(d + i).padStart(2, '0')}`)
}

// 2025-26 with half-terms entered as closures; the early May bank holiday (4 May 2026) falls in term.
const cal: SchoolCalendar = {
  terms: [
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-21' },
  ],
  closures: new Set([...week('2025-10-27'), ...week('2026-02-16'), ...week('2026-05-25')]),
  bankHolidays: bankHolidaysFrom(ENGLAND_AND_WALES_BANK_HOLIDAYS),
}

const START = '2026-03-02' // a Monday in the spring term
const status = (...episodes: EpisodeFacts[]) => statusOn(episodes, START)
const plain = status()
const childInNeed = status({ type: 'CIN', startDate: '2025-06-01', endDate: null })
const cla = status({
  type: 'CLA',
  startDate: '2025-01-01',
  endDate: null,
  legalStatus: 'C2',
  responsibleLaCode: '919',
})
const pla = status({ type: 'PLA', startDate: '2020-01-01', endDate: null, route: 'adoption' })

const consultation = {
  date: '2026-02-27',
  with: 'Sam Patel, Virtual School adviser',
  advice: 'Try a reduced timetable',
}

const susp = (
  startDate: string,
  days: number,
  extra: Partial<RecordedSuspension> = {},
): RecordedSuspension => ({
  category: 'SUSP',
  startDate,
  days,
  ...extra,
})

function check(
  proposed: Partial<ProposedSuspension> = {},
  input: Partial<Omit<SuspensionCheckInput, 'proposed'>> = {},
): SuspensionCheck {
  return checkSuspension({
    status: plain,
    calendar: cal,
    otherSuspensions: [],
    riskAssessmentOpen: false,
    ...input,
    proposed: { category: 'SUSP', startDate: START, days: 3, reasons: ['VA'], ...proposed },
  })
}

function allowed(result: SuspensionCheck) {
  if (!result.allowed) throw new Error(`Refused: ${JSON.stringify(result.reasons)}`)
  return result
}

function refusals(result: SuspensionCheck): Array<{ field: string; message: string }> {
  if (result.allowed) throw new Error('Expected a refusal')
  return result.reasons
}

const kinds = (result: SuspensionCheck): ObligationKind[] => allowed(result).obligations.map((o) => o.kind)
const dueBy = (result: SuspensionCheck, kind: ObligationKind): string | undefined =>
  allowed(result).obligations.find((o) => o.kind === kind)?.dueBy

describe('DOMAIN.md EX-9, PD-15, PD-17: obligations by the pupil’s status', () => {
  it('gives a plain pupil’s 3-day suspension the three notices, all due on the start date', () => {
    expect(allowed(check()).obligations).toEqual([
      { kind: 'notify_parent', dueBy: START, provisional: false },
      { kind: 'notify_governing_board', dueBy: START, provisional: false },
      { kind: 'notify_local_authority', dueBy: START, provisional: false },
    ])
  })

  it.each([
    ['a child in need', childInNeed, {}, ['notify_social_worker']],
    [
      'a looked after child with the Virtual School consulted',
      cla,
      { vsConsultation: consultation },
      ['notify_social_worker', 'notify_virtual_school_head'],
    ],
    [
      'a previously looked after child after talking to the parents',
      pla,
      { parentConversation: { date: '2026-02-27' } },
      [],
    ],
  ] as const)('adds notices for %s', (_label, s, proposed, extra) => {
    expect(kinds(check(proposed, { status: s }))).toEqual([
      'notify_parent',
      'notify_governing_board',
      'notify_local_authority',
      ...extra,
    ])
  })
})

describe('DOMAIN.md PD-7, PD-17: the CLA and PLA gates', () => {
  it('refuses a looked after child with neither a consultation nor an override reason', () => {
    expect(refusals(check({}, { status: cla }))).toEqual([
      {
        field: 'vsConsultation',
        message:
          'This pupil is looked after. Record when you consulted the Virtual School and what they advised, or give a reason for going ahead without consulting them',
      },
    ])
  })

  it('allows a looked after child with an override reason, and says it will be shown', () => {
    const result = allowed(check({ overrideReason: 'Serious assault; adviser unreachable' }, { status: cla }))
    expect(result.overridden).toBe('virtual_school_consultation')
    expect(result.warnings.map((w) => w.code)).toContain('override_used')
  })

  it('allows a looked after child after a consultation, with no override', () => {
    const result = allowed(check({ vsConsultation: consultation }, { status: cla }))
    expect(result.overridden).toBeNull()
    expect(result.warnings.map((w) => w.code)).not.toContain('override_used')
  })

  it.each([
    [
      'dated after the start',
      { ...consultation, date: '2026-03-03' },
      'vsConsultation.date',
      'You must speak to the Virtual School on or before the start date, 2 March 2026',
    ],
    [
      'not a real date',
      { ...consultation, date: '2026-02-30' },
      'vsConsultation.date',
      'Enter the date you spoke to the Virtual School',
    ],
    [
      'with no one named',
      { ...consultation, with: ' ' },
      'vsConsultation.with',
      'Enter who you spoke to at the Virtual School',
    ],
  ])('refuses a consultation %s', (_label, vsConsultation, field, message) => {
    expect(refusals(check({ vsConsultation }, { status: cla }))).toEqual([{ field, message }])
  })

  it('accepts a consultation on the start date itself', () => {
    expect(check({ vsConsultation: { ...consultation, date: START } }, { status: cla }).allowed).toBe(true)
  })

  it('refuses a previously looked after child with no conversation and no override', () => {
    expect(refusals(check({}, { status: pla })).map((r) => r.field)).toEqual(['parentConversation'])
  })

  it('allows a previously looked after child with an override, and refuses a conversation after the start', () => {
    expect(allowed(check({ overrideReason: 'Parents abroad' }, { status: pla })).overridden).toBe(
      'parent_conversation',
    )
    expect(
      refusals(check({ parentConversation: { date: '2026-03-03' } }, { status: pla })).map((r) => r.field),
    ).toEqual(['parentConversation.date'])
  })

  it('treats a blank override reason as none', () => {
    expect(check({ overrideReason: '   ' }, { status: cla }).allowed).toBe(false)
  })

  it('asks for consent before the Virtual School advises on a previously looked after child', () => {
    const result = allowed(
      check({ parentConversation: { date: '2026-02-26' }, vsConsultation: consultation }, { status: pla }),
    )
    expect(result.warnings.map((w) => w.code)).toContain('pla_virtual_school_consent')
  })

  it('needs no gate for a plain pupil or a child in need', () => {
    expect(check({}, { status: plain }).allowed).toBe(true)
    expect(check({}, { status: childInNeed }).allowed).toBe(true)
  })
})

describe('DOMAIN.md EX-5, PD-17: day-6 provision', () => {
  it('puts a six-day suspension’s day-6 obligation on the sixth school day', () => {
    expect(dueBy(check({ days: 6 }), 'arrange_day6_provision')).toBe('2026-03-09')
  })

  it('has no day-6 obligation for 5 days', () => {
    expect(kinds(check({ days: 5 }))).not.toContain('arrange_day6_provision')
  })

  it('counts back-to-back suspensions', () => {
    const result = check({ days: 3 }, { otherSuspensions: [susp('2026-02-25', 3)] })
    expect(dueBy(result, 'arrange_day6_provision')).toBe('2026-03-04')
  })

  it('applies the Year 11 exception and says so', () => {
    const result = allowed(check({ days: 6, day6Exception: 'year_11_exams_over' }))
    expect(result.obligations.map((o) => o.kind)).not.toContain('arrange_day6_provision')
    expect(result.warnings.map((w) => w.code)).toContain('day6_not_required')
  })

  it('keeps the obligation when the pupil’s plan sets fewer hours', () => {
    const result = allowed(check({ days: 6, day6Exception: 'plan_specifies_fewer_hours' }))
    expect(dueBy(result, 'arrange_day6_provision')).toBe('2026-03-09')
    expect(result.warnings.map((w) => w.code)).toContain('day6_fewer_hours')
  })

  it('warns of a Virtual School’s day-one expectation for a looked after child (EX-8)', () => {
    const result = allowed(
      check({ vsConsultation: consultation }, { status: cla, settings: { claDayOneProvision: true } }),
    )
    expect(result.warnings.map((w) => w.code)).toContain('cla_day_one_provision')
    expect(
      allowed(check({ vsConsultation: consultation }, { status: cla })).warnings.map((w) => w.code),
    ).not.toContain('cla_day_one_provision')
  })
})

describe('DOMAIN.md EX-10, EX-13: the governing board by days in the term', () => {
  // Earlier in the spring term: a suspension from Monday 12 January of the days given.
  it.each([
    [2, 'exactly 5', null, null],
    [2.5, '5.5', 'governing_board_meet_if_requested', '2026-06-02'],
    [12, 'exactly 15', 'governing_board_meet_if_requested', '2026-06-02'],
    [12.5, '15.5', 'governing_board_must_meet', '2026-03-23'],
  ] as const)('%s days earlier + 3 now = %s days in the term', (earlier, _total, kind, due) => {
    const result = check({ days: 3 }, { otherSuspensions: [susp('2026-01-12', earlier)] })
    const board = allowed(result).obligations.filter((o) => o.kind.startsWith('governing_board_'))
    expect(board).toEqual(kind === null ? [] : [{ kind, dueBy: due, provisional: false }])
  })

  it('does not count a cancelled suspension (EX-19)', () => {
    const cancelled = check({ days: 3 }, { otherSuspensions: [susp('2026-01-12', 3, { cancelled: true })] })
    const counted = check({ days: 3 }, { otherSuspensions: [susp('2026-01-12', 3)] })
    expect(allowed(cancelled).boardReview.requirement).toBe('consider_representations')
    expect(allowed(counted).boardReview.requirement).toBe('meet_if_requested')
  })

  it('does not count days from another term', () => {
    const result = check({ days: 3 }, { otherSuspensions: [susp('2025-11-03', 10)] })
    expect(allowed(result).boardReview.requirement).toBe('consider_representations')
  })

  it('counts each day of a suspension across Christmas in its own term', () => {
    // 12 days in the spring term already; 4 days from Thursday 18 December: 2 in autumn, 2 in spring = 14.
    const result = allowed(
      check({ startDate: '2025-12-18', days: 4 }, { otherSuspensions: [susp('2026-01-12', 12)] }),
    )
    expect(result.schoolDays.map((d) => [d.date, d.term])).toEqual([
      ['2025-12-18', 'autumn'],
      ['2025-12-19', 'autumn'],
      ['2026-01-05', 'spring'],
      ['2026-01-06', 'spring'],
    ])
    expect(result.boardReview.requirement).toBe('meet_if_requested')
  })

  it('makes the board meet within 15 school days when the pupil would miss a public exam', () => {
    const result = allowed(check({ days: 1, publicExamMissed: '2026-03-02' }))
    expect(dueBy(result, 'governing_board_must_meet')).toBe('2026-03-23')
    expect(result.warnings.find((w) => w.code === 'public_exam')?.message).toContain(
      'before the exam on 2 March 2026',
    )
  })

  it('counts a lunchtime as half a day towards the term (EX-2)', () => {
    const result = check(
      { category: 'LNCH', days: 0.5, lunchtime: true },
      { otherSuspensions: [susp('2026-01-12', 5)] },
    )
    expect(allowed(result).boardReview.requirement).toBe('meet_if_requested')
  })
})

describe('DOMAIN.md EX-1, EX-2: 45 school days in a school year', () => {
  // 14 school days in each term: autumn from 8 September, spring from 12 January, summer from 20 April.
  const fortyTwo = [susp('2025-09-08', 14), susp('2026-01-12', 14), susp('2026-04-20', 14)]

  it('allows exactly 45 and says the limit is reached', () => {
    const result = allowed(check({ startDate: '2026-06-08', days: 3 }, { otherSuspensions: fortyTwo }))
    expect(result.totals).toEqual({ schoolYear: 2025, daysThisYear: 45, remaining: 0 })
    expect(result.warnings.map((w) => w.code)).toContain('year_limit_reached')
  })

  it('refuses 45.5', () => {
    expect(refusals(check({ startDate: '2026-06-08', days: 3.5 }, { otherSuspensions: fortyTwo }))).toEqual([
      {
        field: 'days',
        message:
          'This would bring the pupil’s suspensions in the 2025 to 2026 school year to 45.5 school days. The legal limit is 45, so 3 days are left',
      },
    ])
  })

  it('refuses a lunchtime once 45 days are used', () => {
    const full = [...fortyTwo, susp('2026-06-08', 3)]
    const result = check({ category: 'LNCH', startDate: '2026-06-15', days: 0.5 }, { otherSuspensions: full })
    expect(refusals(result)[0]?.message).toBe(
      'This pupil has already been suspended for 45 school days in the 2025 to 2026 school year, the legal limit. The school must use other ways to support them',
    )
  })

  it('allows a lunchtime at 44.5 days', () => {
    const result = check(
      { category: 'LNCH', startDate: '2026-06-15', days: 0.5 },
      { otherSuspensions: [...fortyTwo, susp('2026-06-08', 2.5)] },
    )
    expect(allowed(result).totals.daysThisYear).toBe(45)
  })

  it('does not count last school year’s suspensions or cancelled ones', () => {
    const result = check(
      { startDate: '2026-06-08', days: 3 },
      { otherSuspensions: [...fortyTwo, susp('2025-06-02', 5), susp('2026-05-11', 5, { cancelled: true })] },
    )
    expect(allowed(result).totals.daysThisYear).toBe(45)
  })

  it('counts each day in its own school year when a suspension runs over the summer holiday', () => {
    const withNextYear = {
      ...cal,
      terms: [...cal.terms, { name: 'autumn' as const, start: '2026-09-02', end: '2026-12-18' }],
    }
    // Monday 20 and Tuesday 21 July 2026, then Wednesday 2 September: 2 days in 2025-26, 1 in 2026-27.
    const at43 = check(
      { startDate: '2026-07-20', days: 3 },
      { calendar: withNextYear, daysAtOtherSchoolsThisYear: 43 },
    )
    expect(allowed(at43).totals).toEqual({ schoolYear: 2025, daysThisYear: 45, remaining: 0 })
    expect(allowed(at43).schoolDays.map((d) => d.schoolYear)).toEqual([2025, 2025, 2026])
    const at44 = check(
      { startDate: '2026-07-20', days: 3 },
      { calendar: withNextYear, daysAtOtherSchoolsThisYear: 44 },
    )
    expect(refusals(at44).map((r) => r.field)).toEqual(['days'])
  })

  it('counts days at another school this school year (the 45 is not reset)', () => {
    expect(check({ days: 2 }, { daysAtOtherSchoolsThisYear: 44 }).allowed).toBe(false)
    expect(allowed(check({ days: 1 }, { daysAtOtherSchoolsThisYear: 44 })).totals.remaining).toBe(0)
  })
})

describe('DOMAIN.md PD-17: start date, days and lunchtimes', () => {
  const noCalendar =
    'Your school’s term dates have not been set, so school days cannot be counted. Ask an administrator to set the school calendar, then record the suspension'

  it.each([
    [
      'a Saturday',
      '2026-03-07',
      'The start date must be a day the school is open. 7 March 2026 is not a school day',
    ],
    [
      'a half-term closure',
      '2026-02-17',
      'The start date must be a day the school is open. 17 February 2026 is not a school day',
    ],
    [
      'the May bank holiday',
      '2026-05-04',
      'The start date must be a day the school is open. 4 May 2026 is not a school day',
    ],
    [
      'the Easter holidays',
      '2026-04-07',
      'The start date must be a day the school is open. 7 April 2026 is not a school day',
    ],
    ['not a real date', '2026-02-30', 'Enter a real start date, like 3 March 2026'],
  ])('refuses a start on %s', (_label, startDate, message) => {
    expect(refusals(check({ startDate }))).toEqual([{ field: 'startDate', message }])
  })

  it.each([
    ['no calendar at all', null],
    ['a calendar with no terms', { terms: [], closures: new Set<string>(), bankHolidays: cal.bankHolidays }],
  ])('refuses with %s, saying the school must set its calendar', (_label, calendar) => {
    expect(refusals(check({}, { calendar }))).toEqual([{ field: 'startDate', message: noCalendar }])
  })

  it.each([
    [{ days: 0 }, 'days', 'Enter the number of school days as a whole or half number, like 3 or 2.5'],
    [{ days: -2 }, 'days', 'Enter the number of school days as a whole or half number, like 3 or 2.5'],
    [{ days: 1.25 }, 'days', 'Enter the number of school days as a whole or half number, like 3 or 2.5'],
    [{ days: undefined }, 'days', 'Enter how many school days the suspension is for'],
    [
      { days: 0.5 },
      'days',
      'Half a school day can only be a lunchtime suspension. Choose lunchtime, or enter 1 day or more',
    ],
    [{ days: 1, lunchtime: true }, 'days', 'A lunchtime suspension counts as half a school day. Enter 0.5'],
    [
      { category: 'LNCH' as const, days: 2 },
      'days',
      'A lunchtime suspension counts as half a school day. Enter 0.5',
    ],
    [
      { category: 'PERM' as const, lunchtime: true },
      'lunchtime',
      'A permanent exclusion cannot be a lunchtime suspension',
    ],
  ])('refuses %j', (proposed, field, message) => {
    expect(refusals(check(proposed))).toEqual([{ field, message }])
  })

  it.each([
    [{ days: 0.5, lunchtime: true }],
    [{ category: 'LNCH' as const, days: 0.5 }],
    [{ category: 'LNCH' as const, days: undefined }],
  ])('records %j as a lunchtime of half a day', (proposed) => {
    const result = allowed(check(proposed))
    expect([result.category, result.lunchtime, result.days]).toEqual(['LNCH', true, 0.5])
    expect(result.schoolDays).toEqual([{ date: START, halfDays: 1, term: 'spring', schoolYear: 2025 }])
  })

  it('allows 2.5 days, the last one half a day', () => {
    const result = allowed(check({ days: 2.5 }))
    expect(result.schoolDays.map((d) => d.halfDays)).toEqual([2, 2, 1])
  })

  it('skips the half-term for a suspension that spans it', () => {
    const result = allowed(check({ startDate: '2026-02-11', days: 5 }))
    expect(result.schoolDays.map((d) => d.date)).toEqual([
      '2026-02-11',
      '2026-02-12',
      '2026-02-13',
      '2026-02-23',
      '2026-02-24',
    ])
    expect(result.totals.daysThisYear).toBe(5)
  })

  it('refuses a suspension on days the pupil is already suspended', () => {
    expect(refusals(check({ days: 3 }, { otherSuspensions: [susp('2026-03-04', 2)] }))).toEqual([
      { field: 'startDate', message: 'This pupil already has a suspension on 4 March 2026. Check the dates' },
    ])
  })

  it('allows it once the earlier suspension is cancelled', () => {
    expect(
      check({ days: 3 }, { otherSuspensions: [susp('2026-03-04', 2, { cancelled: true })] }).allowed,
    ).toBe(true)
  })
})

describe('DOMAIN.md EX-16, EX-17: reasons', () => {
  it.each([
    [[], 'reasons', 'Choose at least one reason'],
    [['VA', 'PP', 'DB', 'TH'], 'reasons', 'Choose no more than 3 reasons'],
    [['ZZ'], 'reasons.0', '‘ZZ’ is not a reason code. Choose one from the list'],
  ])('refuses %j', (reasons, field, message) => {
    expect(refusals(check({ reasons }))).toEqual([{ field, message }])
  })

  it('returns the code rows with their table version (PD-8)', () => {
    const result = allowed(check({ reasons: ['va', 'DB'] }))
    expect(result.reasonCodes.map((r) => [r.code, r.tableVersion])).toEqual([
      ['VA', 'A'],
      ['DB', 'A'],
    ])
  })

  it('lists every problem at once', () => {
    const result = check({ reasons: [], days: 0.3 }, { status: cla })
    expect(refusals(result).map((r) => r.field)).toEqual(['days', 'reasons', 'vsConsultation'])
  })
})

describe('DOMAIN.md PD-7, PD-17: the risk assessment', () => {
  // [label, due, other suspensions, a risk assessment is open, settings]
  it.each([
    ['the first suspension of the year', null, [], false, {}],
    ['the second', '2026-03-16', [susp('2025-11-03', 1)], false, {}],
    ['the third, with none open', '2026-03-16', [susp('2025-11-03', 1), susp('2026-01-12', 1)], false, {}],
    ['the second, while one is open', null, [susp('2025-11-03', 1)], true, {}],
    [
      'the second when the first was cancelled',
      null,
      [susp('2025-11-03', 1, { cancelled: true })],
      false,
      {},
    ],
    ['the second when the first was last school year', null, [susp('2025-06-02', 1)], false, {}],
    [
      'the second after a lunchtime',
      '2026-03-16',
      [susp('2025-11-03', 0.5, { category: 'LNCH' })],
      false,
      {},
    ],
    [
      'the second, set by the school to the third',
      null,
      [susp('2025-11-03', 1)],
      false,
      { riskAssessmentFromSuspension: 3 },
    ],
  ] as const)('%s → risk assessment due %s', (_label, due, others, open, settings) => {
    const result = check({}, { otherSuspensions: others, riskAssessmentOpen: open, settings })
    expect(dueBy(result, 'risk_assessment') ?? null).toBe(due)
  })
})

describe('DOMAIN.md EX-5, EX-9, EX-10: a permanent exclusion', () => {
  it('creates the notices, the local authority’s day-6 provision and the board meeting', () => {
    const result = allowed(
      check(
        { category: 'PERM', days: undefined, vsConsultation: consultation },
        { status: cla, otherSuspensions: [susp('2025-11-03', 1)] },
      ),
    )
    expect(result.obligations).toEqual([
      { kind: 'notify_parent', dueBy: START, provisional: false },
      { kind: 'notify_governing_board', dueBy: START, provisional: false },
      { kind: 'notify_local_authority', dueBy: START, provisional: false },
      { kind: 'notify_social_worker', dueBy: START, provisional: false },
      { kind: 'notify_virtual_school_head', dueBy: START, provisional: false },
      { kind: 'arrange_day6_provision', dueBy: '2026-03-09', provisional: false },
      { kind: 'governing_board_must_meet', dueBy: '2026-03-23', provisional: false },
    ])
    expect(result.day6Provision?.arranger).toBe('local_authority')
    expect(result.days).toBe(0)
    expect(result.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['home_local_authority', 'consider_interim_pep_review']),
    )
  })

  it('needs the Virtual School consultation for a looked after child too', () => {
    expect(refusals(check({ category: 'PERM' }, { status: cla })).map((r) => r.field)).toEqual([
      'vsConsultation',
    ])
  })
})

describe('other warnings', () => {
  it('prompts an interim PEP review for a looked after child, not for others (PEP-8)', () => {
    const code = 'consider_interim_pep_review'
    expect(
      allowed(check({ vsConsultation: consultation }, { status: cla })).warnings.map((w) => w.code),
    ).toContain(code)
    expect(allowed(check({}, { status: childInNeed })).warnings.map((w) => w.code)).not.toContain(code)
  })

  it('reminds that suspension is a last resort for a pupil with SEN (POL-23)', () => {
    expect(allowed(check({}, { senProvision: 'E' })).warnings.map((w) => w.code)).toContain('sen_last_resort')
    expect(allowed(check({}, { senProvision: 'N' })).warnings.map((w) => w.code)).not.toContain(
      'sen_last_resort',
    )
  })

  it('estimates dates past the end of the calendar and says so', () => {
    const result = allowed(check({ startDate: '2026-07-20', days: 6 }))
    expect(result.schoolDays.map((d) => d.date)).toEqual(['2026-07-20', '2026-07-21'])
    expect(result.obligations.find((o) => o.kind === 'arrange_day6_provision')?.provisional).toBe(true)
    expect(result.warnings.map((w) => w.code)).toContain('calendar_ends')
  })
})
