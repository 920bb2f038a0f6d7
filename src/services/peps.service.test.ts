import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, outbox, peps, pepTargets, pupils, tasks } from '../data/schema/index.js'
import { aClaEpisode, aPupil, aSchool, aUser, anEpisode } from '../test-support/builders.js'
import { brokenPaths, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { addContact } from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import { createPep, decidePep, getPep, submitPep, updatePep, type PepInput } from './peps.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is 23 November 2026.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aLookedAfterChild() {
  const school = await aSchool(ctx)
  const pupil = await aPupil(ctx, school, { yearGroup: 7 })
  await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: '919' }))
  const dt = await aUser(ctx, 'designated_teacher', school)
  const adviser = await aUser(ctx, 'vs_adviser', null, { laCode: '919' })
  return { school, pupil, dt, adviser }
}

const aTarget = (over: Partial<NonNullable<PepInput['targets']>[number]> = {}) => ({
  description: 'Read a chapter book independently each week',
  successCriteria: 'Reading age within a year of chronological age by July',
  owner: 'English teacher',
  dueBy: '2027-07-16',
  ppPlusRequestedPence: 40000,
  ...over,
})

const aReadyPep = (over: Partial<PepInput> = {}): PepInput => ({
  meetingDate: '2026-11-10',
  content: {
    childVoice: { ownWords: 'I like art and I want to get better at reading.' },
    attendees: { socialWorker: 'Sam Worker', carer: 'Pat Carer', child: 'attended' },
  },
  targets: [aTarget()],
  ...over,
})

const pepRow = async (id: string) => (await database.db.select().from(peps).where(eq(peps.id, id)))[0]!
const auditActions = async (pepId: string) =>
  (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, pepId))).map((e) => e.action)

