import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { episodeHistoryOf } from '../data/repositories/pupils.repository.js'
import { auditEvents, statusEpisodes, tasks } from '../data/schema/index.js'
import { aClaEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { assignStaff, endStaffAssignment } from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { addEpisode, correctEpisode, withdrawEpisode, type EpisodeInput } from './episodes.service.js'
import { NotFoundError } from './errors.js'
import { getStatus } from './pupils.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aPupilAtNewSchool() {
  const school = await aSchool(ctx)
  return { school, pupil: await aPupil(ctx, school, { dateOfBirth: '2014-05-01' }) }
}

const add = (pupilId: string, input: EpisodeInput) => addEpisode(ctx, SYSTEM_ACTOR, pupilId, input)

const episodeRows = (pupilId: string) =>
  database.db.select().from(statusEpisodes).where(eq(statusEpisodes.pupilId, pupilId))

describe('addEpisode: bad input', () => {
  it.each<[string, EpisodeInput, string[]]>([
    ['ends before it starts', aClaEpisode({ startDate: '2025-02-01', endDate: '2025-01-31' }), ['endDate']],
    ['has an unknown legal status', aClaEpisode({ legalStatus: 'X9' }), ['legalStatus']],
    ['has no responsible LA', aClaEpisode({ responsibleLaCode: '' }), ['responsibleLaCode']],
    ['has an LA code that is not 3 digits', aClaEpisode({ responsibleLaCode: '91' }), ['responsibleLaCode']],
    ['starts after today', { type: 'CIN', startDate: '2026-11-24' }, ['startDate']],
    ['starts before the child was born', { type: 'CIN', startDate: '2014-04-30' }, ['startDate']],
    ['is a PLA with no route', { type: 'PLA', startDate: '2020-01-01' }, ['route']],
    ['is kinship care with no arrangement', { type: 'KINSHIP', startDate: '2020-01-01' }, ['arrangement']],
    [
      'has an unknown category of need',
      { type: 'CIN', startDate: '2020-01-01', cinCategory: 'N9' },
      ['cinCategory'],
    ],
    ['has an unknown type', { type: 'XYZ' as 'CIN', startDate: '2020-01-01' }, ['type']],
    ['has a date that is not real', { type: 'CP', startDate: '2025-02-30' }, ['startDate']],
  ])(
    'refuses an episode that %s, with the API path of the field, and saves nothing',
    async (_, input, paths) => {
      const { pupil } = await aPupilAtNewSchool()
      expect(await brokenPaths(add(pupil.id, input))).toEqual(paths)
      expect(await episodeRows(pupil.id)).toEqual([])
    },
  )

  it('refuses a CLA episode that overlaps a PLA (DOMAIN.md DEF-13)', async () => {
    const { pupil } = await aPupilAtNewSchool()
    await add(pupil.id, { type: 'PLA', startDate: '2023-06-01', route: 'sgo' })
    const errors = await brokenRules(
      add(pupil.id, aClaEpisode({ startDate: '2022-01-01', endDate: '2023-06-01' })),
    )
    expect(errors.map((e) => e.path)).toEqual(['startDate'])
    expect(errors[0]!.message).toMatch(/overlaps the previously looked after status from 1 June 2023/)
  })

  it('refuses a PLA that starts on the last day of the CLA episode, and accepts it the day after (DEF-13)', async () => {
    const { pupil } = await aPupilAtNewSchool()
    await add(pupil.id, aClaEpisode({ startDate: '2022-01-01', endDate: '2025-03-31' }))
    expect(
      await brokenPaths(add(pupil.id, { type: 'PLA', startDate: '2025-03-31', route: 'adoption' })),
    ).toEqual(['startDate'])
    const { episode } = await add(pupil.id, { type: 'PLA', startDate: '2025-04-01', route: 'adoption' })
    expect(episode.route).toBe('adoption')
  })

  it('accepts an LA code Harbour does not know, with a warning (DOMAIN.md PD-14)', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { episode, warnings } = await add(pupil.id, aClaEpisode({ responsibleLaCode: '999' }))
    expect(episode.responsibleLaCode).toBe('999')
    expect(warnings.map((w) => w.path)).toEqual(['responsibleLaCode'])
    expect((await add(pupil.id, { type: 'CIN', startDate: '2025-01-06' })).warnings).toEqual([])
  })

  it('keeps only the fields that belong to the type', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { episode } = await add(pupil.id, {
      type: 'CIN',
      startDate: '2025-01-06',
      legalStatus: 'C2',
      responsibleLaCode: '919',
      route: 'sgo',
      cinCategory: 'N1',
    })
    expect(episode).toMatchObject({
      legalStatus: null,
      responsibleLaCode: null,
      route: null,
      cinCategory: 'N1',
    })
  })
})

