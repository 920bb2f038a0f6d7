import { randomBytes } from 'node:crypto'
import { eq, sql, type SQL } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Actor, DataScope } from '../domain/access/scope.js'
import { addContact, assignStaff } from '../services/contacts.service.js'
import { OutOfScopeError } from '../services/errors.js'
import { getPupil } from '../services/pupils.service.js'
import { governorsReport } from '../services/reports.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { withDatabase } from '../test-support/global-setup.js'
import { FIXED_NOW, FIXED_TODAY, fixedContext } from '../test-support/service-context.js'
import { appRoleGrants, openOwnedTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { openDatabase, type Database, type Db } from './db.js'
import { appendAudit, verifyAuditChain } from './repositories/audit.repository.js'
import { runWithRowScope } from './row-scope.js'
import { contacts, pupils, pupilStaff, statusEpisodes } from './schema/index.js'

// DESIGN.md "Access control and audit", defence in depth: row-level security repeats the data scope of
// pupil-scope.ts inside the database. Here the app connects as a role that owns nothing (as README.md
// "Security" says to run it), and queries that forgot their WHERE clause return only rows in scope.

let owner: TestDatabase
let role: string
/** The same database as `owner`, as the app role. */
let app: Database
let appDb: Db

const LA = '881'
const OTHER_LA = '882'

let schoolA: { id: string; urn: string }
let schoolB: { id: string; urn: string }
let a1: { id: string }
let a2: { id: string }
let aLeft: { id: string }
let b1: { id: string }
let b2: { id: string }
let bEnded: { id: string }
let staffA: Actor
let staffB: Actor

/** Rows of a raw statement: both drivers return `{ rows }`. */
async function rowsOf<T>(db: Pick<Db, 'execute'>, statement: SQL): Promise<T[]> {
  const result: unknown = await db.execute(statement)
  return (result as { rows: T[] }).rows
}

/** Runs `work` in a transaction of the app, in the row scope of `scope`, as a request would. */
function inScope<T>(
  scope: DataScope,
  work: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<T>,
) {
  return runWithRowScope(
    () => ({ scope, today: FIXED_TODAY }),
    () => appDb.transaction(work),
  )
}

/** The pupil ids a deliberately unscoped query returns, sorted. */
const ids = (rows: Array<{ id?: string; pupil_id?: string }>) =>
  [...new Set(rows.map((r) => r.pupil_id ?? r.id!))].sort()
const sorted = (...pupils: Array<{ id: string }>) => pupils.map((p) => p.id).sort()

const everyPupil = (tx: Pick<Db, 'execute'>) => rowsOf<{ id: string }>(tx, sql`select * from pupil`)
const everyEpisode = (tx: Pick<Db, 'execute'>) =>
  rowsOf<{ pupil_id: string }>(tx, sql`select * from status_episode`)
const everyContact = (tx: Pick<Db, 'execute'>) => rowsOf<{ pupil_id: string }>(tx, sql`select * from contact`)

/** The database error under Drizzle's wrapper. */
const rejection = (call: PromiseLike<unknown>) =>
  Promise.resolve(call).then(
    () => 'no error',
    (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
  )

beforeAll(async () => {
  owner = await openOwnedTestDatabase()
  const ctx = fixedContext(owner)
  const sA = await aSchool(ctx)
  const sB = await aSchool(ctx)
  schoolA = { id: sA.id, urn: sA.urn }
  schoolB = { id: sB.id, urn: sB.urn }
  a1 = await aPupil(ctx, sA)
  a2 = await aPupil(ctx, sA)
  aLeft = await aPupil(ctx, sA)
  b1 = await aPupil(ctx, sB)
  b2 = await aPupil(ctx, sB)
  bEnded = await aPupil(ctx, sB)
  // Looked after by LA: a2 (school A) and b1 (school B). b2 by another LA; bEnded no longer.
  await anEpisode(ctx, a2.id, aClaEpisode({ responsibleLaCode: LA }))
  await anEpisode(ctx, b1.id, aClaEpisode({ responsibleLaCode: LA }))
  await anEpisode(ctx, b2.id, aClaEpisode({ responsibleLaCode: OTHER_LA }))
  await anEpisode(ctx, bEnded.id, aClaEpisode({ responsibleLaCode: LA, endDate: '2025-03-31' }))
  await anEpisode(ctx, a1.id, { type: 'CIN', startDate: '2025-01-06' })
  for (const p of [a1, a2, b1, b2])
    await addContact(ctx, SYSTEM_ACTOR, p.id, { role: 'social_worker', name: 'Sam Worker' })
  const sa = await aUser(ctx, 'staff', sA)
  staffA = sa.actor
  staffB = (await aUser(ctx, 'staff', sB)).actor
  await assignStaff(ctx, SYSTEM_ACTOR, a1.id, { userId: sa.user.id, role: 'key_adult' })
  await assignStaff(ctx, SYSTEM_ACTOR, aLeft.id, { userId: sa.user.id, role: 'mentor' })
  await owner.db.update(pupilStaff).set({ endedAt: FIXED_NOW }).where(eq(pupilStaff.pupilId, aLeft.id))

  // The app's role, as README.md "Security" sets it up: it owns nothing, and cannot change the audit log.
  role = `harbour_rls_${randomBytes(4).toString('hex')}`
  for (const statement of [`create role ${role} login`, ...appRoleGrants(role)])
    await owner.db.execute(sql.raw(statement))
  if (owner.mode === 'postgres') {
    const [{ name }] = (await rowsOf<{ name: string }>(owner.db, sql`select current_database() as name`)) as [
      { name: string },
    ]
    const url = new URL(withDatabase(inject('postgresAdminUrl'), name))
    url.username = role
    url.password = ''
    app = await openDatabase({ databaseUrl: url.toString() })
  } else {
    // The embedded database has one session: it becomes the app role's until the end.
    await owner.db.execute(sql.raw(`set role ${role}`))
    app = owner
  }
  appDb = app.db
})

afterAll(async () => {
  if (!owner) return
  if (app !== owner) await app?.close()
  else await owner.db.execute(sql.raw('reset role'))
  await owner.db.execute(sql.raw(`drop owned by ${role}`))
  // A role belongs to the whole server, not to the test's database.
  await owner.db.execute(sql.raw(`drop role ${role}`))
  await owner.close()
})

describe('row-level security, for an app that connects as a role that owns nothing', () => {
  it('shows an actor of school A only school A’s pupils and their rows, whatever the query', async () => {
    const seen = await inScope({ kind: 'school', schoolId: schoolA.id }, async (tx) => ({
      pupils: ids(await everyPupil(tx)),
      episodes: ids(await everyEpisode(tx)),
      contacts: ids(await everyContact(tx)),
      drizzle: ids(await tx.select({ id: pupils.id }).from(pupils)),
    }))
    expect(seen).toEqual({
      pupils: sorted(a1, a2, aLeft),
      episodes: sorted(a1, a2),
      contacts: sorted(a1, a2),
      drizzle: sorted(a1, a2, aLeft),
    })
  })

  it('shows a Virtual School the children its LA looks after today, wherever they attend (PD-12)', async () => {
    const seen = await inScope({ kind: 'looked_after_by', laCode: LA }, async (tx) => ({
      pupils: ids(await everyPupil(tx)),
      episodes: ids(await everyEpisode(tx)),
      contacts: ids(await everyContact(tx)),
    }))
    // Not b2 (another LA's), not bEnded (no longer looked after), not a1 (a child in need at school A).
    expect(seen).toEqual({ pupils: sorted(a2, b1), episodes: sorted(a2, b1), contacts: sorted(a2, b1) })
  })

  it('shows staff only the pupils assigned to them now', async () => {
    const scope: DataScope = { kind: 'assigned', schoolId: schoolA.id, userId: staffA.userId }
    const seen = await inScope(scope, async (tx) => ({
      pupils: ids(await everyPupil(tx)),
      assignments: ids(await rowsOf<{ pupil_id: string }>(tx, sql`select * from pupil_staff`)),
      contacts: ids(await everyContact(tx)),
    }))
    expect(seen).toEqual({ pupils: sorted(a1), assignments: sorted(a1), contacts: sorted(a1) })
    // The same user id with another school's id: nothing.
    const elsewhere = await inScope({ ...scope, schoolId: schoolB.id }, (tx) => everyPupil(tx))
    expect(elsewhere).toEqual([])
    expect(
      await inScope({ kind: 'assigned', schoolId: schoolB.id, userId: staffB.userId }, everyPupil),
    ).toEqual([])
  })

  it('shows no pupil rows to aggregates-only (governors) and no-scope actors', async () => {
    for (const scope of [{ kind: 'aggregates_only' }, { kind: 'none' }] as const) {
      const seen = await inScope(scope, async (tx) => [
        ...(await everyPupil(tx)),
        ...(await everyEpisode(tx)),
        ...(await everyContact(tx)),
      ])
      expect(seen).toEqual([])
    }
  })

  it('shows no pupil rows outside a transaction, where no scope is set (deny by default)', async () => {
    expect(await everyPupil(appDb)).toEqual([])
    expect(await everyEpisode(appDb)).toEqual([])
    expect(await appDb.select().from(contacts)).toEqual([])
  })

  it('shows every row to Harbour itself: a transaction outside any request (command line, jobs)', async () => {
    const seen = await appDb.transaction(async (tx) => ids(await everyPupil(tx)))
    expect(seen).toEqual(sorted(a1, a2, aLeft, b1, b2, bEnded))
  })

  it('refuses to write another school’s pupil rows, and changes nothing', async () => {
    const school: DataScope = { kind: 'school', schoolId: schoolA.id }
    const renamed = await inScope(school, (tx) =>
      tx.update(pupils).set({ givenName: 'Changed' }).where(eq(pupils.id, b1.id)).returning(),
    )
    expect(renamed).toEqual([])
    const inserted = rejection(
      inScope(school, (tx) =>
        tx.insert(contacts).values({ pupilId: b1.id, schoolId: schoolB.id, role: 'carer', name: 'Planted' }),
      ),
    )
    expect(await inserted).toMatch(/row-level security/)
    const moved = rejection(
      inScope(school, (tx) =>
        tx
          .insert(statusEpisodes)
          .values({ pupilId: b1.id, schoolId: schoolA.id, type: 'CIN', startDate: '2026-01-05' }),
      ),
    )
    expect(await moved).toMatch(/row-level security/)
    const [b1Now] = await appDb.transaction((tx) => tx.select().from(pupils).where(eq(pupils.id, b1.id)))
    expect(b1Now?.givenName).not.toBe('Changed')
    const planted = await appDb.transaction((tx) =>
      tx.select().from(contacts).where(eq(contacts.name, 'Planted')),
    )
    expect(planted).toEqual([])
  })

  it('still tells a refusal from an unknown id, so that the refusal is audited', async () => {
    const ctx = { db: appDb, now: () => FIXED_NOW }
    const call = runWithRowScope(
      () => ({
        scope: { kind: 'assigned', schoolId: schoolA.id, userId: staffA.userId },
        today: FIXED_TODAY,
      }),
      () => getPupil(ctx, staffA, b1.id),
    )
    await expect(call).rejects.toBeInstanceOf(OutOfScopeError)
  })

  it('lets a governor’s report count the whole school, though the governor sees no pupil rows', async () => {
    const ctx = fixedContext(owner)
    const governor = (await aUser(ctx, 'governor', schoolA)).actor
    const appCtx = { db: appDb, now: () => FIXED_NOW }
    const report = await runWithRowScope(
      () => ({ scope: { kind: 'aggregates_only' }, today: FIXED_TODAY }),
      () => governorsReport(appCtx, governor, schoolA.urn),
    )
    expect(report.report.counts.roll).toBe(3)
  })

  it('keeps the audit chain whole: appending reads the newest event, whoever it is about', async () => {
    await runWithRowScope(
      () => ({ scope: { kind: 'school', schoolId: schoolB.id }, today: FIXED_TODAY }),
      () =>
        appDb.transaction((tx) => appendAudit(tx, { actorUserId: null, action: 'test.b', pupilId: b1.id })),
    )
    await inScope({ kind: 'school', schoolId: schoolA.id }, (tx) =>
      appendAudit(tx, { actorUserId: null, action: 'test.a', pupilId: a1.id }),
    )
    expect(await appDb.transaction((tx) => verifyAuditChain(tx))).toBeNull()
  })

  it('covers a table added later with a pupil_id column, when the migrations next run', async () => {
    const probe = `rls_probe_${randomBytes(3).toString('hex')}`
    const asOwner = async (statement: string) => {
      if (app === owner) await owner.db.execute(sql.raw('reset role'))
      await owner.db.execute(sql.raw(statement))
      if (app === owner) await owner.db.execute(sql.raw(`set role ${role}`))
    }
    await asOwner(`create table ${probe} (id serial primary key, pupil_id uuid)`)
    await asOwner(`insert into ${probe} (pupil_id) values ('${a1.id}'), ('${b1.id}'), (null)`)
    await asOwner(`grant select on ${probe} to ${role}`)
    const before = await inScope({ kind: 'school', schoolId: schoolA.id }, (tx) =>
      rowsOf<{ pupil_id: string | null }>(tx, sql.raw(`select pupil_id from ${probe}`)),
    )
    expect(before).toHaveLength(3)
    if (app === owner) await owner.db.execute(sql.raw('reset role'))
    await owner.migrate()
    if (app === owner) await owner.db.execute(sql.raw(`set role ${role}`))
    const after = await inScope({ kind: 'school', schoolId: schoolA.id }, (tx) =>
      rowsOf<{ pupil_id: string | null }>(tx, sql.raw(`select pupil_id from ${probe} order by id`)),
    )
    // The school's own pupil, and the row about no pupil.
    expect(after.map((r) => r.pupil_id)).toEqual([a1.id, null])
  })
})

describe.runIf(inject('testDbMode') === 'postgres')('Database.migrate() as the app role', () => {
  it('does not try to migrate tables it does not own, when they are up to date', async () => {
    await expect(app.migrate()).resolves.toBeUndefined()
  })

  it('refuses to start on a database that needs migrating, and says who must migrate it', async () => {
    await owner.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    )
    await expect(app.migrate()).rejects.toThrow(/needs migrating.*harbour migrate/)
  })
})