describe('createPep', () => {
  it('saves a draft for a looked-after child, with a snapshot of the record at the meeting date, and audits it', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    const created = await createPep(ctx, dt.actor, pupil.id, aReadyPep())
    expect(created.status).toBe('draft')
    const row = await pepRow(created.id)
    expect(row.responsibleLaCode).toBe('919')
    expect(row.snapshot).toMatchObject({ yearGroup: 7, looksAfter: '919', attendance: null })
    expect(await auditActions(created.id)).toEqual(['pep.created'])
  })

  it('refuses a PEP for a date the child was not looked after, and stores nothing', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    expect(
      await brokenPaths(createPep(ctx, dt.actor, pupil.id, aReadyPep({ meetingDate: '2024-12-01' }))),
    ).toEqual(['meetingDate'])
    expect(await database.db.select().from(peps).where(eq(peps.pupilId, pupil.id))).toHaveLength(0)
  })

  it('refuses targets without success criteria or an owner, and stores nothing', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    const paths = await brokenPaths(
      createPep(
        ctx,
        dt.actor,
        pupil.id,
        aReadyPep({ targets: [aTarget({ successCriteria: ' ', owner: '' })] }),
      ),
    )
    expect(paths).toEqual(['targets.0.successCriteria', 'targets.0.owner'])
    expect(await database.db.select().from(pepTargets).where(eq(pepTargets.pupilId, pupil.id))).toHaveLength(
      0,
    )
  })

  it('is 404 for a pupil of another school and forbidden to a member of staff', async () => {
    const { pupil } = await aLookedAfterChild()
    const otherDt = await aUser(ctx, 'designated_teacher', await aSchool(ctx))
    await expect(createPep(ctx, otherDt.actor, pupil.id, aReadyPep())).rejects.toBeInstanceOf(NotFoundError)
    const staff = await aUser(ctx, 'staff', await aSchool(ctx))
    await expect(createPep(ctx, staff.actor, pupil.id, aReadyPep())).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('submitting a PEP', () => {
  it('submits at once with submit: true, closes the DT’s "PEP due" tasks and tells the DT and the social worker', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
      email: 'sam.worker@la.example',
    })
    const [row] = await database.db.select().from(pupils).where(eq(pupils.id, pupil.id))
    await database.db.insert(tasks).values({
      schoolId: row!.schoolId,
      pupilId: pupil.id,
      kind: 'pep_due',
      title: 'PEP due',
      dueOn: '2026-12-18',
      sourceKey: `pep_due:${pupil.id}:2026-12-18`,
    })
    const created = await createPep(ctx, dt.actor, pupil.id, aReadyPep({ submit: true }))
    expect(created.status).toBe('submitted')
    const [task] = await database.db.select().from(tasks).where(eq(tasks.pupilId, pupil.id))
    expect(task!.doneAt).not.toBeNull()
    const mail = await database.db.select().from(outbox).where(eq(outbox.pupilId, pupil.id))
    expect(mail.map((m) => m.toAddress).sort()).toEqual([dt.user.email, 'sam.worker@la.example'].sort())
    expect(mail[0]!.subject).toContain('PEP submitted')
  })

  it('refuses a meeting date in the future and a PEP without the child’s voice, leaving it a draft', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    const draft = await createPep(
      ctx,
      dt.actor,
      pupil.id,
      aReadyPep({ meetingDate: '2026-12-01', content: {} }),
    )
    expect(await brokenPaths(submitPep(ctx, dt.actor, pupil.id, draft.id, draft.version))).toEqual([
      'meetingDate',
      'childVoice.ownWords',
    ])
    expect((await pepRow(draft.id)).status).toBe('draft')
  })

  it('asks for career aspirations from Year 8', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school, { yearGroup: 8, dateOfBirth: '2013-03-01' })
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
    const dt = await aUser(ctx, 'designated_teacher', school)
    const draft = await createPep(ctx, dt.actor, pupil.id, aReadyPep())
    expect(await brokenPaths(submitPep(ctx, dt.actor, pupil.id, draft.id, draft.version))).toEqual([
      'careerAspirations',
    ])
  })

  it('refuses to submit twice, saying it has already been submitted', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    const draft = await createPep(ctx, dt.actor, pupil.id, aReadyPep())
    await submitPep(ctx, dt.actor, pupil.id, draft.id, draft.version)
    const again = submitPep(ctx, dt.actor, pupil.id, draft.id, draft.version)
    await expect(again).rejects.toMatchObject({
      errors: [{ path: 'status', message: 'This PEP has already been submitted.' }],
    })
  })
})

describe('editing a draft', () => {
  it('is a conflict when someone else saved first, and keeps their work', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    const draft = await createPep(ctx, dt.actor, pupil.id, aReadyPep())
    await updatePep(ctx, dt.actor, pupil.id, draft.id, draft.version, {
      content: { leisureInterests: 'Football on Saturdays' },
    })
    await expect(
      updatePep(ctx, dt.actor, pupil.id, draft.id, draft.version, {
        content: { carerRole: 'Reads with her every night' },
      }),
    ).rejects.toBeInstanceOf(ConflictError)
    const row = await pepRow(draft.id)
    expect(row.content).toMatchObject({ leisureInterests: 'Football on Saturdays' })
    expect(row.content).not.toHaveProperty('carerRole')
  })
})

