import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, contacts } from '../data/schema/index.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import {
  addContact,
  assignStaff,
  endStaffAssignment,
  updateContact,
  type ContactInput,
} from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { correctEpisode } from './episodes.service.js'
import { ConflictError, NotFoundError } from './errors.js'
import { getPupil } from './pupils.service.js'
import { getPupilRecord } from './pupil-record.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

const socialWorker = (over: Partial<ContactInput> = {}): ContactInput => ({
  role: 'social_worker',
  name: 'Jordan Reyes',
  organisation: 'Hertfordshire Children’s Services',
  email: 'jordan.reyes@la.example',
  phone: '01632 960 001',
  fromDate: '2026-09-01',
  ...over,
})

describe('contacts', () => {
  it('adds a contact to the pupil’s school and audits it', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const contact = await addContact(ctx, SYSTEM_ACTOR, pupil.id, socialWorker({ name: '  Jordan Reyes ' }))
    expect(contact).toMatchObject({
      pupilId: pupil.id,
      schoolId: school.id,
      name: 'Jordan Reyes',
      version: 1,
    })
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'contact.created'), eq(auditEvents.entityId, contact.id)))
    expect(events).toHaveLength(1)
  })

  it('refuses bad input with the path of each field and saves nothing', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    expect(
      await brokenPaths(
        addContact(ctx, SYSTEM_ACTOR, pupil.id, {
          role: 'neighbour' as 'carer',
          name: '',
          email: 'jordan@',
          phone: 'call me',
          fromDate: '2026-09-01',
          toDate: '2026-08-31',
        }),
      ),
    ).toEqual(['role', 'name', 'email', 'phone', 'toDate'])
    expect(await database.db.select().from(contacts).where(eq(contacts.pupilId, pupil.id))).toEqual([])
  })

  it('refuses a change made from a stale version, and a contact of another pupil', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const other = await aPupil(ctx, school)
    const contact = await addContact(ctx, SYSTEM_ACTOR, pupil.id, socialWorker())
    const changed = await updateContact(
      ctx,
      SYSTEM_ACTOR,
      pupil.id,
      contact.id,
      1,
      socialWorker({ phone: '01632 960 002' }),
    )
    expect(changed.version).toBe(2)
    await expect(
      updateContact(ctx, SYSTEM_ACTOR, pupil.id, contact.id, 1, socialWorker({ phone: '01632 960 003' })),
    ).rejects.toBeInstanceOf(ConflictError)
    await expect(
      updateContact(ctx, SYSTEM_ACTOR, other.id, contact.id, 2, socialWorker()),
    ).rejects.toBeInstanceOf(NotFoundError)
    const [row] = await database.db.select().from(contacts).where(eq(contacts.id, contact.id))
    expect(row).toMatchObject({ phone: '01632 960 002', version: 2 })
  })

  it('lets a Virtual School adviser add contacts only for the children their LA looks after', async () => {
    const school = await aSchool(ctx)
    const ours = await aPupil(ctx, school)
    await anEpisode(ctx, ours.id, aClaEpisode({ responsibleLaCode: '919' }))
    const theirs = await aPupil(ctx, school)
    await anEpisode(ctx, theirs.id, aClaEpisode({ responsibleLaCode: '873' }))
    const { actor } = await aUser(ctx, 'vs_adviser', null, { laCode: '919' })
    expect((await addContact(ctx, actor, ours.id, socialWorker())).pupilId).toBe(ours.id)
    await expect(addContact(ctx, actor, theirs.id, socialWorker())).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('staff assignments', () => {
  it('refuses a governor, someone from another school, and an unknown role', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const governor = await aUser(ctx, 'governor', school)
    const elsewhere = await aUser(ctx, 'staff', await aSchool(ctx))
    const teacher = await aUser(ctx, 'staff', school)
    for (const userId of [governor.user.id, elsewhere.user.id, 'not-a-user'])
      expect(await brokenPaths(assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId, role: 'mentor' }))).toEqual(
        ['userId'],
      )
    expect(
      await brokenPaths(
        assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: teacher.user.id, role: 'coach' as 'mentor' }),
      ),
    ).toEqual(['role'])
  })

  it('refuses the same person twice in the same role, but allows a second role', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const staff = await aUser(ctx, 'staff', school)
    await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: staff.user.id, role: 'key_adult' })
    expect(
      await brokenPaths(
        assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: staff.user.id, role: 'key_adult' }),
      ),
    ).toEqual(['userId'])
    const mentor = await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: staff.user.id, role: 'mentor' })
    expect(mentor.role).toBe('mentor')
  })

  it('takes the pupil out of a member of staff’s view when their assignment ends', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const staff = await aUser(ctx, 'staff', school)
    const assignment = await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, {
      userId: staff.user.id,
      role: 'teacher',
    })
    expect((await getPupil(ctx, staff.actor, pupil.id)).id).toBe(pupil.id)
    await endStaffAssignment(ctx, SYSTEM_ACTOR, pupil.id, assignment.id)
    await expect(getPupil(ctx, staff.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(endStaffAssignment(ctx, SYSTEM_ACTOR, pupil.id, assignment.id)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('getPupilRecord', () => {
  it('gathers status, full history, contacts, staff and tasks, and audits the read', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const keyAdult = await aUser(ctx, 'staff', school, { name: 'Kim Keyadult' })
    await assignStaff(ctx, SYSTEM_ACTOR, pupil.id, { userId: keyAdult.user.id, role: 'key_adult' })
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, socialWorker())
    const { episode } = await anEpisode(ctx, pupil.id, { type: 'CIN', startDate: '2026-11-02' })
    const { episode: corrected } = await correctEpisode(ctx, SYSTEM_ACTOR, pupil.id, episode.id, {
      type: 'CIN',
      startDate: '2026-11-03',
      cinCategory: 'N4',
      reason: 'Wrong start date',
    })

    const record = await getPupilRecord(ctx, keyAdult.actor, pupil.id)

    expect(record.status).toMatchObject({ cswCurrent: true, cla: false })
    expect(record.current.map((e) => e.id)).toEqual([corrected.id])
    expect(record.history.map((e) => e.id)).toEqual([episode.id, corrected.id])
    expect(record.contacts.map((c) => c.role)).toEqual(['social_worker'])
    expect(record.staff.map((s) => [s.role, s.name])).toEqual([['key_adult', 'Kim Keyadult']])
    expect(record.tasks.map((t) => [t.kind, t.state, t.assigneeUserId])).toEqual([
      ['social_worker_allocated', 'due_today', keyAdult.user.id],
    ])
    const reads = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'pupil.viewed'), eq(auditEvents.actorUserId, keyAdult.user.id)))
    expect(reads.map((e) => e.pupilId)).toEqual([pupil.id])
  })
})
