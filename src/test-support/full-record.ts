import { eq } from 'drizzle-orm'
import {
  attendanceAdjustments,
  attendanceMarkHistory,
  attendanceSupportPlans,
  behaviourRiskAssessments,
  fundingAllocations,
  fundingReleases,
  fundingSpends,
  managedMoves,
  offSiteDirections,
  partTimeTimetables,
  pepTargets,
  pupils,
  suspensionNotices,
  suspensionObligations,
  suspensionRisks,
  suspensions,
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
import { insertMarks } from './attendance.js'
import { aClaEpisode, aPupil, aUser } from './builders.js'

/**
 * A pupil with a row of every kind Harbour holds about one pupil (issue 3 item 7): a CLA episode that
 * was corrected, a withdrawn kinship episode, a child protection plan with its category and note, a
 * placement change, a contact, a current and an ended staff assignment, a task and an email, a PEP and
 * PP+, attendance marks with a replaced one, a support plan, a part-time timetable and an adjustment.
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
  // Attendance (issue 5): a mark, the mark it replaced, a support plan, a part-time timetable and a
  // placement-move adjustment, written directly so that they make no tasks or emails of their own.
  await ctx.db.insert(attendanceMarkHistory).values({
    pupilId: pupil.id,
    date: '2024-10-01',
    session: 'AM',
    code: 'N',
    recordedAt: new Date('2024-10-01T09:10:00Z'),
  })
  await insertMarks(ctx.db, [{ pupilId: pupil.id, date: '2024-10-01', session: 'AM', code: 'M' }])
  const attendanceRecord = { pupilId: pupil.id, schoolId: school.id }
  await ctx.db.insert(attendanceSupportPlans).values({
    ...attendanceRecord,
    concern: 'Late on Mondays',
    actions: [{ action: 'Morning check-in', who: 'Key adult', by: '2024-10-18' }],
    peopleInvolved: ['Carer'],
    startedOn: '2024-10-02',
    reviewDate: '2024-10-25',
  })
  await ctx.db.insert(partTimeTimetables).values({
    ...attendanceRecord,
    reason: 'Back after an operation',
    arrangement: 'Mornings only',
    startDate: '2024-10-07',
    reviewDate: '2024-10-14',
    endDate: '2024-10-18',
    agreedWithParentsOn: '2024-10-03',
  })
  await ctx.db.insert(attendanceAdjustments).values({
    ...attendanceRecord,
    fromDate: '2024-09-02',
    toDate: '2024-09-03',
    note: 'Placement move',
  })
  await aSuspensionRecord(ctx, pupil.id, school.id)
  return { pupil, keyAdult, mentor }
}

/**
 * Suspensions (issue 6): a suspension with a duty and its letter, an "at risk" record, a risk assessment, an
 * off-site direction and a managed move, written directly so that they make no tasks or emails of their own.
 */
async function aSuspensionRecord(ctx: ServiceContext, pupilId: string, schoolId: string) {
  const record = { pupilId, schoolId }
  const [suspension] = await ctx.db
    .insert(suspensions)
    .values({
      ...record,
      category: 'SUSP',
      startDate: '2024-11-04',
      halfDays: 4,
      schoolYear: 2024,
      reasons: ['VA'],
      reasonTableVersion: 'A',
      vsConsultation: { date: '2024-11-01', with: 'Jo Adviser', advice: 'Try the calm room first' },
    })
    .returning()
  await ctx.db
    .insert(suspensionObligations)
    .values({ suspensionId: suspension!.id, pupilId, kind: 'notify_parent', dueBy: '2024-11-04' })
  await ctx.db.insert(suspensionNotices).values({
    suspensionId: suspension!.id,
    pupilId,
    recipient: 'parent',
    purpose: 'suspension',
    subject: 'Suspension of Robin Everything',
    body: 'I have decided to suspend Robin for 2 school days.',
  })
  await ctx.db.insert(suspensionRisks).values({
    ...record,
    openedOn: '2024-10-20',
    concern: 'Angry outbursts',
    alternativesTried: ['time_out_of_class'],
  })
  await ctx.db.insert(behaviourRiskAssessments).values({
    ...record,
    completedOn: '2024-11-10',
    content: { whatHelps: 'A quiet space' },
    sharedWith: ['child'],
    reviewDate: '2025-01-10',
  })
  await ctx.db.insert(offSiteDirections).values({
    ...record,
    provider: 'Learning Centre',
    address: '2 Mill Road',
    contact: 'Chris Lead',
    daysAndTimes: 'Mondays, 9am to 12pm',
    reasons: 'Small-group work on managing anger',
    startDate: '2024-11-18',
    endDate: '2024-12-13',
  })
  await ctx.db
    .insert(managedMoves)
    .values({ ...record, receivingSchool: 'Hertford High', reason: 'A fresh start' })
}

/** Marks the pupil as having left: `leftOn` is their last day on roll (no service sets it yet). */
export async function leaves(ctx: ServiceContext, pupilId: string, leftOn: string): Promise<void> {
  await ctx.db.update(pupils).set({ leftOn }).where(eq(pupils.id, pupilId))
}