describe('correcting and withdrawing episodes (history is never overwritten)', () => {
  it('adds a corrected row, marks the old one superseded and keeps both in the history', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { episode: original } = await add(pupil.id, aClaEpisode({ startDate: '2024-01-10' }))
    expect((await getStatus(ctx, SYSTEM_ACTOR, pupil.id)).cla).toBe(true)

    const { episode: corrected } = await correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, original.id, {
      ...aClaEpisode({ startDate: '2024-01-10', endDate: '2026-06-30' }),
      reason: 'The care order ended in June',
    })

    expect(corrected.supersedesId).toBe(original.id)
    const history = await episodeHistoryOf(database.db, pupil.id)
    expect(history.map((e) => [e.id, e.supersededById, e.endDate])).toEqual([
      [original.id, corrected.id, null],
      [corrected.id, null, '2026-06-30'],
    ])
    expect(await getStatus(ctx, SYSTEM_ACTOR, pupil.id)).toMatchObject({
      cla: false,
      responsibleLaCode: null,
    })
    expect(await getStatus(ctx, SYSTEM_ACTOR, pupil.id, '2026-06-30')).toMatchObject({
      cla: true,
      responsibleLaCode: '919',
    })
  })

  it('refuses to correct an episode that has already been superseded', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { episode } = await add(pupil.id, { type: 'CIN', startDate: '2025-01-06' })
    await correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
      type: 'CIN',
      startDate: '2025-01-07',
      reason: 'Typo',
    })
    await expect(
      correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
        type: 'CIN',
        startDate: '2025-01-08',
        reason: 'Again',
      }),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(await episodeRows(pupil.id)).toHaveLength(2)
  })

  it('refuses a correction without a reason, or one that breaks DEF-13, and keeps the old episode current', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { episode: cla } = await add(
      pupil.id,
      aClaEpisode({ startDate: '2020-01-06', endDate: '2023-05-31' }),
    )
    await add(pupil.id, { type: 'PLA', startDate: '2023-06-01', route: 'adoption' })
    expect(
      await brokenPaths(
        correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, cla.id, { ...aClaEpisode(), reason: ' ' }),
      ),
    ).toEqual(['reason'])
    expect(
      await brokenPaths(
        correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, cla.id, {
          ...aClaEpisode({ startDate: '2020-01-06', endDate: '2023-06-01' }),
          reason: 'Wrong end date',
        }),
      ),
    ).toEqual(['startDate'])
    const rows = await episodeRows(pupil.id)
    expect(rows).toHaveLength(2)
    expect(rows.every((r) => r.supersededById === null)).toBe(true)
  })

  it('treats an episode id that is not a UUID as not found', async () => {
    const { pupil } = await aPupilAtNewSchool()
    await expect(
      correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, 'not-an-id', {
        type: 'CIN',
        startDate: '2025-01-07',
        reason: 'x',
      }),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(withdrawEpisode(ctx, SYSTEM_ACTOR, pupil.id, '-'.repeat(36), 'x')).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('does not find an episode of another pupil through this pupil', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { pupil: other } = await aPupilAtNewSchool()
    const { episode } = await add(other.id, { type: 'CIN', startDate: '2025-01-06' })
    await expect(
      correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
        type: 'CIN',
        startDate: '2025-01-07',
        reason: 'x',
      }),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(withdrawEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, 'x')).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('withdraws an episode from the current status but keeps it in the history', async () => {
    const { pupil } = await aPupilAtNewSchool()
    const { episode } = await add(pupil.id, { type: 'CP', startDate: '2026-02-02', cpCategory: 'neglect' })
    expect((await getStatus(ctx, SYSTEM_ACTOR, pupil.id)).cswCurrent).toBe(true)

    const withdrawn = await withdrawEpisode(
      ctx,
      SYSTEM_ACTOR,
      pupil.id,
      episode.id,
      'Recorded on the wrong child',
    )

    expect(await getStatus(ctx, SYSTEM_ACTOR, pupil.id)).toMatchObject({ cswCurrent: false, cswEver6: false })
    const history = await episodeHistoryOf(database.db, pupil.id)
    expect(history.map((e) => [e.id, e.supersededById, e.withdrawn])).toEqual([
      [episode.id, withdrawn.id, null],
      [withdrawn.id, null, 'Recorded on the wrong child'],
    ])
    // Harbour acts as an admin, who may not read child protection details: kept, but withheld.
    expect(withdrawn).toMatchObject({
      type: 'CP',
      startDate: '2026-02-02',
      cpCategory: null,
      restricted: true,
    })
    expect(history[1]!.cpCategory).toBe('neglect')
    await expect(withdrawEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, 'again')).rejects.toBeInstanceOf(
      NotFoundError,
    )
    // A row that is not current is not found, whatever the reason says; a current one needs a reason.
    await expect(withdrawEpisode(ctx, SYSTEM_ACTOR, pupil.id, withdrawn.id, '')).rejects.toBeInstanceOf(
      NotFoundError,
    )
    const { episode: current } = await add(pupil.id, { type: 'CIN', startDate: '2026-02-02' })
    expect(await brokenPaths(withdrawEpisode(ctx, SYSTEM_ACTOR, pupil.id, current.id, ''))).toEqual([
      'reason',
    ])
  })
})

