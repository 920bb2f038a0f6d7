import { describe, expect, it } from 'vitest'
import {
  clashingAppointment,
  clashMessage,
  designatedTeacherFlags,
  roleGaps,
  SINGLE_HOLDER_ROLES,
  type Appointment,
  type DesignatedRole,
} from './roles.js'
import { referenceDay, registerWindow } from './school-year.js'

let n = 0
function an(
  role: DesignatedRole,
  startDate: string,
  endDate: string | null = null,
  over: Partial<Appointment> = {},
) {
  return {
    id: `a${++n}`,
    role,
    personName: `Person ${n}`,
    userId: null,
    startDate,
    endDate,
    hasQts: true,
    inductionCompleted: true,
    onLeadershipTeam: true,
    ...over,
  } satisfies Appointment
}

const YEAR = { from: '2026-09-01', to: '2027-07-31' }
/** Every single-holder role but `role` held all year, so the test looks at one role's gaps. */
const othersHeld = (role: DesignatedRole) =>
  SINGLE_HOLDER_ROLES.filter((r) => r !== role).map((r) => an(r, '2020-01-01'))

describe('gaps in the designated roles (DOMAIN.md POL-1, DT-2)', () => {
  it('finds none when every single-holder role is held all year', () => {
    expect(
      roleGaps(
        SINGLE_HOLDER_ROLES.map((r) => an(r, '2025-09-01')),
        YEAR,
        '2026-11-23',
      ),
    ).toEqual([])
  })

  it('names a role nobody holds from the first day of the year', () => {
    const gaps = roleGaps(othersHeld('designated_teacher'), YEAR, '2026-11-23')
    expect(gaps).toEqual([
      {
        role: 'designated_teacher',
        from: '2026-09-01',
        to: '2027-07-31',
        message: 'No designated teacher from 1 September 2026',
      },
    ])
  })

  it('does not ask for a deputy DSL: a school may have none, or several', () => {
    const gaps = roleGaps(othersHeld('deputy_dsl'), YEAR, '2026-11-23')
    expect(gaps).toEqual([])
  })

  it.each<[string, Appointment[], string, Array<[string, string, string]>]>([
    [
      'a DT who leaves at Christmas, with nobody after',
      [an('designated_teacher', '2024-09-01', '2026-12-31')],
      '2026-11-23',
      [['2027-01-01', '2027-07-31', 'No designated teacher from 1 January 2027']],
    ],
    [
      'a DT appointed late, told in the past once over',
      [an('designated_teacher', '2026-10-15')],
      '2026-11-23',
      [
        [
          '2026-09-01',
          '2026-10-14',
          'There was no designated teacher from 1 September 2026 to 14 October 2026',
        ],
      ],
    ],
    [
      'a gap between two DTs that has not ended yet',
      [an('designated_teacher', '2025-09-01', '2026-10-31'), an('designated_teacher', '2027-01-04')],
      '2026-11-23',
      [['2026-11-01', '2027-01-03', 'No designated teacher from 1 November 2026 to 3 January 2027']],
    ],
    [
      'back-to-back DTs: no gap',
      [an('designated_teacher', '2025-09-01', '2026-12-31'), an('designated_teacher', '2027-01-01')],
      '2026-11-23',
      [],
    ],
    [
      'an appointment inside another does not hide a later gap',
      [
        an('designated_teacher', '2025-09-01', '2027-03-31'),
        an('designated_teacher', '2026-10-01', '2026-10-31'),
      ],
      '2026-11-23',
      [['2027-04-01', '2027-07-31', 'No designated teacher from 1 April 2027']],
    ],
    [
      'appointments wholly outside the year do not count',
      [an('designated_teacher', '2020-09-01', '2026-08-31'), an('designated_teacher', '2027-08-01')],
      '2026-11-23',
      [['2026-09-01', '2027-07-31', 'No designated teacher from 1 September 2026']],
    ],
  ])('%s', (_, dts, today, expected) => {
    const gaps = roleGaps([...othersHeld('designated_teacher'), ...dts], YEAR, today)
    expect(gaps.map((g) => [g.from, g.to, g.message])).toEqual(expected)
  })
})

