import { describe, expect, it } from 'vitest'
import {
  governanceSummaryOf,
  isHolder,
  trainingCompliance,
  type ComplianceInput,
  type SessionFacts,
} from './compliance.js'
import { SINGLE_HOLDER_ROLES, type Appointment, type DesignatedRole } from './roles.js'
import type { TrainingKind } from './training.js'

let n = 0
function an(
  role: DesignatedRole,
  personName: string,
  startDate = '2024-09-01',
  over: Partial<Appointment> = {},
) {
  return {
    id: `a${++n}`,
    role,
    personName,
    userId: null,
    startDate,
    endDate: null,
    hasQts: true,
    inductionCompleted: true,
    onLeadershipTeam: true,
    ...over,
  } satisfies Appointment
}

function aSession(
  kind: TrainingKind,
  heldOn: string,
  days: number,
  who: string[],
  wholeStaff = false,
): SessionFacts {
  return {
    id: `s${++n}`,
    kind,
    heldOn,
    days,
    wholeStaff,
    attendees: who.map((personName) => ({ personName, userId: null, appointmentId: null })),
  }
}

const dt = an('designated_teacher', 'Dee Teacher')
const dsl = an('dsl', 'Dana Lead')
const window = { from: '2026-09-03', to: '2027-07-21' }
const base = (over: Partial<ComplianceInput>): ComplianceInput => ({
  schoolYear: 2026,
  appointments: [dt, dsl],
  sessions: [],
  window,
  today: '2026-11-23',
  ...over,
})
const item = (input: ComplianceInput, requirement: string) =>
  trainingCompliance(input).filter((i) => i.requirement === requirement)

describe('the designated teacher’s training days (POL-3, DT-3)', () => {
  it.each<[string, SessionFacts[], string, string]>([
    [
      'none recorded',
      [],
      'due',
      'At least 2 days’ designated teacher training this school year (none recorded yet)',
    ],
    [
      '1.5 days so far',
      [
        aSession('designated_teacher', '2026-10-01', 1, ['Dee Teacher']),
        aSession('atip', '2026-11-01', 0.5, ['dee  teacher']),
      ],
      'due',
      'At least 2 days’ designated teacher training this school year (1.5 days so far)',
    ],
    [
      '2 days, one of them in August before term (CAL-6)',
      [
        aSession('designated_teacher', '2026-08-20', 1, ['Dee Teacher']),
        aSession('designated_teacher', '2026-10-01', 1, ['Dee Teacher']),
      ],
      'done',
      'At least 2 days’ designated teacher training this school year (2 days so far)',
    ],
    [
      'last year’s days and other kinds do not count',
      [
        aSession('designated_teacher', '2026-07-15', 2, ['Dee Teacher']),
        aSession('dsl', '2026-10-01', 2, ['Dee Teacher']),
        aSession('other', '2026-10-02', 2, ['Dee Teacher']),
      ],
      'due',
      'At least 2 days’ designated teacher training this school year (none recorded yet)',
    ],
    [
      'someone else’s days do not count',
      [aSession('designated_teacher', '2026-10-01', 3, ['Someone Else'])],
      'due',
      'At least 2 days’ designated teacher training this school year (none recorded yet)',
    ],
  ])('%s', (_, sessions, status, what) => {
    const [dtItem] = item(base({ sessions }), 'dt_training')
    expect(dtItem).toMatchObject({ who: 'Dee Teacher', status, what, by: '2027-07-21', rule: 'POL-3, DT-3' })
  })

  it('is overdue once the school year is over', () => {
    const [dtItem] = item(base({ today: '2027-08-15' }), 'dt_training')
    expect(dtItem?.status).toBe('overdue')
  })

  it('asks it of the DT in post today, not of one who has left', () => {
    const left = an('designated_teacher', 'Old Teacher', '2020-09-01', { endDate: '2026-10-31' })
    const items = item(
      base({ appointments: [left, an('designated_teacher', 'New Teacher', '2026-11-01')] }),
      'dt_training',
    )
    expect(items.map((i) => i.who)).toEqual(['New Teacher'])
  })
})

describe('whole-staff attachment-aware and trauma-informed training (POL-4)', () => {
  it.each<[string, SessionFacts[], string]>([
    ['none', [], 'due'],
    ['an ATIP session for some staff only', [aSession('atip', '2026-10-01', 0.5, ['A'])], 'due'],
    ['a whole-staff session of another kind', [aSession('other', '2026-10-01', 0.5, [], true)], 'due'],
    ['a whole-staff ATIP session this year', [aSession('atip', '2026-10-01', 0.5, [], true)], 'done'],
  ])('%s: %s', (_, sessions, status) => {
    expect(item(base({ sessions }), 'atip_whole_staff')).toEqual([
      expect.objectContaining({ who: 'All staff', status, by: '2027-07-21', rule: 'POL-4' }),
    ])
  })
})

