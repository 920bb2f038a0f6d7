import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, placementChanges } from '../data/schema/index.js'
import { aClaEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { addEpisode, correctEpisode, withdrawEpisode } from './episodes.service.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import {
  listEpisodeHistoryWithPlacementChanges,
  recordPlacementChange,
  type PlacementChangeInput,
} from './placements.service.js'
import { getPupilRecord } from './pupil-record.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is 23 November 2026.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aLookedAfterPupil(over: Parameters<typeof aClaEpisode>[0] = {}) {
  const school = await aSchool(ctx)
  const pupil = await aPupil(ctx, school)
  const { episode } = await addEpisode(
    ctx,
    SYSTEM_ACTOR,
    pupil.id,
    aClaEpisode({ startDate: '2025-01-10', ...over }),
  )
  const dt = await aUser(ctx, 'designated_teacher', school)
  return { school, pupil, episode, dt }
}

const changesOf = (pupilId: string) =>
  database.db.select().from(placementChanges).where(eq(placementChanges.pupilId, pupilId))

const auditOf = (pupilId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.pupilId, pupilId), eq(auditEvents.action, 'placement_change.recorded')))

const aMove = (over: Partial<PlacementChangeInput> = {}): PlacementChangeInput => ({
  changedOn: '2025-03-03',
  kind: 'placement',
  ...over,
})

describe('recordPlacementChange', () => {
  it('records a change of placement during a current CLA episode, and audits it without the note', async () => {
    const { pupil, episode, dt } = await aLookedAfterPupil()
    const change = await recordPlacementChange(
      ctx,
      dt.actor,
      pupil.id,
      episode.id,
      aMove({ note: '  Moved to a foster placement nearer to school  ' }),
    )
    expect(change).toMatchObject({
      episodeId: episode.id,
      pupilId: pupil.id,
      changedOn: '2025-03-03',
      kind: 'placement',
      note: 'Moved to a foster placement nearer to school',
      recordedBy: dt.user.id,
    })
    expect(await changesOf(pupil.id)).toHaveLength(1)
    const [event] = await auditOf(pupil.id)
    expect(event).toMatchObject({ entity: 'placement_change', entityId: change.id, actorUserId: dt.user.id })
    expect(event!.details).toEqual({ episodeId: episode.id, kind: 'placement' })
  })

  it('records a change of school on the day the episode started, and today', async () => {
    const { pupil, episode, dt } = await aLookedAfterPupil()
    await recordPlacementChange(
      ctx,
      dt.actor,
      pupil.id,
      episode.id,
      aMove({ kind: 'school', changedOn: '2025-01-10' }),
    )
    await recordPlacementChange(ctx, dt.actor, pupil.id, episode.id, aMove({ changedOn: '2026-11-23' }))
    expect((await changesOf(pupil.id)).map((c) => [c.kind, c.changedOn]).sort()).toEqual([
      ['placement', '2026-11-23'],
      ['school', '2025-01-10'],
    ])
  })

  describe('refuses bad input with the API path of the field, and saves nothing', () => {
    it.each<[string, Partial<PlacementChangeInput>, Parameters<typeof aClaEpisode>[0], string[]]>([
      ['a date before the episode started', { changedOn: '2025-01-09' }, {}, ['changedOn']],
      [
        'a date after the episode ended',
        { changedOn: '2025-07-01' },
        { endDate: '2025-06-30' },
        ['changedOn'],
      ],
      ['a date after today', { changedOn: '2026-11-24' }, {}, ['changedOn']],
      ['a date that is not real', { changedOn: '2025-02-30' }, {}, ['changedOn']],
      ['no date', { changedOn: '' }, {}, ['changedOn']],
      ['a kind that is neither placement nor school', { kind: 'home' as 'school' }, {}, ['kind']],
    ])('%s', async (_, input, episodeOver, paths) => {
      const { pupil, episode, dt } = await aLookedAfterPupil(episodeOver)
      expect(
        await brokenPaths(recordPlacementChange(ctx, dt.actor, pupil.id, episode.id, aMove(input))),
      ).toEqual(paths)
      expect(await changesOf(pupil.id)).toEqual([])
      expect(await auditOf(pupil.id)).toEqual([])
    })

    it('says which day the episode started', async () => {
      const { pupil, episode, dt } = await aLookedAfterPupil()
      const [error] = await brokenRules(
        recordPlacementChange(ctx, dt.actor, pupil.id, episode.id, aMove({ changedOn: '2024-12-31' })),
      )
      expect(error!.message).toMatch(/10 January 2025/)
    })
  })

  it('is not found for an episode that is not CLA', async () => {
    const { pupil, dt } = await aLookedAfterPupil({ endDate: '2025-06-30' })
    const { episode: cin } = await addEpisode(ctx, SYSTEM_ACTOR, pupil.id, {
      type: 'CIN',
      startDate: '2025-09-01',
    })
    await expect(
      recordPlacementChange(ctx, dt.actor, pupil.id, cin.id, aMove({ changedOn: '2025-10-01' })),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(await changesOf(pupil.id)).toEqual([])
  })

  it('is not found for a superseded or withdrawn CLA episode, or one of another pupil', async () => {
    const { school, pupil, episode, dt } = await aLookedAfterPupil()
    const { episode: corrected } = await correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
      ...aClaEpisode({ startDate: '2025-01-06' }),
      reason: 'Wrong start date',
    })
    await expect(recordPlacementChange(ctx, dt.actor, pupil.id, episode.id, aMove())).rejects.toBeInstanceOf(
      NotFoundError,
    )
    const withdrawn = await withdrawEpisode(ctx, SYSTEM_ACTOR, pupil.id, corrected.id, 'Wrong pupil')
    for (const id of [corrected.id, withdrawn.id, 'not-a-uuid'])
      await expect(recordPlacementChange(ctx, dt.actor, pupil.id, id, aMove())).rejects.toBeInstanceOf(
        NotFoundError,
      )
    const sibling = await aPupil(ctx, school)
    const { episode: theirs } = await addEpisode(ctx, SYSTEM_ACTOR, sibling.id, aClaEpisode())
    await expect(recordPlacementChange(ctx, dt.actor, pupil.id, theirs.id, aMove())).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(await changesOf(pupil.id)).toEqual([])
    expect(await changesOf(sibling.id)).toEqual([])
  })

  it('is not found for a pupil outside the actor’s scope', async () => {
    const { pupil, episode } = await aLookedAfterPupil()
    const elsewhere = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(
      recordPlacementChange(ctx, elsewhere.actor, pupil.id, episode.id, aMove()),
    ).rejects.toBeInstanceOf(NotFoundError)
    const adviser = await aUser(ctx, 'vs_adviser', null, { laCode: '873' })
    await expect(
      recordPlacementChange(ctx, adviser.actor, pupil.id, episode.id, aMove()),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(await changesOf(pupil.id)).toEqual([])
  })

  it('lets the Virtual School of the responsible local authority record one', async () => {
    const { pupil, episode } = await aLookedAfterPupil({ responsibleLaCode: '919' })
    const adviser = await aUser(ctx, 'vs_adviser', null, { laCode: '919' })
    await recordPlacementChange(ctx, adviser.actor, pupil.id, episode.id, aMove())
    expect(await changesOf(pupil.id)).toHaveLength(1)
  })

  it('is forbidden to a role without episode:create (attendance officer), and saves nothing', async () => {
    const { school, pupil, episode } = await aLookedAfterPupil()
    const officer = await aUser(ctx, 'attendance_officer', school)
    await expect(
      recordPlacementChange(ctx, officer.actor, pupil.id, episode.id, aMove()),
    ).rejects.toBeInstanceOf(ForbiddenError)
    expect(await changesOf(pupil.id)).toEqual([])
    expect(await auditOf(pupil.id)).toEqual([])
  })
})