describe('telling staff when a pupil gets a social worker (DOMAIN.md POL-30)', () => {
  async function aPupilWithStaff() {
    const { school, pupil } = await aPupilAtNewSchool()
    const keyAdult = await aUser(ctx, 'staff', school)
    const mentor = await aUser(ctx, 'senco', school)
    await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: keyAdult.user.id, role: 'key_adult' })
    await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: mentor.user.id, role: 'mentor' })
    return { school, pupil, keyAdult, mentor }
  }

  const toldTasks = (pupilId: string) =>
    database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.pupilId, pupilId), eq(tasks.kind, 'social_worker_allocated')))

  it.each<[string, EpisodeInput]>([
    ['a child in need plan', { type: 'CIN', startDate: '2026-11-02' }],
    ['a child protection plan', { type: 'CP', startDate: '2026-11-02', cpCategory: 'emotional_abuse' }],
    ['a looked-after episode', aClaEpisode({ startDate: '2026-11-02' })],
  ])('gives the key adult and the mentor one task each when the pupil first gets %s', async (_, input) => {
    const { pupil, keyAdult, mentor } = await aPupilWithStaff()
    const { episode } = await add(pupil.id, input)
    const told = await toldTasks(pupil.id)
    expect(told.map((t) => t.assigneeUserId).sort()).toEqual([keyAdult.user.id, mentor.user.id].sort())
    expect(told.every((t) => t.dueOn === '2026-11-23' && t.doneAt === null)).toBe(true)
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, episode.id), eq(auditEvents.action, 'episode.created')))
    expect(event!.details).toMatchObject({ staffToldTasks: 2 })
  })

  it('does not tell them again for a second child in need plan while one is open', async () => {
    const { pupil } = await aPupilWithStaff()
    await add(pupil.id, { type: 'CIN', startDate: '2026-09-07' })
    await add(pupil.id, { type: 'CIN', startDate: '2026-11-02' })
    await add(pupil.id, { type: 'CP', startDate: '2026-11-16', cpCategory: 'neglect' })
    expect(await toldTasks(pupil.id)).toHaveLength(2)
  })

  it('tells them again when a new plan starts after the last one closed', async () => {
    const { pupil } = await aPupilWithStaff()
    await add(pupil.id, { type: 'CIN', startDate: '2026-01-05', endDate: '2026-03-31' })
    expect(await toldTasks(pupil.id)).toHaveLength(0)
    await add(pupil.id, { type: 'CIN', startDate: '2026-11-02' })
    expect(await toldTasks(pupil.id)).toHaveLength(2)
  })

  it('does not count previously looked after or kinship care as having a social worker', async () => {
    const { pupil } = await aPupilWithStaff()
    await add(pupil.id, { type: 'PLA', startDate: '2021-06-01', route: 'adoption' })
    await add(pupil.id, { type: 'KINSHIP', startDate: '2021-06-01', arrangement: 'formal' })
    expect(await toldTasks(pupil.id)).toHaveLength(0)
  })

  it('creates no task when no staff are assigned, and none for staff whose assignment has ended', async () => {
    const { pupil } = await aPupilAtNewSchool()
    await add(pupil.id, { type: 'CIN', startDate: '2026-11-02' })
    expect(await toldTasks(pupil.id)).toHaveLength(0)

    const { school, pupil: second } = await aPupilAtNewSchool()
    const former = await aUser(ctx, 'staff', school)
    const assignment = await assignStaff(ctx, SYSTEM_ACTOR, second.id, {
      userId: former.user.id,
      role: 'teacher',
    })
    await endStaffAssignment(ctx, SYSTEM_ACTOR, second.id, assignment.id)
    await add(second.id, { type: 'CIN', startDate: '2026-11-02' })
    expect(await toldTasks(second.id)).toHaveLength(0)
  })

  it('gives one task to a person assigned in two roles', async () => {
    const { school, pupil } = await aPupilAtNewSchool()
    const teacher = await aUser(ctx, 'staff', school)
    await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: teacher.user.id, role: 'key_adult' })
    await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: teacher.user.id, role: 'teacher' })
    await add(pupil.id, { type: 'CIN', startDate: '2026-11-02' })
    expect(await toldTasks(pupil.id)).toHaveLength(1)
  })

  it('tells them when a correction reopens a plan recorded as closed', async () => {
    const { pupil } = await aPupilWithStaff()
    const { episode } = await add(pupil.id, { type: 'CIN', startDate: '2026-09-07', endDate: '2026-10-30' })
    expect(await toldTasks(pupil.id)).toHaveLength(0)
    await correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
      type: 'CIN',
      startDate: '2026-09-07',
      reason: 'The plan is still open',
    })
    expect(await toldTasks(pupil.id)).toHaveLength(2)
  })
})