describe('the DSL’s refresher (KCSIE: every 2 years; product choice)', () => {
  it.each<[string, SessionFacts[], Partial<{ by: string; status: string }>]>([
    [
      'trained last year: not due this year',
      [aSession('dsl', '2025-09-10', 1, ['Dana Lead'])],
      { by: '2027-09-10', status: 'done' },
    ],
    [
      'trained in March 2025: due in March 2027',
      [aSession('dsl', '2025-03-03', 1, ['Dana Lead'])],
      { by: '2027-03-03', status: 'due' },
    ],
    [
      'trained in 2023: overdue',
      [aSession('dsl', '2023-06-01', 1, ['Dana Lead'])],
      { by: '2025-06-01', status: 'overdue' },
    ],
    ['never trained: due on taking up the post (POL-3)', [], { by: '2024-09-01', status: 'overdue' }],
  ])('%s', (_, sessions, expected) => {
    expect(item(base({ sessions }), 'dsl_refresher')[0]).toMatchObject({ who: 'Dana Lead', ...expected })
  })

  it('asks it of each deputy too', () => {
    const deputy = an('deputy_dsl', 'Devi Deputy')
    const items = item(base({ appointments: [dt, dsl, deputy] }), 'dsl_refresher')
    expect(items.map((i) => i.who)).toEqual(['Dana Lead', 'Devi Deputy'])
  })
})

describe('the CSW lead’s yearly training (POL-3, policy 002)', () => {
  it('is due until the CSW lead attends CSW lead training this school year', () => {
    const lead = an('csw_lead', 'Cass Lead')
    const input = base({ appointments: [lead] })
    expect(item(input, 'csw_lead_training')[0]?.status).toBe('due')
    const trained = base({
      appointments: [lead],
      sessions: [aSession('csw_lead', '2026-09-20', 0.5, ['Cass Lead'])],
    })
    expect(item(trained, 'csw_lead_training')[0]?.status).toBe('done')
  })
})

describe('who attended', () => {
  it.each<
    [
      string,
      { personName: string; userId: string | null; appointmentId: string | null },
      Partial<Appointment>,
      boolean,
    ]
  >([
    ['linked to the appointment', { personName: 'X', userId: null, appointmentId: 'a-dt' }, {}, true],
    ['the same account', { personName: 'X', userId: 'u1', appointmentId: null }, { userId: 'u1' }, true],
    [
      'another account with the same name',
      { personName: 'Dee Teacher', userId: 'u2', appointmentId: null },
      { userId: 'u1' },
      false,
    ],
    ['the same name, typed', { personName: ' dee  TEACHER', userId: null, appointmentId: null }, {}, true],
    ['another name', { personName: 'Dee Teachers', userId: null, appointmentId: null }, {}, false],
  ])('%s: %s', (_, attendee, over, expected) => {
    expect(isHolder(attendee, { ...dt, id: 'a-dt', ...over })).toBe(expected)
  })
})

describe('the summary for the report to governors (GOV-4 (8), PD-11)', () => {
  const everyRole = SINGLE_HOLDER_ROLES.filter((r) => r !== 'designated_teacher' && r !== 'dsl').map((r) =>
    an(r, `Holder of ${r}`),
  )

  it('counts roles, training and people, with no name anywhere', () => {
    const sessions = [
      aSession('designated_teacher', '2026-10-01', 2, ['Dee Teacher']),
      aSession(
        'atip',
        '2026-09-05',
        0.25,
        ['Dee Teacher', 'Amy Assistant', 'amy  assistant', 'Ben Teacher'],
        true,
      ),
      aSession('dsl', '2026-01-10', 1, ['Dana Lead']),
      aSession('csw_lead', '2026-09-20', 1, ['Holder of csw_lead']),
    ]
    const summary = governanceSummaryOf(base({ appointments: [dt, dsl, ...everyRole], sessions }))
    expect(summary).toEqual({
      schoolYear: 2026,
      singleHolderRoles: 6,
      rolesFilledAllYear: 6,
      roleGaps: 0,
      designatedTeacherAppointed: true,
      designatedTeacherQtsOk: true,
      designatedTeacherTrainingDays: 2.25,
      designatedTeacherTrainingDaysRequired: 2,
      designatedTeacherTrainingOk: true,
      wholeStaffAtipDone: true,
      staffTrained: 4,
      staffTrainedAtip: 3,
      dslRefresherOk: true,
      trainingMissing: 0,
    })
    expect(JSON.stringify(summary)).not.toMatch(/Dee|Dana|Amy|Ben|Holder of/)
  })

  it('shows a school with nobody appointed and no training as gaps and misses', () => {
    expect(governanceSummaryOf(base({ appointments: [], sessions: [] }))).toMatchObject({
      rolesFilledAllYear: 0,
      roleGaps: 6,
      designatedTeacherAppointed: false,
      designatedTeacherQtsOk: false,
      designatedTeacherTrainingDays: 0,
      designatedTeacherTrainingOk: false,
      wholeStaffAtipDone: false,
      staffTrained: 0,
      dslRefresherOk: false,
      trainingMissing: 1,
    })
  })

  it('says the DT breaks DT-1 when they have no QTS', () => {
    const noQts = an('designated_teacher', 'Dee Teacher', '2024-09-01', { hasQts: false })
    expect(governanceSummaryOf(base({ appointments: [noQts] })).designatedTeacherQtsOk).toBe(false)
  })
})
