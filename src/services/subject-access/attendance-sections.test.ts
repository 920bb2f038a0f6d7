import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CALENDAR_2026_27, recordMarks } from '../../test-support/attendance.js'
import { aClaEpisode, aPupil, aSchool, aUser, anEpisode } from '../../test-support/builders.js'
import { fixedContext } from '../../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import { addPlacementMoveAdjustment, createSupportPlan } from '../attendance-plans.service.js'
import type { ServiceContext } from '../context.js'
import { createPartTimeTimetable } from '../part-time-timetables.service.js'
import { setCalendar } from '../schools.service.js'
import { exportSubjectAccess } from '../subject-access.service.js'
import { SYSTEM_ACTOR } from '../users.service.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

describe('attendance in a subject-access export', () => {
  it('shows every mark with its meaning, the replaced ones too, and the plans, timetables and adjustments', async () => {
    const school = await aSchool(ctx)
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10' }))
    const dt = await aUser(ctx, 'designated_teacher', school)
    await recordMarks(ctx, school.id, [
      { pupilId: pupil.id, date: '2026-11-20', session: 'AM', code: 'N' },
      { pupilId: pupil.id, date: '2026-11-20', session: 'PM', code: '/' },
    ])
    await recordMarks(ctx, school.id, [{ pupilId: pupil.id, date: '2026-11-20', session: 'AM', code: 'M' }])
    await createSupportPlan(ctx, dt.actor, pupil.id, {
      concern: 'Missing Monday mornings',
      actions: [{ action: 'Call the carer at 9am', who: 'Attendance officer', by: '2026-12-04' }],
      peopleInvolved: ['Carer', 'Attendance officer'],
      startedOn: '2026-11-23',
      reviewDate: '2026-12-11',
    })
    await createPartTimeTimetable(ctx, dt.actor, pupil.id, {
      reason: 'Returning after an operation',
      arrangement: 'Mornings only',
      startDate: '2026-11-30',
      reviewDate: '2026-12-07',
      endDate: '2026-12-11',
      agreedWithParentsOn: '2026-11-20',
      agreedWithVirtualSchoolOn: '2026-11-20',
      agreedWithSocialWorkerOn: '2026-11-21',
    })
    await addPlacementMoveAdjustment(ctx, dt.actor, pupil.id, {
      fromDate: '2026-11-16',
      toDate: '2026-11-17',
      note: 'Moved to new carers',
    })
    const officer = await aUser(ctx, 'admin', school)

    const { sections } = await exportSubjectAccess(ctx, officer.actor, pupil.id, 'json')

    const section = (key: string) => sections.find((s) => s.key === key)!
    const register = section('attendance_register').records
    expect(register.map(({ date, session, code, meaning }) => ({ date, session, code, meaning }))).toEqual([
      { date: '2026-11-20', session: 'AM', code: 'N', meaning: 'Absent: reason not yet given' },
      { date: '2026-11-20', session: 'AM', code: 'M', meaning: 'Leave for a medical or dental appointment' },
      { date: '2026-11-20', session: 'PM', code: '/', meaning: expect.stringMatching(/^Present/) as unknown },
    ])
    const replaced = register.find((r) => r.code === 'N')!
    expect(replaced.superseded).toEqual(expect.any(String))
    expect(register.find((r) => r.code === 'M')!.superseded).toBeNull()
    expect(section('attendance_support_plans').records).toEqual([
      expect.objectContaining({
        concern: 'Missing Monday mornings',
        actions: 'Call the carer at 9am (Attendance officer, by 4 December 2026)',
        peopleInvolved: 'Carer, Attendance officer',
        status: 'open',
      }),
    ])
    expect(section('part_time_timetables').records).toEqual([
      expect.objectContaining({ arrangement: 'Mornings only', agreedWithSocialWorkerOn: '2026-11-21' }),
    ])
    expect(section('attendance_adjustments').records).toEqual([
      expect.objectContaining({
        fromDate: '2026-11-16',
        reason: 'placement_move',
        note: 'Moved to new carers',
      }),
    ])
  })
})
