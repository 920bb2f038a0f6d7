import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../data/schema/index.js'
import { aPupil, aSchool, aUser } from '../test-support/builders.js'
import { fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError, OutOfScopeError, RuleBrokenError } from './errors.js'
import { getPupil, updatePupil } from './pupils.service.js'
import { recordRefusal, refusalOf } from './refusals.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let pupil: Awaited<ReturnType<typeof aPupil>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  pupil = await aPupil(ctx, school)
})
afterAll(async () => database.close())

const refusalsBy = (userId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, 'access.denied')))

const rejection = (call: Promise<unknown>) =>
  call.then(
    () => null,
    (e: unknown) => e,
  )

describe('requirePupil: out of scope or unknown', () => {
  it('throws an OutOfScopeError, a kind of NotFound, for a pupil that exists out of scope', async () => {
    const { actor } = await aUser(ctx, 'staff', school)
    const error = await rejection(getPupil(ctx, actor, pupil.id))
    expect(error).toBeInstanceOf(OutOfScopeError)
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error).toMatchObject({ action: 'pupil:read', pupilId: pupil.id, schoolId: school.id })
    // What the caller is told is exactly the message of an unknown pupil.
    expect((error as Error).message).toBe(new NotFoundError('pupil').message)
    expect((error as Error).name).toBe('NotFoundError')
  })

  it('names the action that was tried', async () => {
    const { actor } = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    const error = await rejection(
      updatePupil(ctx, actor, pupil.id, 1, {
        upn: pupil.upn,
        givenName: 'X',
        familyName: 'Y',
        dateOfBirth: '2014-05-01',
      }),
    )
    expect(error).toMatchObject({ action: 'pupil:update', pupilId: pupil.id })
  })

  it('throws a plain NotFoundError for an id that is nobody’s, and writes nothing itself', async () => {
    const { user, actor } = await aUser(ctx, 'staff', school)
    const error = await rejection(getPupil(ctx, actor, randomUUID()))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error).not.toBeInstanceOf(OutOfScopeError)
    await rejection(getPupil(ctx, actor, pupil.id))
    // The work's transaction rolled back: the refusal is written by whoever handles the error.
    expect(await refusalsBy(user.id)).toEqual([])
  })
})

describe('refusalOf', () => {
  const request = (route: string, params: unknown = {}) => ({ method: 'GET', route, params })

  it('takes the pupil of a ForbiddenError from a pupil route, and only a well-formed id', () => {
    const id = randomUUID()
    expect(refusalOf(new ForbiddenError('pupil:update'), request('/pupils/:id/edit', { id }))).toEqual({
      action: 'pupil:update',
      route: 'GET /pupils/:id/edit',
      pupilId: id,
      schoolId: null,
    })
    expect(refusalOf(new ForbiddenError('pupil:read'), request('/api/v1/pupils/:id', { id }))?.pupilId).toBe(
      id,
    )
    expect(
      refusalOf(new ForbiddenError('pupil:read'), request('/pupils/:id', { id: 'nope' }))?.pupilId,
    ).toBeNull()
    expect(
      refusalOf(new ForbiddenError('user:manage'), request('/admin/users/:id', { id }))?.pupilId,
    ).toBeNull()
  })

  it('is null for errors that are not refusals', () => {
    expect(refusalOf(new NotFoundError('pupil'), request('/pupils/:id'))).toBeNull()
    expect(refusalOf(new RuleBrokenError([]), request('/pupils/:id'))).toBeNull()
    expect(refusalOf(new Error('boom'), request('/pupils/:id'))).toBeNull()
  })
})

describe('recordRefusal', () => {
  it('writes one access.denied event, in its own transaction, with the pupil and no name', async () => {
    const { user, actor } = await aUser(ctx, 'staff', school)
    const error = await rejection(getPupil(ctx, actor, pupil.id))
    expect(
      await recordRefusal(ctx, actor, error, {
        method: 'GET',
        route: '/pupils/:id',
        params: { id: pupil.id },
      }),
    ).toBe(true)
    const events = await refusalsBy(user.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      pupilId: pupil.id,
      schoolId: school.id,
      details: { action: 'pupil:read', route: 'GET /pupils/:id' },
    })
    expect(JSON.stringify(events[0])).not.toContain(pupil.familyName)
  })

  it('records a ForbiddenError on a pupil route against the pupil, when the pupil exists', async () => {
    const { user, actor } = await aUser(ctx, 'governor', school)
    const route = { method: 'GET', route: '/api/v1/pupils/:id' }
    await recordRefusal(ctx, actor, new ForbiddenError('pupil:read'), { ...route, params: { id: pupil.id } })
    await recordRefusal(ctx, actor, new ForbiddenError('pupil:read'), {
      ...route,
      params: { id: randomUUID() },
    })
    const events = await refusalsBy(user.id)
    expect(events.map((e) => [e.pupilId, e.schoolId])).toEqual([
      [pupil.id, school.id],
      [null, school.id],
    ])
  })

  it('writes nothing for a request with nobody signed in, or an error that is no refusal', async () => {
    const before = await database.db.select().from(auditEvents)
    const route = { method: 'GET', route: '/pupils/:id', params: { id: pupil.id } }
    expect(await recordRefusal(ctx, null, new ForbiddenError('pupil:read'), route)).toBe(false)
    const { actor } = await aUser(ctx, 'staff', school)
    const after = await database.db.select().from(auditEvents)
    expect(await recordRefusal(ctx, actor, new NotFoundError('pupil'), route)).toBe(false)
    expect((await database.db.select().from(auditEvents)).length).toBe(after.length)
    expect(after.filter((e) => e.action === 'access.denied').length).toBe(
      before.filter((e) => e.action === 'access.denied').length,
    )
  })
})
