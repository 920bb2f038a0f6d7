import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, pupils, schools } from '../data/schema/index.js'
import { formatDate } from '../domain/calendar/dates.js'
import { loadDemo } from '../demo/generate.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, FIXED_TODAY, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { sectionOf } from '../domain/reports/governors.js'
import { governorsReport } from './reports.service.js'
import { actorFromUser } from './users.service.js'

// "Today" is 23 November 2026: the current school year is 2026 to 2027.
let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let governor: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  governor = await aUser(ctx, 'governor', school)
  // 12 pupils: 4 looked after (one of them left in October), 1 PLA, 3 with a CIN plan, 4 with none.
  for (let i = 0; i < 4; i++) {
    const p = await aPupil(ctx, school, { yearGroup: 3 + i })
    await anEpisode(ctx, p.id, aClaEpisode({ startDate: '2026-01-10' }))
    if (i === 0) await database.db.update(pupils).set({ leftOn: '2026-10-20' }).where(eq(pupils.id, p.id))
  }
  const pla = await aPupil(ctx, school, { yearGroup: 4 })
  await anEpisode(ctx, pla.id, { type: 'PLA', startDate: '2020-03-01', route: 'adoption' })
  for (let i = 0; i < 3; i++) {
    const p = await aPupil(ctx, school, { yearGroup: 5 })
    await anEpisode(ctx, p.id, { type: 'CIN', startDate: '2026-09-01' })
  }
  for (let i = 0; i < 4; i++) await aPupil(ctx, school, { yearGroup: 6 })
  // Left before this school year: counted last year only.
  const gone = await aPupil(ctx, school, { yearGroup: 6 })
  await anEpisode(ctx, gone.id, aClaEpisode({ startDate: '2025-09-01' }))
  await database.db.update(pupils).set({ leftOn: '2026-07-20' }).where(eq(pupils.id, gone.id))
})
afterAll(async () => database.close())

