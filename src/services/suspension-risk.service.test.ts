import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outbox, suspensionObligations, tasks } from '../data/schema/index.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aSchoolCalendar, aUser } from '../test-support/builders.js'
import { brokenPaths, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { addContact } from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { ConflictError } from './errors.js'
import { createManagedMove, updateManagedMove } from './managed-moves.service.js'
import { createOffSiteDirection, updateOffSiteDirection } from './off-site-directions.service.js'
import { closeAtRisk, openAtRisk, recordRiskAssessment, updateAtRisk } from './suspension-risk.service.js'
import { recordSuspension } from './suspensions.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is Monday 23 November 2026; the calendar is CALENDAR_2026_27.
let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let dsl: Awaited<ReturnType<typeof aUser>>
let head: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  await aSchoolCalendar(ctx, school)
  dsl = await aUser(ctx, 'dsl', school)
  head = await aUser(ctx, 'headteacher', school)
})
afterAll(async () => database.close())

const tasksOf = (pupilId: string, kind: string) =>
  ctx.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.pupilId, pupilId), eq(tasks.kind, kind)))

describe('at risk of suspension (PD-7, POL-18 to POL-23)', () => {
  it('prompts an interim PEP review and the Virtual School for a looked-after child, then records their advice', async () => {
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
    const opened = await openAtRisk(ctx, dsl.actor, pupil.id, {
      concern: 'Several incidents at lunchtime this week',
      alternatives: ['time_out_of_class', 'supported_playtimes'],
    })
    expect(opened.prompts.map((p) => p.kind)).toEqual([
      'contact_virtual_school',
      'consider_interim_pep_review',
      'record_alternatives',
    ])
    expect(await tasksOf(pupil.id, 'interim_pep_review')).toEqual([
      expect.objectContaining({ assigneeRole: 'designated_teacher', dueOn: '2026-11-23' }),
    ])
    const updated = await updateAtRisk(ctx, dsl.actor, pupil.id, opened.atRisk.id, opened.atRisk.version, {
      vsConsultation: {
        date: '2026-11-23',
        with: 'Jo Adviser',
        advice: 'Use the calm room before any suspension',
      },
    })
    expect(updated.atRisk.vsConsultation).toEqual({
      date: '2026-11-23',
      with: 'Jo Adviser',
      advice: 'Use the calm room before any suspension',
    })
    expect(updated.prompts.map((p) => p.kind)).not.toContain('contact_virtual_school')
    expect(updated.atRisk.alternativesTried).toEqual(['time_out_of_class', 'supported_playtimes'])
    // A stale version is a conflict, not a lost update.
    await expect(
      updateAtRisk(ctx, dsl.actor, pupil.id, opened.atRisk.id, opened.atRisk.version, { concern: 'x' }),
    ).rejects.toBeInstanceOf(ConflictError)
    const closed = await closeAtRisk(ctx, dsl.actor, pupil.id, opened.atRisk.id, updated.atRisk.version, {
      note: 'Settled after the new timetable',
    })
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2026-11-23' })
  })

  it('refuses a second open record, an unknown alternative, and "other" without words', async () => {
    const pupil = await aPupil(ctx, school)
    expect(
      await brokenPaths(
        openAtRisk(ctx, dsl.actor, pupil.id, { concern: 'Fights', alternatives: ['detention', 'other'] }),
      ),
    ).toEqual(['alternatives.0', 'alternativesOther'])
    await openAtRisk(ctx, dsl.actor, pupil.id, { concern: 'Fights' })
    expect(await brokenPaths(openAtRisk(ctx, dsl.actor, pupil.id, { concern: 'Again' }))).toEqual(['concern'])
  })

  it('asks before the Virtual School is consulted about a previously looked-after child (POL-19)', async () => {
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, { type: 'PLA', startDate: '2019-06-01', route: 'adoption' })
    expect(
      await brokenPaths(
        openAtRisk(ctx, dsl.actor, pupil.id, {
          concern: 'Refusing to go to lessons',
          vsConsultation: { date: '2026-11-20', with: 'Jo Adviser' },
        }),
      ),
    ).toEqual(['vsConsultation'])
    const ok = await openAtRisk(ctx, dsl.actor, pupil.id, {
      concern: 'Refusing to go to lessons',
      parentConversation: { date: '2026-11-19', with: 'Adoptive parents' },
      parentConsentToVirtualSchool: true,
      vsConsultation: { date: '2026-11-20', with: 'Jo Adviser' },
    })
    expect(ok.atRisk.parentConversation).toMatchObject({ consentToVirtualSchool: true })
  })
})

