import { eq } from 'drizzle-orm'
import {
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  pepTargets,
  pupils,
} from '../data/schema/index.js'
import { addContact, assignStaff, endStaffAssignment } from '../services/contacts.service.js'
import type { ServiceContext } from '../services/context.js'
import { addEpisode, correctEpisode, withdrawEpisode } from '../services/episodes.service.js'
import { enqueueEmail } from '../services/outbox.service.js'
import { recordEarlierReviewDate } from '../services/pep-schedule.service.js'
import { createPep } from '../services/peps.service.js'
import { recordPlacementChange } from '../services/placements.service.js'
import { createTask } from '../services/tasks.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { aClaEpisode, aPupil, aUser } from './builders.js'

/**
 * A pupil with a row of every kind Harbour holds about one pupil (issue 3 item 7): a CLA episode that
 * was corrected, a withdrawn kinship episode, a child protection plan with its category and note, a
 * placement change, a contact, a current and an ended staff assignment, a task and an email.
 */
export async function aPupilWithEverything(
  ctx: ServiceContext,
  school: { id: string; urn: string },
  over: Parameters<typeof aPupil>[2] = {},
) {
  const pupil = await aPupil(ctx, school, { givenName: 'Robin', familyName: 'Everything', ...over })
  const a = SYSTEM_ACTOR
  const { episode: cla } = await addEpisode(ctx, a, pupil.id, aClaEpisode({ startDate: '2024-01-10' }))
  const { episode: corrected } = await correctEpisode(ctx, a, pupil.id, cla.id, {
    ...aClaEpisode({ startDate: '2024-01-11' }),
    reason: 'The care order began a day later',
  })
  const { episode: kinship } = await addEpisode(ctx, a, pupil.id, {
    type: 'KINSHIP',
    startDate: '2023-06-01',
    endDate: '2023-12-31',
    arrangement: 'informal',
  })
  await withdrawEpisode(ctx, a, pupil.id, kinship.id, 'Recorded for the wrong child')
  await addEpisode(ctx, a, pupil.id, {
    type: 'CP',
    startDate: '2022-03-01',
    endDate: '2023-02-28',
    cpCategory: 'neglect',
    note: 'Plan agreed at the initial conference',
  })
  await recordPlacementChange(ctx, a, pupil.id, corrected.id, {
    changedOn: '2024-09-02',
    kind: 'placement',
    note: 'Moved to a foster placement nearer school',
  })
  await addContact(ctx, a, pupil.id, { role: 'social_worker', name: 'Sam Worker', email: 'sam@la.example' })
  const keyAdult = await aUser(ctx, 'staff', school, { name: 'Kim Keyadult' })
  await assignStaff(ctx, a, pupil.id, { userId: keyAdult.user.id, role: 'key_adult' })
  const mentor = await aUser(ctx, 'staff', school, { name: 'Max Mentor' })
  const ended = await assignStaff(ctx, a, pupil.id, { userId: mentor.user.id, role: 'mentor' })
  await endStaffAssignment(ctx, a, pupil.id, ended.id)
  await createTask(ctx.db, {
    schoolId: school.id,
    pupilId: pupil.id,
    kind: 'test',
    title: 'Arrange the PEP meeting',
    assigneeRole: 'designated_teacher',
    dueOn: '2024-10-01',
  })
  await enqueueEmail(ctx.db, {
    schoolId: school.id,
    pupilId: pupil.id,
    to: 'virtual.school@la.example',
    subject: 'Change of placement',
    body: 'Robin moved placement on 2 September 2024.',
  })
  // A PEP with a target, a review date brought forward, and PP+ allocated, released and spent against the target.
  const dt = await aUser(ctx, 'designated_teacher', school, { name: 'Dee Teacher' })
  const pep = await createPep(ctx, dt.actor, pupil.id, {
    meetingDate: '2024-10-15',
    content: { childVoice: { ownWords: 'I like drawing.' } },
    targets: [
      {
        description: 'Join the art club',
        successCriteria: 'Attends every week',
        owner: 'Form tutor',
        dueBy: '2025-02-14',
        ppPlusRequestedPence: 25000,
      },
    ],
  })
  await recordEarlierReviewDate(ctx, dt.actor, pupil.id, { dueBy: '2099-01-04', requestedBy: 'iro' })
  const [target] = await ctx.db.select().from(pepTargets).where(eq(pepTargets.pepId, pep.id))
  const [allocation] = await ctx.db
    .insert(fundingAllocations)
    .values({
      pupilId: pupil.id,
      schoolId: school.id,
      source: 'pp_plus_cla',
      financialYear: 2024,
      laCode: '919',
      amountPence: 257000,
    })
    .returning()
  await ctx.db.insert(fundingReleases).values({
    allocationId: allocation!.id,
    pupilId: pupil.id,
    pepId: pep.id,
    targetId: target!.id,
    releasedOn: '2024-11-01',
    amountPence: 25000,
  })
  await ctx.db.insert(fundingSpends).values({
    allocationId: allocation!.id,
    pupilId: pupil.id,
    schoolId: school.id,
    targetId: target!.id,
    spentOn: '2024-11-20',
    amountPence: 12000,
    description: 'Art club materials',
    category: 'resources',
    impact: 'Attends every week',
  })
  return { pupil, keyAdult, mentor }
}

/** Marks the pupil as having left: `leftOn` is their last day on roll (no service sets it yet). */
export async function leaves(ctx: ServiceContext, pupilId: string, leftOn: string): Promise<void> {
  await ctx.db.update(pupils).set({ leftOn }).where(eq(pupils.id, pupilId))
}
