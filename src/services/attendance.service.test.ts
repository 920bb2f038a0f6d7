import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../data/schema/index.js'
import { insertMarks } from '../test-support/attendance.js'
import { aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { pupilAttendance } from './attendance.service.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let pupil: Awaited<ReturnType<typeof aPupil>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database) // today is 23 November 2026
  school = await aSchool(ctx)
  pupil = await aPupil(ctx, school)
  const mark = (date: string, session: 'AM' | 'PM', code: string) => ({
    pupilId: pupil.id,
    date,
    session,
    code,
  })
  await insertMarks(database.db, [
    // September 2025: 3 present, 2 authorised, 1 unauthorised, 3 not counted (ATT-6, ATT-7).
    mark('2025-09-01', 'AM', '/'),
    mark('2025-09-01', 'PM', '\\'),
    mark('2025-09-02', 'AM', 'L'),
    mark('2025-09-02', 'PM', 'I'),
    mark('2025-09-03', 'AM', 'M'),
    mark('2025-09-03', 'PM', 'N'),
    mark('2025-09-04', 'AM', '#'),
    mark('2025-09-04', 'PM', 'D'),
    mark('2025-09-05', 'AM', 'Y1'),
    // Before the 2024 codes: H was an authorised absence (PD-16).
    mark('2024-07-01', 'AM', 'H'),
    // This school year.
    mark('2026-11-02', 'AM', 'O'),
    mark('2026-11-02', 'PM', '/'),
  ])
})
afterAll(async () => database?.close())

describe('pupilAttendance', () => {
  it('counts the period’s marks by their codes’ treatment', async () => {
    expect(
      await pupilAttendance(ctx, SYSTEM_ACTOR, pupil.id, { from: '2025-09-01', to: '2025-09-30' }),
    ).toEqual({
      possibleSessions: 6,
      attendedSessions: 3,
      authorisedAbsence: 2,
      unauthorisedAbsence: 1,
      notCounted: 3,
      attendancePercent: 50,
      persistentAbsence: true,
      severeAbsence: true,
    })
  })

  it('treats a withdrawn code as it was treated on its date', async () => {
    const summer = await pupilAttendance(ctx, SYSTEM_ACTOR, pupil.id, {
      from: '2024-07-01',
      to: '2024-07-31',
    })
    expect(summer).toMatchObject({ possibleSessions: 1, authorisedAbsence: 1, attendancePercent: 0 })
  })

  it('defaults to the current school year: 1 August to 31 July without a calendar (CAL-6)', async () => {
    expect(await pupilAttendance(ctx, SYSTEM_ACTOR, pupil.id)).toMatchObject({
      possibleSessions: 2,
      attendedSessions: 1,
      unauthorisedAbsence: 1,
    })
    // From 1 August 2026 to the day given.
    expect(await pupilAttendance(ctx, SYSTEM_ACTOR, pupil.id, { to: '2026-11-01' })).toMatchObject({
      possibleSessions: 0,
      attendancePercent: null,
      persistentAbsence: false,
      severeAbsence: false,
    })
  })

  it('refuses a period that ends before it starts', async () => {
    expect(
      await brokenPaths(
        pupilAttendance(ctx, SYSTEM_ACTOR, pupil.id, { from: '2025-09-30', to: '2025-09-01' }),
      ),
    ).toEqual(['to'])
  })

  it('writes one audit event about the pupil for each read', async () => {
    const events = async () =>
      (
        await database.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'attendance.viewed')))
      )[0]!.n
    const before = await events()
    await pupilAttendance(ctx, SYSTEM_ACTOR, pupil.id)
    expect(await events()).toBe(before + 1)
  })

  it('is not found for a member of staff who does not teach the pupil, and forbidden to a governor', async () => {
    const { actor: staff } = await aUser(ctx, 'staff', school)
    await expect(pupilAttendance(ctx, staff, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
    const { actor: governor } = await aUser(ctx, 'governor', school)
    await expect(pupilAttendance(ctx, governor, pupil.id)).rejects.toBeInstanceOf(ForbiddenError)
  })
})