describe('the Virtual School’s decision', () => {
  it('returns with feedback, the DT fixes and resubmits, and the adviser approves with a rating', async () => {
    const { pupil, dt, adviser } = await aLookedAfterChild()
    let pep = await createPep(ctx, dt.actor, pupil.id, aReadyPep({ submit: true }))
    expect(
      await brokenPaths(
        decidePep(ctx, adviser.actor, pupil.id, pep.id, pep.version, { action: 'return', feedback: ' ' }),
      ),
    ).toEqual(['feedback'])
    pep = await decidePep(ctx, adviser.actor, pupil.id, pep.id, pep.version, {
      action: 'return',
      feedback: 'Add a maths target',
    })
    expect(pep.status).toBe('returned')
    expect((await pepRow(pep.id)).returnFeedback).toBe('Add a maths target')
    pep = await updatePep(ctx, dt.actor, pupil.id, pep.id, pep.version, {
      targets: [
        aTarget(),
        aTarget({
          description: 'Times tables to 12',
          successCriteria: '90% on the check',
          owner: 'Maths teacher',
        }),
      ],
    })
    pep = await submitPep(ctx, dt.actor, pupil.id, pep.id, pep.version)
    expect(
      await brokenPaths(
        decidePep(ctx, adviser.actor, pupil.id, pep.id, pep.version, { action: 'approve', rating: 'red' }),
      ),
    ).toEqual(['rating'])
    pep = await decidePep(ctx, adviser.actor, pupil.id, pep.id, pep.version, {
      action: 'approve',
      rating: 'amber',
    })
    expect(pep.status).toBe('approved')
    expect(await auditActions(pep.id)).toEqual([
      'pep.created',
      'pep.submitted',
      'pep.returned',
      'pep.updated',
      'pep.submitted',
      'pep.approved',
    ])
    const detail = await getPep(ctx, dt.actor, pupil.id, pep.id)
    expect(detail.events.map((e) => e.action)).toEqual([
      'created',
      'submitted',
      'returned',
      'submitted',
      'approved',
    ])
    expect(detail.targets).toHaveLength(2)
  })

  it('will not let the DT approve their own PEP, nor a Virtual School of another LA see it', async () => {
    const { pupil, dt } = await aLookedAfterChild()
    const pep = await createPep(ctx, dt.actor, pupil.id, aReadyPep({ submit: true }))
    await expect(
      decidePep(ctx, dt.actor, pupil.id, pep.id, pep.version, { action: 'approve', rating: 'green' }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    const elsewhere = await aUser(ctx, 'vs_adviser', null, { laCode: '201' })
    await expect(
      decidePep(ctx, elsewhere.actor, pupil.id, pep.id, pep.version, { action: 'approve', rating: 'green' }),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect((await pepRow(pep.id)).status).toBe('submitted')
  })

  it('refuses to edit an approved PEP: the next meeting starts a new one, which must review the old targets', async () => {
    const { pupil, dt, adviser } = await aLookedAfterChild()
    let pep = await createPep(ctx, dt.actor, pupil.id, aReadyPep({ meetingDate: '2026-09-20', submit: true }))
    pep = await decidePep(ctx, adviser.actor, pupil.id, pep.id, pep.version, {
      action: 'approve',
      rating: 'green',
    })
    expect(
      await brokenPaths(
        updatePep(ctx, dt.actor, pupil.id, pep.id, pep.version, { content: { wellbeing: 'x' } }),
      ),
    ).toEqual(['status'])

    const next = await createPep(ctx, dt.actor, pupil.id, aReadyPep({ meetingDate: '2026-11-12' }))
    expect((await pepRow(next.id)).followsPepId).toBe(pep.id)
    expect(await brokenPaths(submitPep(ctx, dt.actor, pupil.id, next.id, next.version))).toEqual([
      'reviews.0.outcome',
    ])
    const [oldTarget] = await database.db.select().from(pepTargets).where(eq(pepTargets.pepId, pep.id))
    const reviewed = await updatePep(ctx, dt.actor, pupil.id, next.id, next.version, {
      reviews: [{ targetId: oldTarget!.id, outcome: 'partly_met', evidence: 'Reading age up 8 months' }],
    })
    expect((await submitPep(ctx, dt.actor, pupil.id, next.id, reviewed.version)).status).toBe('submitted')
  })
})

describe('a PLA support plan', () => {
  it('needs the parents’ views, and is final when submitted unless the parents consent to the Virtual School', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, { type: 'PLA', startDate: '2019-06-01', route: 'adoption' })
    const dt = await aUser(ctx, 'designated_teacher', school)
    const plan = await createPep(
      ctx,
      dt.actor,
      pupil.id,
      aReadyPep({ kind: 'pla_support_plan', content: {} }),
    )
    expect(await brokenPaths(submitPep(ctx, dt.actor, pupil.id, plan.id, plan.version))).toEqual([
      'parentsViews',
    ])
    const withViews = await updatePep(ctx, dt.actor, pupil.id, plan.id, plan.version, {
      content: { parentsViews: 'We would like more help with friendships at lunchtime.' },
    })
    const submitted = await submitPep(ctx, dt.actor, pupil.id, plan.id, withViews.version)
    expect(submitted.status).toBe('approved')
    expect((await pepRow(plan.id)).approvedAt).not.toBeNull()
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'pep.submitted')))
    expect(events).toHaveLength(1)
  })
})

