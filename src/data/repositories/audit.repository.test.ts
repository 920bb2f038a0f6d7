import { asc, count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit } from '../../services/audit.service.js'
import { addEpisode } from '../../services/episodes.service.js'
import { RuleBrokenError } from '../../services/errors.js'
import { getPupil, listRegister } from '../../services/pupils.service.js'
import { SYSTEM_ACTOR } from '../../services/users.service.js'
import { aClaEpisode, anEpisode, aPupil, aSchool } from '../../test-support/builders.js'
import { brokenPaths, fixedContext } from '../../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import type { ServiceContext } from '../../services/context.js'
import { auditEvents, statusEpisodes } from '../schema/index.js'
import { appendAudit, GENESIS_HASH, verifyAuditChain } from './audit.repository.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  const school = await aSchool(ctx)
  const pupil = await aPupil(ctx, school)
  await anEpisode(ctx, pupil.id, aClaEpisode())
  await getPupil(ctx, SYSTEM_ACTOR, pupil.id)
  await listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn, cohort: 'cla', yearGroup: 7 })
})
afterAll(async () => database.close())

const allEvents = () => database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq))
const countOf = async (table: typeof auditEvents | typeof statusEpisodes) =>
  (await database.db.select({ n: count() }).from(table))[0]!.n

/** Runs `change` with the append-only trigger off, as only a database superuser could. */
async function asSuperuser(change: () => Promise<unknown>) {
  await database.db.execute(sql`alter table audit_event disable trigger audit_event_no_update`)
  try {
    await change()
  } finally {
    await database.db.execute(sql`alter table audit_event enable trigger audit_event_no_update`)
  }
}

/** The database error under Drizzle's wrapper. */
const rejection = (call: PromiseLike<unknown>) =>
  Promise.resolve(call).then(
    () => 'no error',
    (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
  )

describe('the audit chain (DESIGN.md "Access control and audit")', () => {
  it('links every event to the hash of the one before it, from the genesis hash', async () => {
    const events = await allEvents()
    expect(events.length).toBeGreaterThan(4)
    expect(events[0]!.prevHash).toBe(GENESIS_HASH)
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash)
    expect(new Set(events.map((e) => e.hash)).size).toBe(events.length)
  })

  it('verifies an intact chain', async () => {
    expect(await verifyAuditChain(database.db)).toBeNull()
  })

  it('stays one chain when many events are written at once', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await Promise.all(Array.from({ length: 12 }, () => getPupil(ctx, SYSTEM_ACTOR, pupil.id)))
    expect(await verifyAuditChain(database.db)).toBeNull()
  })

  it('verifies events whose details hold values jsonb stores differently, like a Date', async () => {
    await database.db.transaction((tx) =>
      appendAudit(tx, {
        actorUserId: null,
        action: 'test.dated',
        details: { on: new Date('2026-11-23T10:00:00Z'), gone: undefined, list: [1, 'two'] },
      }),
    )
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.dated'))
    expect(event!.details).toEqual({ on: '2026-11-23T10:00:00.000Z', list: [1, 'two'] })
    expect(await verifyAuditChain(database.db)).toBeNull()
  })

  it('writes nothing when the work in its transaction fails (all or nothing)', async () => {
    const eventsBefore = await countOf(auditEvents)
    const episodesBefore = await countOf(statusEpisodes)
    await expect(
      database.db.transaction(async (tx) => {
        await appendAudit(tx, { actorUserId: null, action: 'test.started' })
        throw new RuleBrokenError([{ path: 'x', message: 'No' }])
      }),
    ).rejects.toBeInstanceOf(RuleBrokenError)

    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await addEpisode(ctx, SYSTEM_ACTOR, pupil.id, { type: 'PLA', startDate: '2024-06-01', route: 'adoption' })
    const afterSetUp = await countOf(auditEvents)
    expect(
      await brokenPaths(addEpisode(ctx, SYSTEM_ACTOR, pupil.id, aClaEpisode({ startDate: '2024-01-10' }))),
    ).toEqual(['startDate'])

    expect(await countOf(auditEvents)).toBe(afterSetUp)
    expect(afterSetUp).toBe(eventsBefore + 3)
    expect(await countOf(statusEpisodes)).toBe(episodesBefore + 1)
    expect(await verifyAuditChain(database.db)).toBeNull()
  })

  it('is refused an UPDATE or a DELETE by the database', async () => {
    const [first] = await allEvents()
    expect(
      await rejection(
        database.db.update(auditEvents).set({ action: 'x' }).where(eq(auditEvents.seq, first!.seq)),
      ),
    ).toMatch(/append-only/)
    expect(await rejection(database.db.delete(auditEvents).where(eq(auditEvents.seq, first!.seq)))).toMatch(
      /append-only/,
    )
    expect((await allEvents())[0]).toEqual(first)
  })

  it('finds the event whose details were changed behind its back', async () => {
    const events = await allEvents()
    const victim = events[3]!
    await asSuperuser(() =>
      database.db
        .update(auditEvents)
        .set({ details: { ...victim.details, rows: 99 } })
        .where(eq(auditEvents.seq, victim.seq)),
    )
    expect(await verifyAuditChain(database.db)).toEqual({
      seq: victim.seq,
      reason: 'hash does not match the event',
    })

    await asSuperuser(() =>
      database.db.update(auditEvents).set({ details: victim.details }).where(eq(auditEvents.seq, victim.seq)),
    )
    expect(await verifyAuditChain(database.db)).toBeNull()
  })

  it('finds the gap where an event was deleted', async () => {
    const events = await allEvents()
    await asSuperuser(() => database.db.delete(auditEvents).where(eq(auditEvents.seq, events[2]!.seq)))
    expect(await verifyAuditChain(database.db)).toEqual({
      seq: events[3]!.seq,
      reason: 'previous hash does not match',
    })
  })
})

describe('the audit service', () => {
  it('labels the actor and keeps the request id', async () => {
    await database.db.transaction((tx) =>
      audit(tx, { ...SYSTEM_ACTOR, requestId: 'req-42' }, 'test.labelled', { details: { b: 1, a: 2 } }),
    )
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'test.labelled'))
    expect(event).toMatchObject({
      actorLabel: 'Harbour (admin)',
      requestId: 'req-42',
      details: { a: 2, b: 1 },
    })
  })
})