describe('the risk assessment after repeated suspensions (POL-22)', () => {
  it('completes the open risk-assessment duty and sets a review task', async () => {
    const pupil = await aPupil(ctx, school)
    await recordSuspension(ctx, head.actor, pupil.id, { startDate: '2026-11-23', days: 1, reasons: ['DB'] })
    const second = await recordSuspension(ctx, head.actor, pupil.id, {
      startDate: '2026-11-30',
      days: 1,
      reasons: ['DB'],
    })
    expect(second.obligations.map((o) => o.kind)).toContain('risk_assessment')
    const { assessment, warnings } = await recordRiskAssessment(ctx, dsl.actor, pupil.id, {
      suspensionId: second.id,
      completedOn: '2026-11-23',
      content: {
        whatHappened: 'Conflict with peers at lunchtime',
        whatHelps: 'A quiet space and a key adult',
      },
      actions: [{ action: 'Lunchtime club with a key adult', who: 'Pastoral lead' }],
      sharedWith: ['child', 'parents_or_carers'],
      reviewOn: '2027-01-15',
    })
    expect(assessment.sharedWith).toEqual(['child', 'parents_or_carers'])
    expect(warnings.map((w) => w.code)).toEqual(['not_shared_with_all'])
    const duty = await ctx.db
      .select()
      .from(suspensionObligations)
      .where(
        and(
          eq(suspensionObligations.suspensionId, second.id),
          eq(suspensionObligations.kind, 'risk_assessment'),
        ),
      )
    expect(duty[0]!.doneAt).not.toBeNull()
    expect(await tasksOf(pupil.id, 'risk_assessment_review')).toEqual([
      expect.objectContaining({ dueOn: '2027-01-15' }),
    ])
    // A third suspension while none is open brings a new risk assessment (PD-17).
    const third = await recordSuspension(ctx, head.actor, pupil.id, {
      startDate: '2026-12-07',
      days: 1,
      reasons: ['DB'],
    })
    expect(third.obligations.map((o) => o.kind)).toContain('risk_assessment')
  })

  it('refuses one without actions or a review date', async () => {
    const pupil = await aPupil(ctx, school)
    expect(
      await brokenPaths(
        recordRiskAssessment(ctx, dsl.actor, pupil.id, {
          completedOn: '2026-11-23',
          content: {},
          actions: [],
          sharedWith: [],
          reviewOn: null,
        }),
      ),
    ).toEqual(['actions', 'reviewOn'])
  })
})

describe('off-site direction (EX-15)', () => {
  const direction = {
    provider: 'Hertford Learning Centre',
    address: '2 Mill Road, Hertford',
    contact: 'Chris Lead, 01992 000000',
    daysAndTimes: 'Monday to Friday, 9am to 3pm',
    reasons: 'To work on managing anger in a small group',
    endDate: '2027-02-12',
    reviewIntervalWeeks: 4,
    inSchoolSupportTried: true,
  }

  it('emails the parents’ notice at least 2 school days ahead and sets the first review', async () => {
    const pupil = await aPupil(ctx, school)
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'parent_guardian',
      name: 'Pat',
      email: 'pat@home.test',
    })
    const { direction: row, reviewDates } = await createOffSiteDirection(ctx, head.actor, pupil.id, {
      ...direction,
      startDate: '2026-12-01',
    })
    expect(row).toMatchObject({
      noticeToParentOn: '2026-11-23',
      nextReviewOn: '2026-12-29',
      status: 'planned',
    })
    expect(reviewDates[0]).toBe('2026-12-29')
    const [email] = await ctx.db.select().from(outbox).where(eq(outbox.pupilId, pupil.id))
    expect(email!.body).toContain('2 Mill Road, Hertford')
    expect(await tasksOf(pupil.id, 'off_site_review')).toHaveLength(1)
    // A parent asks for a review: none held in the previous 10 weeks, so one must be held.
    const { meetingRequired } = await updateOffSiteDirection(ctx, head.actor, pupil.id, row.id, row.version, {
      reviewRequest: { requestedOn: '2026-11-23', by: 'parent' },
    })
    expect(meetingRequired).toBe(true)
  })

  it('refuses a start too soon for notice, no end date, or no support in school first', async () => {
    const pupil = await aPupil(ctx, school)
    // 24 November is only one school day after today.
    expect(
      await brokenPaths(
        createOffSiteDirection(ctx, head.actor, pupil.id, { ...direction, startDate: '2026-11-24' }),
      ),
    ).toEqual(['startDate'])
    expect(
      await brokenPaths(
        createOffSiteDirection(ctx, head.actor, pupil.id, {
          ...direction,
          startDate: '2026-12-01',
          endDate: null,
          inSchoolSupportTried: false,
        }),
      ),
    ).toEqual(['endDate', 'inSchoolSupportTried'])
  })
})

describe('managed moves (EX-14)', () => {
  const move = {
    receivingSchool: 'Hertford High School',
    reason: 'A fresh start nearer the new foster placement',
    interventionsTried: 'Pastoral support plan; mentoring',
  }

  it('is proposed, then agreed by every party with the notices as tasks; no trial period', async () => {
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
    expect(
      await brokenPaths(createManagedMove(ctx, head.actor, pupil.id, { ...move, trialPeriod: true })),
    ).toEqual(['trialPeriod'])
    const { move: proposed } = await createManagedMove(ctx, head.actor, pupil.id, move)
    expect(proposed.status).toBe('proposed')
    expect(
      await brokenPaths(
        updateManagedMove(ctx, head.actor, pupil.id, proposed.id, proposed.version, {
          status: 'agreed',
          parentsAgreedOn: '2026-11-20',
          receivingSchoolAgreedOn: '2026-11-21',
          moveDate: '2027-01-05',
        }),
      ),
    ).toEqual(['agreedBy.admissionAuthority'])
    const { move: agreed, warnings } = await updateManagedMove(
      ctx,
      head.actor,
      pupil.id,
      proposed.id,
      proposed.version,
      {
        status: 'agreed',
        parentsAgreedOn: '2026-11-20',
        receivingSchoolAgreedOn: '2026-11-21',
        admissionAuthorityAgreedOn: '2026-11-23',
        moveDate: '2027-01-05',
      },
    )
    expect(agreed.status).toBe('agreed')
    expect(warnings.map((w) => w.code)).toContain('pep_review')
    const kinds = (await ctx.db.select().from(tasks).where(eq(tasks.pupilId, pupil.id)))
      .map((t) => t.kind)
      .sort()
    expect(kinds).toEqual([
      'managed_move_receiving_school',
      'managed_move_social_worker',
      'managed_move_virtual_school_head',
    ])
  })
})