describe('a PLA support plan the parents consent to the Virtual School reviewing (PD-12)', () => {
  it('goes to the Virtual School of the school’s area, which may open and approve it; no other Virtual School can', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, { type: 'PLA', startDate: '2019-06-01', route: 'sgo' })
    const dt = await aUser(ctx, 'designated_teacher', school)
    const local = await aUser(ctx, 'vs_adviser', null, { laCode: school.laCode })
    const elsewhere = await aUser(ctx, 'vs_adviser', null, {
      laCode: school.laCode === '201' ? '202' : '201',
    })

    const plan = await createPep(
      ctx,
      dt.actor,
      pupil.id,
      aReadyPep({
        kind: 'pla_support_plan',
        parentsConsentToVs: true,
        content: { parentsViews: 'We are happy for the Virtual School to look at this plan.' },
      }),
    )
    // Before it is submitted the consent is already recorded: the Virtual School may see the child.
    const submitted = await submitPep(ctx, dt.actor, pupil.id, plan.id, plan.version)
    expect(submitted.status).toBe('submitted')

    await expect(getPep(ctx, elsewhere.actor, pupil.id, plan.id)).rejects.toBeInstanceOf(NotFoundError)
    const seen = await getPep(ctx, local.actor, pupil.id, plan.id)
    expect(seen.pep.id).toBe(plan.id)
    const approved = await decidePep(ctx, local.actor, pupil.id, plan.id, submitted.version, {
      action: 'approve',
      rating: 'green',
    })
    expect(approved.status).toBe('approved')
  })

  it('stays out of the Virtual School’s sight without the parents’ consent', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, { type: 'PLA', startDate: '2019-06-01', route: 'adoption' })
    const dt = await aUser(ctx, 'designated_teacher', school)
    const local = await aUser(ctx, 'vs_adviser', null, { laCode: school.laCode })
    const plan = await createPep(
      ctx,
      dt.actor,
      pupil.id,
      aReadyPep({ kind: 'pla_support_plan', content: { parentsViews: 'Please keep this within school.' } }),
    )
    await submitPep(ctx, dt.actor, pupil.id, plan.id, plan.version)
    await expect(getPep(ctx, local.actor, pupil.id, plan.id)).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('a support plan for a child who has or had a social worker (PD-9: pupil premium serves its targets)', () => {
  it('is the school’s own plan: recorded and final when submitted, never sent to a Virtual School', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, { type: 'CIN', startDate: '2023-02-01', cinCategory: 'N4' })
    const dt = await aUser(ctx, 'designated_teacher', school)
    const plan = await createPep(
      ctx,
      dt.actor,
      pupil.id,
      aReadyPep({
        kind: 'pla_support_plan',
        parentsConsentToVs: true,
        content: { parentsViews: 'Help with mornings would make the biggest difference.' },
      }),
    )
    expect((await pepRow(plan.id)).parentsConsentToVs).toBe(false)
    expect((await submitPep(ctx, dt.actor, pupil.id, plan.id, plan.version)).status).toBe('approved')
  })

  it('is refused for a child with no social worker in the last six years and no care history', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const dt = await aUser(ctx, 'designated_teacher', school)
    await expect(
      brokenPaths(
        createPep(
          ctx,
          dt.actor,
          pupil.id,
          aReadyPep({ kind: 'pla_support_plan', content: { parentsViews: 'x' } }),
        ),
      ),
    ).resolves.toEqual(['meetingDate'])
  })
})
