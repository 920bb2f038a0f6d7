import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PEP_SCHEDULE_SETTINGS, type PepScheduleSettings } from '../domain/pep/settings.js'
import { DEFAULT_RUBRIC, type RubricLevel } from '../domain/pep/workflow.js'
import { auditEvents, peps, virtualSchoolSettings } from '../data/schema/index.js'
import { aClaEpisode, aPupil, aSchool, aUser, anEpisode } from '../test-support/builders.js'
import { brokenPaths, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import { getPepSchedule } from './pep-schedule.service.js'
import { createPep, decidePep } from './peps.service.js'
import { setCalendar } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'
import {
  getVirtualSchoolSettings,
  saveVirtualSchoolSettings,
  type VirtualSchoolSettingsInput,
} from './virtual-school-settings.service.js'

// FIXED_TODAY is 23 November 2026.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

const CALENDAR = {
  terms: [
    { name: 'autumn' as const, start: '2026-09-03', end: '2026-12-18' },
    { name: 'spring' as const, start: '2027-01-05', end: '2027-03-26' },
    { name: 'summer' as const, start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: [],
}

// Each test has a Virtual School of its own, so that one test's settings never change another's children.
let nextLa = 930
async function aVirtualSchool() {
  const laCode = String(nextLa++)
  const head = await aUser(ctx, 'vs_head', null, { laCode })
  const adviser = await aUser(ctx, 'vs_adviser', null, { laCode })
  return { laCode, head: head.actor, adviser: adviser.actor }
}

/**
 * A child looked after by `laCode` since January 2025, at a school with this year's terms, with a submitted PEP
 * held on 10 November 2026; with `earlierPep`, an approved one from September 2026 before it.
 */
async function aChildWithASubmittedPep(laCode: string, options: { earlierPep?: boolean } = {}) {
  const school = await aSchool(ctx)
  await setCalendar(ctx, SYSTEM_ACTOR, school.urn, CALENDAR)
  const pupil = await aPupil(ctx, school, { yearGroup: 7 })
  await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: laCode }))
  const dt = await aUser(ctx, 'designated_teacher', school)
  if (options.earlierPep)
    // Written straight to the table: it has no targets for the November PEP to review.
    await database.db.insert(peps).values({
      pupilId: pupil.id,
      schoolId: school.id,
      meetingDate: '2026-09-15',
      status: 'approved',
      responsibleLaCode: laCode,
      submittedAt: new Date('2026-09-16T10:00:00Z'),
      approvedAt: new Date('2026-09-18T10:00:00Z'),
      qualityRating: 'green',
    })
  const pep = await createPep(ctx, dt.actor, pupil.id, {
    meetingDate: '2026-11-10',
    content: {
      childVoice: { ownWords: 'I like art and I want to get better at reading.' },
      attendees: { socialWorker: 'Sam Worker', carer: 'Pat Carer', child: 'attended' },
    },
    targets: [
      {
        description: 'Read a chapter book independently each week',
        successCriteria: 'Reading age within a year of chronological age by July',
        owner: 'English teacher',
        dueBy: '2027-07-16',
      },
    ],
    submit: true,
  })
  return { pupil, dt: dt.actor, pep }
}

const withSchedule = (
  change: Partial<PepScheduleSettings>,
  rubric: RubricLevel[] = [...DEFAULT_RUBRIC],
): VirtualSchoolSettingsInput => ({ schedule: { ...DEFAULT_PEP_SCHEDULE_SETTINGS, ...change }, rubric })

const storedRow = async (laCode: string) =>
  (await database.db.select().from(virtualSchoolSettings).where(eq(virtualSchoolSettings.laCode, laCode)))[0]

const settingsAudits = async (laCode: string) =>
  database.db.select().from(auditEvents).where(eq(auditEvents.entityId, laCode))

const OFSTED_STYLE: RubricLevel[] = [
  { value: 'outstanding', label: 'Outstanding', criteria: 'Exemplary in every section.', approvable: true },
  { value: 'good', label: 'Good', criteria: 'Every statutory section is complete.', approvable: true },
  { value: 'inadequate', label: 'Inadequate', criteria: 'Sections missing.', approvable: false },
]

