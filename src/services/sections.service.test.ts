import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { episodeHistoryOf } from '../data/repositories/pupils.repository.js'
import { auditEvents, sectionGrants } from '../data/schema/index.js'
import { aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { addEpisode, correctEpisode, getCurrentEpisode, listEpisodeHistory } from './episodes.service.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { getPupilRecord } from './pupil-record.service.js'
import { asSeenBy, grantSection, maySeeSection, revokeSection } from './sections.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
})
afterAll(async () => database.close())

const sees = (actor: Parameters<typeof maySeeSection>[1]) =>
  maySeeSection(database.db, actor, 'child_protection')

describe('the child protection section (DESIGN.md access layer 3)', () => {
  it('is read by the DSL and the headteacher, and not by other roles, admins included', async () => {
    for (const role of ['dsl', 'headteacher'] as const)
      expect(await sees((await aUser(ctx, role, school)).actor)).toBe(true)
    for (const role of ['designated_teacher', 'senco', 'staff', 'admin'] as const)
      expect(await sees((await aUser(ctx, role, school)).actor)).toBe(false)
    expect(await sees((await aUser(ctx, 'vs_adviser', null, { laCode: '919' })).actor)).toBe(false)
    expect(await sees(SYSTEM_ACTOR)).toBe(false)
  })

  it('is read by someone given an explicit grant, until it is revoked; both are audited', async () => {
    const dsl = await aUser(ctx, 'dsl', school)
    const dt = await aUser(ctx, 'designated_teacher', school)
    const grant = await grantSection(ctx, dsl.actor, dt.user.email, 'child_protection')
    expect(grant).toMatchObject({ userId: dt.user.id, grantedBy: dsl.user.id, revokedAt: null })
    expect(await sees(dt.actor)).toBe(true)
    // Granting again changes nothing.
    expect((await grantSection(ctx, dsl.actor, dt.user.email, 'child_protection')).id).toBe(grant.id)

    expect(await revokeSection(ctx, dsl.actor, dt.user.email, 'child_protection')).toBe(true)
    expect(await sees(dt.actor)).toBe(false)
    expect(await revokeSection(ctx, dsl.actor, dt.user.email, 'child_protection')).toBe(false)

    const rows = await database.db.select().from(sectionGrants).where(eq(sectionGrants.userId, dt.user.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ revokedBy: dsl.user.id })
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, dsl.user.id), eq(auditEvents.entity, 'section_grant')))
    expect(events.map((e) => [e.action, e.details])).toEqual([
      ['section.granted', { section: 'child_protection', userId: dt.user.id }],
      ['section.revoked', { section: 'child_protection', userId: dt.user.id }],
    ])
  })

  it('refuses a grant to oneself, to someone in another school, by a role that may not, or of no section', async () => {
    const dsl = await aUser(ctx, 'dsl', school)
    const elsewhere = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    const dt = await aUser(ctx, 'designated_teacher', school)
    expect(await brokenPaths(grantSection(ctx, dsl.actor, dsl.user.email, 'child_protection'))).toEqual([
      'email',
    ])
    await expect(
      grantSection(ctx, dsl.actor, elsewhere.user.email, 'child_protection'),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(grantSection(ctx, dt.actor, dsl.user.email, 'child_protection')).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    expect(await brokenPaths(grantSection(ctx, dsl.actor, dt.user.email, 'health'))).toEqual(['section'])
    expect(await sees(dt.actor)).toBe(false)
  })
})

describe('a child protection plan as each reader sees it', () => {
  it('withholds the category and the note from someone without the section, and says so', () => {
    const plan = { type: 'CP', cpCategory: 'neglect', note: 'Told by the social worker' }
    expect(asSeenBy(plan, false)).toEqual({ type: 'CP', cpCategory: null, note: null, restricted: true })
    expect(asSeenBy(plan, true)).toEqual({ ...plan, restricted: false })
    const cin = { type: 'CIN', cpCategory: null, note: 'A note' }
    expect(asSeenBy(cin, false)).toEqual({ ...cin, restricted: false })
  })

  it('shows the dates of the plan to a designated teacher, and its details only to the DSL', async () => {
    const pupil = await aPupil(ctx, school)
    const dt = await aUser(ctx, 'designated_teacher', school)
    const dsl = await aUser(ctx, 'dsl', school)
    const added = await addEpisode(ctx, dt.actor, pupil.id, {
      type: 'CP',
      startDate: '2026-01-12',
      cpCategory: 'neglect',
      note: 'Plan after a strategy meeting',
    })
    expect(added.episode).toMatchObject({ cpCategory: null, note: null, restricted: true })

    const forDt = await getPupilRecord(ctx, dt.actor, pupil.id)
    expect(forDt.sections.childProtection).toBe(false)
    expect(forDt.current[0]).toMatchObject({
      type: 'CP',
      startDate: '2026-01-12',
      cpCategory: null,
      restricted: true,
    })
    expect(forDt.status.cswCurrent).toBe(true)
    const forDsl = await getPupilRecord(ctx, dsl.actor, pupil.id)
    expect(forDsl.current[0]).toMatchObject({
      cpCategory: 'neglect',
      note: 'Plan after a strategy meeting',
      restricted: false,
    })

    expect((await listEpisodeHistory(ctx, dt.actor, pupil.id))[0]).toMatchObject({
      cpCategory: null,
      restricted: true,
    })
    expect((await getCurrentEpisode(ctx, dt.actor, pupil.id, added.episode.id)).episode.restricted).toBe(true)
  })

  it('keeps the category and the note when someone without the section corrects the plan’s dates', async () => {
    const pupil = await aPupil(ctx, school)
    const dt = await aUser(ctx, 'designated_teacher', school)
    const dsl = await aUser(ctx, 'dsl', school)
    const { episode } = await addEpisode(ctx, dsl.actor, pupil.id, {
      type: 'CP',
      startDate: '2026-01-12',
      cpCategory: 'neglect',
      note: 'Plan after a strategy meeting',
    })
    const corrected = await correctEpisode(ctx, dt.actor, pupil.id, episode.id, {
      startDate: '2026-01-05',
      cpCategory: 'physical_abuse',
      note: null,
      reason: 'Wrong start date',
    })
    expect(corrected.episode).toMatchObject({ startDate: '2026-01-05', restricted: true })
    const stored = (await episodeHistoryOf(database.db, pupil.id)).find((e) => e.id === corrected.episode.id)
    expect(stored).toMatchObject({ cpCategory: 'neglect', note: 'Plan after a strategy meeting' })

    // The DSL can change the category.
    const again = await correctEpisode(ctx, dsl.actor, pupil.id, corrected.episode.id, {
      startDate: '2026-01-05',
      cpCategory: 'physical_abuse',
      reason: 'Category confirmed at conference',
    })
    expect(again.episode).toMatchObject({ cpCategory: 'physical_abuse', restricted: false })
  })
})