describe('governorsReport (DOMAIN.md PD-11, POL-26)', () => {
  it('counts the current school year by default (PD-19), leavers included', async () => {
    const {
      report,
      school: about,
      currentSchoolYear,
    } = await governorsReport(ctx, governor.actor, school.urn)
    expect(currentSchoolYear).toBe(2026)
    expect(about).toEqual({ urn: school.urn, name: school.name })
    expect(report.schoolYear).toBe(2026)
    expect(report.counts).toEqual({ roll: 12, cla: 4, pla: 1, cswCurrent: 3, cswEver6: 3, kinship: 0 })
    const rows = sectionOf(report, 'cohorts_by_year_group')!.rows
    expect(rows.map((r) => r.label)).toEqual(['Years 3 to 6'])
    expect(rows[0]).toMatchObject({
      roll: 12,
      cla: 4,
      pla: { withheld: 'fewer than 3 pupils' },
      cswCurrent: 3,
    })
    // The looked-after child who left in October is the only leaver: where leavers went is withheld.
    expect(report.suppressed).toEqual([
      'Previously looked after (PLA) by year group',
      'Where leavers went: All leavers',
      'Where leavers went: Looked after (CLA)',
    ])
  })

  it('reports an earlier school year when asked', async () => {
    const { report } = await governorsReport(ctx, governor.actor, school.urn, 2025)
    // On roll in 2025 to 2026: every pupil (none has an enrolment date), and the one who left in July,
    // looked after from September 2025; the CIN plans started in September 2026.
    expect(report.counts).toMatchObject({ roll: 13, cla: 5, pla: 1, cswCurrent: 0 })
  })

  it('uses the school’s own, stricter threshold', async () => {
    const strict = await aSchool(ctx)
    await database.db
      .update(schools)
      .set({ settings: { suppressionThreshold: 5 } })
      .where(eq(schools.id, strict.id))
    for (let i = 0; i < 6; i++) {
      const p = await aPupil(ctx, strict, { yearGroup: 8 })
      if (i < 4) await anEpisode(ctx, p.id, aClaEpisode())
    }
    const admin = await aUser(ctx, 'admin', null)
    const { report } = await governorsReport(ctx, admin.actor, strict.urn)
    expect(report.counts.cla).toBe(4)
    expect(sectionOf(report, 'cohorts_by_year_group')!.rows[0]!.cla).toEqual({
      withheld: 'fewer than 5 pupils',
    })
  })

  it('writes report.viewed, about the school and no pupil', async () => {
    await governorsReport(ctx, governor.actor, school.urn, 2025)
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'report.viewed'), eq(auditEvents.actorUserId, governor.user.id)))
      .orderBy(desc(auditEvents.seq))
      .limit(1)
    expect(event).toMatchObject({ schoolId: school.id, pupilId: null, entity: 'school', entityId: school.id })
    expect(event!.details).toEqual({ report: 'governors', schoolYear: 2025 })
  })

  it.each<[string, number]>([
    ['next school year (it has not started)', 2027],
    ['before 2000', 1999],
    ['not a whole year', 2025.5],
  ])('refuses a school year that is %s', async (_label, year) => {
    expect(await brokenPaths(governorsReport(ctx, governor.actor, school.urn, year))).toEqual(['schoolYear'])
  })

  it('lets the head, designated teacher, DSL and an administrator of every school read it', async () => {
    for (const role of ['headteacher', 'designated_teacher', 'dsl'] as const) {
      const { actor } = await aUser(ctx, role, school)
      expect((await governorsReport(ctx, actor, school.urn)).report.counts.roll).toBe(12)
    }
    const { actor } = await aUser(ctx, 'admin', null)
    expect((await governorsReport(ctx, actor, school.urn)).report.counts.roll).toBe(12)
  })

  it.each(['senco', 'attendance_officer', 'staff', 'vs_adviser'] as const)(
    'refuses the %s role (report:read)',
    async (role) => {
      const { actor } = await aUser(ctx, role, role === 'vs_adviser' ? null : school, { laCode: '919' })
      await expect(governorsReport(ctx, actor, school.urn)).rejects.toBeInstanceOf(ForbiddenError)
    },
  )

  it('is not found for a school outside the actor’s scope, or no school at all', async () => {
    const other = await aSchool(ctx)
    const otherGovernor = await aUser(ctx, 'governor', other)
    await expect(governorsReport(ctx, otherGovernor.actor, school.urn)).rejects.toBeInstanceOf(NotFoundError)
    await expect(governorsReport(ctx, governor.actor, '999999')).rejects.toBeInstanceOf(NotFoundError)
    // A Virtual School head may read reports, but has no school of its own to report on.
    const vsHead = await aUser(ctx, 'vs_head', null, { laCode: '919' })
    await expect(governorsReport(ctx, vsHead.actor, school.urn)).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('governorsReport on the demo school (PD-11: no name, UPN or date of birth)', () => {
  let demoDb: TestDatabase

  beforeAll(async () => {
    demoDb = await openTestDatabase()
    await loadDemo(demoDb.db, { size: 'small', seed: 3, today: FIXED_TODAY })
  })
  afterAll(async () => demoDb?.close())

  it('holds none of the seeded pupils’ details, in this year or the last', async () => {
    const demoCtx = fixedContext(demoDb)
    const [row] = await demoDb.db.select().from(schools).limit(1)
    const [user] = await demoDb.db.query.users.findMany({ where: (u, { eq: is }) => is(u.role, 'governor') })
    const actor = actorFromUser(user!)
    const seeded = await demoDb.db.select().from(pupils)
    expect(seeded.length).toBeGreaterThan(50)
    for (const year of [2026, 2025]) {
      const result = await governorsReport(demoCtx, actor, row!.urn, year)
      expect(result.report.counts.roll).toBeGreaterThan(50)
      const json = JSON.stringify(result)
      for (const p of seeded)
        for (const secret of [
          `${p.givenName} ${p.familyName}`,
          p.familyName,
          p.upn,
          p.dateOfBirth,
          formatDate(p.dateOfBirth),
          p.id,
        ])
          expect(json).not.toContain(secret)
    }
  })
})