describe('overlapping appointments to a single-holder role (POL-1)', () => {
  const current = an('dsl', '2025-09-01', null, { personName: 'Dana Lead' })

  it.each<[string, { role: DesignatedRole; startDate: string; endDate: string | null }, boolean]>([
    [
      'a second DSL while the first has no end date',
      { role: 'dsl', startDate: '2026-09-01', endDate: null },
      true,
    ],
    [
      'a DSL whose dates end before the first starts',
      { role: 'dsl', startDate: '2024-09-01', endDate: '2025-08-31' },
      false,
    ],
    [
      'a DSL starting on the first’s start day',
      { role: 'dsl', startDate: '2025-09-01', endDate: '2025-09-01' },
      true,
    ],
    ['a deputy DSL alongside the DSL', { role: 'deputy_dsl', startDate: '2026-09-01', endDate: null }, false],
    ['another role', { role: 'senco', startDate: '2026-09-01', endDate: null }, false],
  ])('%s: clash %s', (_, proposed, clashes) => {
    expect(clashingAppointment([current], proposed) !== null).toBe(clashes)
  })

  it('lets several deputies overlap', () => {
    const deputy = an('deputy_dsl', '2025-09-01')
    expect(
      clashingAppointment([deputy], { role: 'deputy_dsl', startDate: '2026-01-01', endDate: null }),
    ).toBeNull()
  })

  it('does not count an appointment as clashing with itself when its dates are corrected', () => {
    expect(clashingAppointment([current], { ...current, startDate: '2025-08-01' })).toBeNull()
  })

  it('says who holds the role, and how to fix it', () => {
    expect(clashMessage(current, '2026-09-01')).toBe(
      'Dana Lead is already the designated safeguarding lead from 1 September 2025 with no end date. Only one person can hold this role at a time. End their appointment on or before 31 August 2026 first, or choose another start date',
    )
    const later = an('dsl', '2027-01-01', '2027-07-31', { personName: 'Lee Later' })
    expect(clashMessage(later, '2026-09-01')).toBe(
      'Lee Later is already the designated safeguarding lead from 1 January 2027 to 31 July 2027. Only one person can hold this role at a time. Choose dates that do not overlap theirs',
    )
  })
})

describe('the designated teacher’s standing (DT-1, POL-2)', () => {
  it('flags nothing for a DT with QTS, induction done, on the leadership team', () => {
    expect(designatedTeacherFlags(an('designated_teacher', '2025-09-01'))).toEqual([])
  })

  it.each<[string, Partial<Appointment>, Array<[string, RegExp]>]>([
    ['no QTS', { hasQts: false }, [['DT-1', /does not have qualified teacher status/]]],
    ['induction not completed', { inductionCompleted: false }, [['DT-1', /has not completed induction/]]],
    ['not on the leadership team', { onLeadershipTeam: false }, [['POL-2', /not on the leadership team/]]],
    [
      'nothing recorded',
      { hasQts: null, inductionCompleted: null, onLeadershipTeam: null },
      [
        ['DT-1', /qualified teacher status is not recorded/],
        ['DT-1', /completed induction is not recorded/],
        ['POL-2', /leadership team is not recorded/],
      ],
    ],
  ])('flags %s', (_, over, expected) => {
    const flags = designatedTeacherFlags(an('designated_teacher', '2025-09-01', null, over))
    expect(flags.map((f) => f.rule)).toEqual(expected.map(([rule]) => rule))
    flags.forEach((f, i) => expect(f.message).toMatch(expected[i]![1]))
  })

  it('asks nothing of other roles', () => {
    expect(designatedTeacherFlags(an('dsl', '2025-09-01', null, { hasQts: false }))).toEqual([])
  })
})

describe('the school year a register covers (CAL-6, PD-18)', () => {
  it('runs from the first term’s start to the last term’s end of the school’s calendar', () => {
    const terms = [
      { name: 'autumn' as const, start: '2026-09-03', end: '2026-12-18' },
      { name: 'spring' as const, start: '2027-01-05', end: '2027-03-26' },
      { name: 'summer' as const, start: '2027-04-12', end: '2027-07-21' },
      { name: 'autumn' as const, start: '2025-09-04', end: '2025-12-19' },
    ]
    expect(registerWindow(2026, terms)).toEqual({ from: '2026-09-03', to: '2027-07-21', calendarSet: true })
  })

  it('uses 1 September to 31 July until the school sets its calendar', () => {
    expect(registerWindow(2026, [])).toEqual({ from: '2026-09-01', to: '2027-07-31', calendarSet: false })
  })

  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-08-10', '2026-09-01'],
    ['2027-08-10', '2027-07-31'],
  ])('judges the holders on the day %s as of %s', (today, expected) => {
    expect(referenceDay(YEAR, today)).toBe(expected)
  })
})
