import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, tasks } from '../data/schema/index.js'
import { aPupil, aSchool, aUser } from '../test-support/builders.js'
import { fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { NotFoundError } from './errors.js'
import { completeTask, createTask, listMyTasks } from './tasks.service.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

let n = 0
async function aTask(
  schoolId: string,
  assignee: { userId?: string; role?: string },
  dueOn: string,
  over: { pupilId?: string; title?: string } = {},
) {
  const task = await createTask(database.db, {
    schoolId,
    kind: 'test_task',
    title: over.title ?? `Task due ${dueOn}`,
    assigneeUserId: assignee.userId ?? null,
    assigneeRole: assignee.role ?? null,
    pupilId: over.pupilId ?? null,
    dueOn,
    sourceKey: `test:${++n}`,
  })
  return task!
}

describe('listMyTasks', () => {
  it('puts late tasks first, then those due today, then those due later, soonest first', async () => {
    const school = await aSchool(ctx)
    const { user, actor } = await aUser(ctx, 'designated_teacher', school)
    for (const due of ['2026-11-30', '2026-11-23', '2026-11-20', '2027-01-04', '2026-11-02'])
      await aTask(school.id, { userId: user.id }, due)

    const mine = await listMyTasks(ctx, actor)
    expect(mine.map((t) => [t.dueOn, t.state])).toEqual([
      ['2026-11-02', 'late'],
      ['2026-11-20', 'late'],
      ['2026-11-23', 'due_today'],
      ['2026-11-30', 'due'],
      ['2027-01-04', 'due'],
    ])
  })

  it('leaves out done tasks unless asked, and names who did them', async () => {
    const school = await aSchool(ctx)
    const { user, actor } = await aUser(ctx, 'designated_teacher', school, { name: 'Dana Doer' })
    const done = await aTask(school.id, { userId: user.id }, '2026-11-01')
    const open = await aTask(school.id, { userId: user.id }, '2026-12-01')
    await completeTask(ctx, actor, done.id, null)

    expect((await listMyTasks(ctx, actor)).map((t) => t.id)).toEqual([open.id])
    const all = await listMyTasks(ctx, actor, { includeDone: true })
    expect(all.map((t) => [t.id, t.state, t.doneByName])).toEqual([
      [open.id, 'due', null],
      [done.id, 'done', 'Dana Doer'],
    ])
  })

  it('shows a task addressed to a role to the users with that role at that school only', async () => {
    const school = await aSchool(ctx)
    const otherSchool = await aSchool(ctx)
    const task = await aTask(school.id, { role: 'designated_teacher' }, '2026-11-25')
    const dt = await aUser(ctx, 'designated_teacher', school)
    const secondDt = await aUser(ctx, 'designated_teacher', school)
    const dtElsewhere = await aUser(ctx, 'designated_teacher', otherSchool)
    const head = await aUser(ctx, 'headteacher', school)
    const vsHead = await aUser(ctx, 'vs_head', null, { laCode: '919' })

    for (const who of [dt, secondDt])
      expect((await listMyTasks(ctx, who.actor)).map((t) => t.id)).toEqual([task.id])
    for (const who of [dtElsewhere, head, vsHead]) expect(await listMyTasks(ctx, who.actor)).toEqual([])
  })

  it('does not show one person’s task to a colleague with the same role', async () => {
    const school = await aSchool(ctx)
    const a = await aUser(ctx, 'staff', school)
    const b = await aUser(ctx, 'staff', school)
    await aTask(school.id, { userId: a.user.id }, '2026-11-25')
    expect(await listMyTasks(ctx, b.actor)).toEqual([])
  })
})

describe('completeTask', () => {
  it('records who did it, when, and their note, and writes an audit event', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const { user, actor } = await aUser(ctx, 'designated_teacher', school)
    const task = await aTask(school.id, { userId: user.id }, '2026-11-23', { pupilId: pupil.id })

    const done = await completeTask(ctx, actor, task.id, '  Read the new plan  ')
    expect(done).toMatchObject({ doneBy: user.id, doneNote: 'Read the new plan' })
    expect(done.doneAt).toBeInstanceOf(Date)
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, task.id), eq(auditEvents.action, 'task.completed')))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorUserId: user.id, pupilId: pupil.id })
  })

  it('does not let another user complete someone else’s task, and leaves it open', async () => {
    const school = await aSchool(ctx)
    const owner = await aUser(ctx, 'staff', school)
    const colleague = await aUser(ctx, 'designated_teacher', school)
    const task = await aTask(school.id, { userId: owner.user.id }, '2026-11-23')
    await expect(completeTask(ctx, colleague.actor, task.id, 'Not mine')).rejects.toBeInstanceOf(
      NotFoundError,
    )
    for (const nonsense of ['nonsense', 'f'.repeat(36)])
      await expect(completeTask(ctx, colleague.actor, nonsense, null)).rejects.toBeInstanceOf(NotFoundError)
    const [row] = await database.db.select().from(tasks).where(eq(tasks.id, task.id))
    expect(row).toMatchObject({ doneAt: null, doneBy: null })
  })

  it('lets anyone with the role at the school complete a role task, once for all of them', async () => {
    const school = await aSchool(ctx)
    const first = await aUser(ctx, 'designated_teacher', school)
    const second = await aUser(ctx, 'designated_teacher', school)
    const elsewhere = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    const task = await aTask(school.id, { role: 'designated_teacher' }, '2026-11-23')

    await expect(completeTask(ctx, elsewhere.actor, task.id, null)).rejects.toBeInstanceOf(NotFoundError)
    await completeTask(ctx, first.actor, task.id, 'Done')
    expect(await listMyTasks(ctx, second.actor)).toEqual([])
  })

  it('keeps the first completion when a task is marked done twice, without a second audit event', async () => {
    const school = await aSchool(ctx)
    const first = await aUser(ctx, 'designated_teacher', school)
    const second = await aUser(ctx, 'designated_teacher', school)
    const task = await aTask(school.id, { role: 'designated_teacher' }, '2026-11-23')
    await completeTask(ctx, first.actor, task.id, 'First')
    const again = await completeTask(ctx, second.actor, task.id, 'Second')
    expect(again).toMatchObject({ doneBy: first.user.id, doneNote: 'First' })
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, task.id), eq(auditEvents.action, 'task.completed')))
    expect(events.map((e) => e.actorUserId)).toEqual([first.user.id])
  })
})