describe('reading placement changes back', () => {
  it('keeps a change on the pupil’s record when the episode is corrected', async () => {
    const { pupil, episode, dt } = await aLookedAfterPupil()
    const change = await recordPlacementChange(ctx, dt.actor, pupil.id, episode.id, aMove())
    const { episode: corrected } = await correctEpisode(ctx, dt.actor, pupil.id, episode.id, {
      ...aClaEpisode({ startDate: '2025-01-06', legalStatus: 'C1' }),
      reason: 'Interim order first',
    })
    const record = await getPupilRecord(ctx, dt.actor, pupil.id)
    expect(record.current.map((e) => e.id)).toEqual([corrected.id])
    expect(record.placementChanges.map((c) => [c.id, c.episodeId])).toEqual([[change.id, episode.id]])
    const { history, placementChanges: all } = await listEpisodeHistoryWithPlacementChanges(
      ctx,
      dt.actor,
      pupil.id,
    )
    expect(history).toHaveLength(2)
    expect(all.map((c) => c.id)).toEqual([change.id])
  })

  it('lists only the pupil’s own changes, oldest first', async () => {
    const { school, pupil, episode, dt } = await aLookedAfterPupil()
    await recordPlacementChange(
      ctx,
      dt.actor,
      pupil.id,
      episode.id,
      aMove({ changedOn: '2026-02-01', kind: 'school' }),
    )
    await recordPlacementChange(ctx, dt.actor, pupil.id, episode.id, aMove({ changedOn: '2025-05-01' }))
    const other = await aPupil(ctx, school)
    const { episode: theirs } = await addEpisode(ctx, SYSTEM_ACTOR, other.id, aClaEpisode())
    await recordPlacementChange(ctx, dt.actor, other.id, theirs.id, aMove())
    const { placementChanges: mine } = await listEpisodeHistoryWithPlacementChanges(ctx, dt.actor, pupil.id)
    expect(mine.map((c) => c.changedOn)).toEqual(['2025-05-01', '2026-02-01'])
  })
})