describe('getVirtualSchoolSettings', () => {
  it('gives the defaults, at version 0, until the Virtual School saves its own', async () => {
    const vs = await aVirtualSchool()
    const settings = await getVirtualSchoolSettings(ctx, vs.head)
    expect(settings).toMatchObject({
      laCode: vs.laCode,
      version: 0,
      mayChange: true,
      schedule: DEFAULT_PEP_SCHEDULE_SETTINGS,
      rubric: DEFAULT_RUBRIC,
      claDayOneProvision: false,
    })
  })

  it('lets the adviser read the settings but not change them', async () => {
    const vs = await aVirtualSchool()
    expect(await getVirtualSchoolSettings(ctx, vs.adviser)).toMatchObject({ mayChange: false, version: 0 })
    await expect(
      saveVirtualSchoolSettings(ctx, vs.adviser, vs.laCode, withSchedule({ cadence: 'twice_yearly' }), 0),
    ).rejects.toBeInstanceOf(ForbiddenError)
    expect(await storedRow(vs.laCode)).toBeUndefined()
  })

  it('is forbidden to a school’s designated teacher', async () => {
    const dt = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(getVirtualSchoolSettings(ctx, dt.actor, '930')).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('saveVirtualSchoolSettings', () => {
  it('moves a child’s next PEP from the end of the spring term to the statutory date when termly becomes twice a year', async () => {
    const vs = await aVirtualSchool()
    const { pupil, dt } = await aChildWithASubmittedPep(vs.laCode, { earlierPep: true })
    // In the spring term, after PEPs in September and November 2026: the statutory review is due 6 months
    // after the last (PEP-3, CAL-5), 10 May 2027; termly, the spring term's PEP by its last school day (PD-1,
    // PD-18), Thursday 25 March 2027, the term's last day being Good Friday.
    const before = await getPepSchedule(ctx, dt, pupil.id, '2027-01-20')
    expect(before).toMatchObject({ required: true, status: 'ok', nextDue: '2027-03-25' })
    expect(before.reasons.join(' ')).toContain('spring term 2027')

    const saved = await saveVirtualSchoolSettings(
      ctx,
      vs.head,
      vs.laCode,
      withSchedule({ cadence: 'twice_yearly' }),
      0,
    )
    expect(saved.version).toBe(1)

    // Twice a year, the next local PEP is due by the end of the summer term: the statutory date comes first.
    const after = await getPepSchedule(ctx, dt, pupil.id, '2027-01-20')
    expect(after).toMatchObject({ required: true, status: 'ok', nextDue: '2027-05-10' })
    expect(after.dueDates.map((d) => d.dueBy)).not.toContain('2027-03-25')
    expect(after.dueDates.map((d) => d.dueBy)).toContain('2027-07-21')
    expect((await getVirtualSchoolSettings(ctx, vs.adviser)).schedule.cadence).toBe('twice_yearly')
  })

  it('rates approvals with the Virtual School’s own rubric: inadequate refused, good accepted', async () => {
    const vs = await aVirtualSchool()
    await saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({}, OFSTED_STYLE), 0)
    const { pupil, pep } = await aChildWithASubmittedPep(vs.laCode)

    const approve = (rating: string) =>
      decidePep(ctx, vs.adviser, pupil.id, pep.id, pep.version, { action: 'approve', rating })
    expect(await brokenPaths(approve('inadequate'))).toEqual(['rating'])
    // The default rubric's levels are no longer this Virtual School's.
    expect(await brokenPaths(approve('green'))).toEqual(['rating'])
    expect(await approve('good')).toMatchObject({ status: 'approved' })
    const [row] = await database.db.select().from(peps).where(eq(peps.id, pep.id))
    expect(row!.qualityRating).toBe('good')
  })

  it('audits what changed, field by field', async () => {
    const vs = await aVirtualSchool()
    await saveVirtualSchoolSettings(
      ctx,
      vs.head,
      vs.laCode,
      withSchedule({ changeReviewDays: 15, changeReviewClock: 'working' }),
      0,
    )
    const [event] = await settingsAudits(vs.laCode)
    expect(event).toMatchObject({ action: 'virtual_school.settings_changed', actorUserId: vs.head.userId })
    expect(event!.details).toEqual({
      laCode: vs.laCode,
      changes: [
        { field: 'schedule.changeReviewDays', from: 20, to: 15 },
        { field: 'schedule.changeReviewClock', from: 'school', to: 'working' },
      ],
    })
  })

  it('keeps custom months in school-year order and drops them for any other cadence', async () => {
    const vs = await aVirtualSchool()
    await saveVirtualSchoolSettings(
      ctx,
      vs.head,
      vs.laCode,
      withSchedule({ cadence: 'custom', customDueMonths: [2, 6, 10] }),
      0,
    )
    expect((await getVirtualSchoolSettings(ctx, vs.head)).schedule.customDueMonths).toEqual([10, 2, 6])
    await saveVirtualSchoolSettings(
      ctx,
      vs.head,
      vs.laCode,
      withSchedule({ cadence: 'termly', customDueMonths: [2, 6] }),
      1,
    )
    expect((await getVirtualSchoolSettings(ctx, vs.head)).schedule).toEqual(DEFAULT_PEP_SCHEDULE_SETTINGS)
  })

  it.each<[string, VirtualSchoolSettingsInput, string[]]>([
    [
      'a rubric with no level that can be approved',
      withSchedule({}, [
        { value: 'good', label: 'Good', criteria: 'Fine', approvable: false },
        { value: 'poor', label: 'Poor', criteria: 'Not fine', approvable: false },
      ]),
      ['rubric'],
    ],
    [
      'the same rating twice',
      withSchedule({}, [...OFSTED_STYLE, { ...OFSTED_STYLE[1]!, label: 'Good again' }]),
      ['rubric.3.value'],
    ],
    [
      '0 days for a review after a change',
      withSchedule({ changeReviewDays: 0 }),
      ['schedule.changeReviewDays'],
    ],
    [
      '101 days for a review after a change',
      withSchedule({ changeReviewDays: 101 }),
      ['schedule.changeReviewDays'],
    ],
    [
      'a custom cadence without months',
      withSchedule({ cadence: 'custom', customDueMonths: [] }),
      ['schedule.customDueMonths'],
    ],
  ])('refuses %s and saves nothing', async (_, input, paths) => {
    const vs = await aVirtualSchool()
    expect(await brokenPaths(saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, input, 0))).toEqual(paths)
    expect(await storedRow(vs.laCode)).toBeUndefined()
    expect(await settingsAudits(vs.laCode)).toHaveLength(0)
  })

  it('accepts 100 days, the longest review period the schedule allows', async () => {
    const vs = await aVirtualSchool()
    await saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({ changeReviewDays: 100 }), 0)
    expect((await getVirtualSchoolSettings(ctx, vs.head)).schedule.changeReviewDays).toBe(100)
  })

  it('does not let one Virtual School’s head read or change another’s', async () => {
    const mine = await aVirtualSchool()
    const theirs = await aVirtualSchool()
    await expect(getVirtualSchoolSettings(ctx, theirs.head, mine.laCode)).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(
      saveVirtualSchoolSettings(ctx, theirs.head, mine.laCode, withSchedule({ cadence: 'twice_yearly' }), 0),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(await storedRow(mine.laCode)).toBeUndefined()
    // Their own are theirs to change.
    await saveVirtualSchoolSettings(ctx, theirs.head, theirs.laCode, withSchedule({ minimumAge: 3 }), 0)
    expect((await getVirtualSchoolSettings(ctx, theirs.head)).schedule.minimumAge).toBe(3)
    expect((await getVirtualSchoolSettings(ctx, mine.head)).schedule.minimumAge).toBe(2)
  })

  it('refuses a save from a stale version (409) and keeps the other person’s change', async () => {
    const vs = await aVirtualSchool()
    await saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({ cadence: 'twice_yearly' }), 0)
    // A second head opened the page before that save, at version 0.
    await expect(
      saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({ includeShortBreaks: true }), 0),
    ).rejects.toBeInstanceOf(ConflictError)
    const row = await storedRow(vs.laCode)
    expect(row!.version).toBe(1)
    expect((await getVirtualSchoolSettings(ctx, vs.head)).schedule).toMatchObject({
      cadence: 'twice_yearly',
      includeShortBreaks: false,
    })
    await expect(
      saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({ includeShortBreaks: true }), 7),
    ).rejects.toBeInstanceOf(ConflictError)
  })

  it('writes nothing when nothing changed', async () => {
    const vs = await aVirtualSchool()
    expect(await saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({}), 0)).toEqual({
      version: 0,
      changes: [],
    })
    expect(await storedRow(vs.laCode)).toBeUndefined()
    expect(await settingsAudits(vs.laCode)).toHaveLength(0)
  })

  it('saves the day-one expectation for suspensions (PD-7, EX-8), audited, and keeps it when left out', async () => {
    const vs = await aVirtualSchool()
    const on = await saveVirtualSchoolSettings(
      ctx,
      vs.head,
      vs.laCode,
      { ...withSchedule({}), claDayOneProvision: true },
      0,
    )
    expect(on.changes).toEqual([{ field: 'claDayOneProvision', from: false, to: true }])
    expect((await storedRow(vs.laCode))!.settings).toMatchObject({ claDayOneProvision: true })
    expect(await getVirtualSchoolSettings(ctx, vs.adviser)).toMatchObject({ claDayOneProvision: true })
    const [event] = await settingsAudits(vs.laCode)
    expect(event!.details).toMatchObject({ changes: on.changes })

    // A caller that does not send it (an API client from before it existed) changes the rest, not this.
    const later = await saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, withSchedule({ minimumAge: 3 }), 1)
    expect(later.changes.map((c) => c.field)).toEqual(['schedule.minimumAge'])
    expect((await getVirtualSchoolSettings(ctx, vs.head)).claDayOneProvision).toBe(true)

    const off = await saveVirtualSchoolSettings(
      ctx,
      vs.head,
      vs.laCode,
      { ...withSchedule({ minimumAge: 3 }), claDayOneProvision: false },
      2,
    )
    expect(off.changes).toEqual([{ field: 'claDayOneProvision', from: true, to: false }])
    expect((await getVirtualSchoolSettings(ctx, vs.head)).claDayOneProvision).toBe(false)
  })

  it('refuses a day-one expectation that is not yes or no, saving nothing', async () => {
    const vs = await aVirtualSchool()
    const input = { ...withSchedule({}), claDayOneProvision: 'yes' as never }
    expect(await brokenPaths(saveVirtualSchoolSettings(ctx, vs.head, vs.laCode, input, 0))).toEqual([
      'claDayOneProvision',
    ])
    expect(await storedRow(vs.laCode)).toBeUndefined()
  })
})
