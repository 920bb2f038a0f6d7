import { and, count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, pupils } from '../data/schema/index.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { aPupilWithEverything, leaves } from '../test-support/full-record.js'
import { tablesWithPupilId } from '../test-support/pupil-tables.js'
import { brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { verifyAudit } from './audit.service.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import {
  deletePupilRecords,
  getRetentionSettings,
  retentionReport,
  reviewPupilDeletion,
  updateRetentionSettings,
} from './retention.service.js'

// FIXED_TODAY is 23 November 2026.
let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let admin: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  admin = await aUser(ctx, 'admin', school, { name: 'Ada Admin' })
})
afterAll(async () => database.close())

/** A care leaver who turned 25 on 1 January 2025 and left school in July 2018: past retention. */
async function aCareLeaverPastRetention(at = school) {
  const { pupil } = await aPupilWithEverything(ctx, at, { dateOfBirth: '2000-01-01' })
  await leaves(ctx, pupil.id, '2018-07-20')
  return pupil
}

const eventsAbout = (pupilId: string, action: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.pupilId, pupilId), eq(auditEvents.action, action)))

async function rowsAbout(pupilId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of await tablesWithPupilId(database.db)) {
    const result = await database.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where pupil_id = ${pupilId}`,
    )
    counts[table] = (result as { rows: Array<{ n: number }> }).rows[0]!.n
  }
  const [p] = await database.db.select({ n: count() }).from(pupils).where(eq(pupils.id, pupilId))
  counts.pupil = p!.n
  return counts
}

describe('retention settings (DOMAIN.md PD-13)', () => {
  it('keeps CLA and CSW records until the 25th birthday, and sets no school schedule, by default', async () => {
    const s = await getRetentionSettings(ctx, admin.actor)
    expect(s.careRecordsUntilAge).toBe(25)
    expect(s.schools).toEqual([{ urn: school.urn, name: school.name, yearsAfterLeaving: null }])
    expect(s.mayChangeCareAge).toBe(false)
  })

  it('lets a school’s administrator set and remove the school’s schedule, audited', async () => {
    const own = await aSchool(ctx)
    const ownAdmin = await aUser(ctx, 'admin', own)
    await updateRetentionSettings(ctx, ownAdmin.actor, { schedules: { [own.urn]: 7 } })
    expect((await getRetentionSettings(ctx, ownAdmin.actor)).schools[0]!.yearsAfterLeaving).toBe(7)
    await updateRetentionSettings(ctx, ownAdmin.actor, { schedules: { [own.urn]: null } })
    expect((await getRetentionSettings(ctx, ownAdmin.actor)).schools[0]!.yearsAfterLeaving).toBeNull()
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, ownAdmin.user.id),
          eq(auditEvents.action, 'retention.settings_changed'),
        ),
      )
    expect(events.map((e) => e.details)).toEqual([
      { careRecordsUntilAge: null, schedules: { [own.urn]: 7 } },
      { careRecordsUntilAge: null, schedules: { [own.urn]: null } },
    ])
  })

  it('leaves the age for CLA and CSW records to an administrator of every school', async () => {
    expect(
      await brokenRules(
        updateRetentionSettings(ctx, admin.actor, { careRecordsUntilAge: 30, schedules: {} }),
      ),
    ).toEqual([{ path: 'careRecordsUntilAge', message: expect.stringMatching(/every school/) as unknown }])
    const everyone = await aUser(ctx, 'admin', null)
    await updateRetentionSettings(ctx, everyone.actor, { careRecordsUntilAge: 30, schedules: {} })
    expect((await getRetentionSettings(ctx, admin.actor)).careRecordsUntilAge).toBe(30)
    await updateRetentionSettings(ctx, everyone.actor, { careRecordsUntilAge: 25, schedules: {} })
  })

  it('refuses an age or a number of years that is not a sensible whole number, changing nothing', async () => {
    const everyone = await aUser(ctx, 'admin', null)
    const errors = await brokenRules(
      updateRetentionSettings(ctx, everyone.actor, {
        careRecordsUntilAge: 12.5,
        schedules: { [school.urn]: 0 },
      }),
    )
    expect(errors.map((e) => e.path)).toEqual(['careRecordsUntilAge', `schedules.${school.urn}`])
    expect(await getRetentionSettings(ctx, admin.actor)).toMatchObject({
      careRecordsUntilAge: 25,
      schools: [{ yearsAfterLeaving: null }],
    })
  })

  it('treats another school’s schedule as unknown (404)', async () => {
    const other = await aSchool(ctx)
    await expect(
      updateRetentionSettings(ctx, admin.actor, { schedules: { [other.urn]: 5 } }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('is for administrators only', async () => {
    const dsl = await aUser(ctx, 'dsl', school)
    await expect(getRetentionSettings(ctx, dsl.actor)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      updateRetentionSettings(ctx, dsl.actor, { schedules: { [school.urn]: 5 } }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('the retention report (DOMAIN.md PD-13)', () => {
  it('lists the records past their retention date, with the reason and date, and counts the rest', async () => {
    const reportSchool = await aSchool(ctx)
    const reportAdmin = await aUser(ctx, 'admin', reportSchool)
    const careLeaver = await aCareLeaverPastRetention(reportSchool)
    // Had a child in need plan, and left in 2024 at 16: kept until the 25th birthday, in 2033.
    const young = await aPupil(ctx, reportSchool, { dateOfBirth: '2008-03-01' })
    await anEpisode(ctx, young.id, { type: 'CIN', startDate: '2020-01-01', endDate: '2021-01-01' })
    await leaves(ctx, young.id, '2024-07-20')
    // No status: follows the school's schedule, and there is none yet.
    const other = await aPupil(ctx, reportSchool, { dateOfBirth: '2005-01-01' })
    await leaves(ctx, other.id, '2015-07-20')
    // On roll, however old: never due.
    const onRoll = await aPupil(ctx, reportSchool, { dateOfBirth: '1990-01-01' })
    await anEpisode(ctx, onRoll.id, aClaEpisode())

    const report = await retentionReport(ctx, reportAdmin.actor)
    expect(report.counts).toEqual({
      leavers: 3,
      due: 1,
      dueCareRecords: 1,
      dueBySchedule: 0,
      notYetDue: 1,
      noSchedule: 1,
    })
    expect(report.due).toEqual([
      expect.objectContaining({
        pupilId: careLeaver.id,
        name: 'Robin Everything',
        leftOn: '2018-07-20',
        decision: expect.objectContaining({
          status: 'due',
          basis: 'care_records',
          dueOn: '2025-01-01',
        }) as unknown,
        reason: 'Was looked after or had a social worker: kept until their 25th birthday',
      }),
    ])
    expect(report.schoolsWithoutSchedule).toEqual([`${reportSchool.name} (URN ${reportSchool.urn})`])

    // Once the school sets a schedule, the other leaver is due too: 9 years after leaving in 2015.
    await updateRetentionSettings(ctx, reportAdmin.actor, { schedules: { [reportSchool.urn]: 9 } })
    const later = await retentionReport(ctx, reportAdmin.actor)
    expect(later.counts).toMatchObject({ due: 2, dueBySchedule: 1, noSchedule: 0 })
    expect(later.due.map((r) => [r.pupilId, r.decision.dueOn])).toEqual([
      [other.id, '2024-07-20'],
      [careLeaver.id, '2025-01-01'],
    ])
    expect(later.schoolsWithoutSchedule).toEqual([])
  })

  it('shows an administrator only their own school’s pupils, and records each reading', async () => {
    const past = await aCareLeaverPastRetention()
    const elsewhere = await aUser(ctx, 'admin', await aSchool(ctx))
    const report = await retentionReport(ctx, elsewhere.actor)
    expect(report.due.map((r) => r.pupilId)).not.toContain(past.id)
    const readings = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, elsewhere.user.id),
          eq(auditEvents.action, 'retention.report_viewed'),
        ),
      )
    expect(readings).toHaveLength(1)
  })

  it('is refused to a headteacher (403)', async () => {
    const head = await aUser(ctx, 'headteacher', school)
    await expect(retentionReport(ctx, head.actor)).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('deleting a record past its retention date (DOMAIN.md PD-13)', () => {
  it('names what will be deleted, in an audited read', async () => {
    const pupil = await aCareLeaverPastRetention()
    const review = await reviewPupilDeletion(ctx, admin.actor, pupil.id)
    expect(review.decision).toMatchObject({ status: 'due', dueOn: '2025-01-01' })
    expect(review.counts).toMatchObject({
      status_episode: 5,
      placement_change: 1,
      contact: 1,
      pupil_staff: 2,
      task: 1,
      outbox: 1,
    })
    expect(await eventsAbout(pupil.id, 'pupil.deletion_reviewed')).toHaveLength(1)
  })

  it('deletes the pupil and every row about them in one go, keeping and extending the audit trail', async () => {
    const pupil = await aCareLeaverPastRetention()
    const trailBefore = (await eventsAbout(pupil.id, 'pupil.created')).length
    const { deleted } = await deletePupilRecords(ctx, admin.actor, pupil.id)
    expect(deleted).toMatchObject({ status_episode: 5, placement_change: 1, contact: 1, pupil_staff: 2 })
    const left = await rowsAbout(pupil.id)
    const { audit_event: trail, ...records } = left
    expect(
      Object.values(records).every((n) => n === 0),
      JSON.stringify(left),
    ).toBe(true)
    expect(trail).toBeGreaterThan(5)
    expect(await eventsAbout(pupil.id, 'pupil.created')).toHaveLength(trailBefore)
    const [event] = await eventsAbout(pupil.id, 'pupil.deleted')
    expect(event).toMatchObject({ actorUserId: admin.user.id, schoolId: school.id, entityId: pupil.id })
    expect(event!.details).toMatchObject({
      basis: 'care_records',
      dueOn: '2025-01-01',
      deleted: { pupil: 1, status_episode: 5, outbox: 1, task: 1 },
    })
    expect(JSON.stringify(event!.details)).not.toContain('Robin')
    expect(await verifyAudit(ctx)).toBeNull()
    // Gone: the next attempt finds nothing.
    await expect(deletePupilRecords(ctx, admin.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it.each([
    ['still on roll', null, '1990-01-01', /Still on roll/],
    [
      'left, with a social worker, before their 25th birthday',
      '2024-07-20',
      '2008-03-01',
      /25th birthday.*from 1 March 2033/,
    ],
  ])('refuses a pupil %s, changing nothing', async (_, leftOn, dateOfBirth, reason) => {
    const { pupil } = await aPupilWithEverything(ctx, school, { dateOfBirth })
    if (leftOn) await leaves(ctx, pupil.id, leftOn)
    const before = await rowsAbout(pupil.id)
    const errors = await brokenRules(deletePupilRecords(ctx, admin.actor, pupil.id))
    expect(errors).toEqual([{ path: 'pupil', message: expect.stringMatching(reason) as unknown }])
    expect(await rowsAbout(pupil.id)).toEqual(before)
    expect(await eventsAbout(pupil.id, 'pupil.deleted')).toEqual([])
  })

  it('refuses a pupil with no status at a school with no retention schedule', async () => {
    const pupil = await aPupil(ctx, school, { dateOfBirth: '1995-01-01' })
    await leaves(ctx, pupil.id, '2010-07-20')
    const errors = await brokenRules(deletePupilRecords(ctx, admin.actor, pupil.id))
    expect(errors[0]!.message).toMatch(/No retention schedule set/)
    expect((await rowsAbout(pupil.id)).pupil).toBe(1)
  })

  it('treats another school’s pupil as unknown (404) and refuses anyone but an administrator (403)', async () => {
    const pupil = await aCareLeaverPastRetention()
    const elsewhere = await aUser(ctx, 'admin', await aSchool(ctx))
    await expect(deletePupilRecords(ctx, elsewhere.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(reviewPupilDeletion(ctx, elsewhere.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
    const dsl = await aUser(ctx, 'dsl', school)
    await expect(deletePupilRecords(ctx, dsl.actor, pupil.id)).rejects.toBeInstanceOf(ForbiddenError)
    expect((await rowsAbout(pupil.id)).pupil).toBe(1)
  })
})
