import type { Executor } from '../data/db.js'
import { attendanceSupportPlans, partTimeTimetables } from '../data/schema/index.js'

// An open attendance support plan and an active part-time timetable, written straight to their tables (no
// tasks, no audit event): for tests of the pages that show or change them, and for the authorization matrix.

export async function anOpenSupportPlan(db: Executor, pupil: { id: string; schoolId: string }) {
  const [plan] = await db
    .insert(attendanceSupportPlans)
    .values({
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      concern: 'Late most Mondays',
      actions: [{ action: 'Morning check-in', who: 'Key adult', by: '2026-12-01' }],
      peopleInvolved: ['Carer'],
      startedOn: '2026-09-10',
      reviewDate: '2026-12-01',
    })
    .returning()
  return plan!
}

export async function anActiveTimetable(db: Executor, pupil: { id: string; schoolId: string }) {
  const [timetable] = await db
    .insert(partTimeTimetables)
    .values({
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      reason: 'Returning after a long illness',
      arrangement: 'Mornings only',
      startDate: '2026-09-10',
      reviewDate: '2026-10-01',
      endDate: '2026-12-01',
      agreedWithParentsOn: '2026-09-01',
    })
    .returning()
  return timetable!
}
