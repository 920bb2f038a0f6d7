import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, schools } from '../data/schema/index.js'
import { aSchool, aUser } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { createSchool, getCalendar, setCalendar, type CalendarInput } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

let next = 0
/** A URN and LAESTAB no other test in this file uses. */
const freshIds = (la = '919') => {
  next++
  return { urn: `2${String(next).padStart(5, '0')}`, laestab: `${la}${String(6000 + next)}` }
}

const year2025: CalendarInput = {
  terms: [
    { name: 'autumn', start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer', start: '2026-04-13', end: '2026-07-22' },
  ],
  closures: [{ date: '2025-10-27', reason: 'Half term' }],
}
const year2026: CalendarInput = {
  terms: [
    { name: 'autumn', start: '2026-09-02', end: '2026-12-18' },
    { name: 'spring', start: '2027-01-04', end: '2027-03-26' },
    { name: 'summer', start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: ['2026-10-26', { date: '2027-02-15', reason: 'INSET' }],
}
const year2027: CalendarInput = {
  terms: [{ name: 'autumn', start: '2027-09-01', end: '2027-12-17' }],
  closures: ['2027-10-25'],
}

async function calendarVersion(schoolId: string) {
  const [row] = await database.db
    .select({ v: schools.calendarVersion })
    .from(schools)
    .where(eq(schools.id, schoolId))
  return row!.v
}

describe('createSchool', () => {
  it('takes the local authority code from the first three digits of the LAESTAB', async () => {
    const ids = freshIds('937')
    const school = await createSchool(ctx, SYSTEM_ACTOR, { ...ids, name: '  Riverside Primary ' })
    expect(school).toMatchObject({
      urn: ids.urn,
      laestab: ids.laestab,
      laCode: '937',
      name: 'Riverside Primary',
    })
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'school.created'), eq(auditEvents.entityId, school.id)))
    expect(events).toHaveLength(1)
  })

  it('refuses a URN and a LAESTAB that another school already has, naming both fields', async () => {
    const ids = freshIds()
    await createSchool(ctx, SYSTEM_ACTOR, { ...ids, name: 'First' })
    const errors = await brokenRules(createSchool(ctx, SYSTEM_ACTOR, { ...ids, name: 'Second' }))
    expect(errors.map((e) => e.path)).toEqual(['urn', 'laestab'])
    expect(errors[0]!.message).toContain(ids.urn)
  })

  it('refuses a LAESTAB already in use even when the URN is new', async () => {
    const ids = freshIds()
    await createSchool(ctx, SYSTEM_ACTOR, { ...ids, name: 'First' })
    const other = freshIds()
    expect(
      await brokenPaths(createSchool(ctx, SYSTEM_ACTOR, { urn: other.urn, laestab: ids.laestab, name: 'X' })),
    ).toEqual(['laestab'])
  })

  it('refuses a URN that is not 6 digits and creates nothing', async () => {
    const ids = freshIds()
    expect(
      await brokenPaths(createSchool(ctx, SYSTEM_ACTOR, { ...ids, urn: '12345', name: 'Short' })),
    ).toEqual(['urn'])
    expect(await brokenPaths(createSchool(ctx, SYSTEM_ACTOR, { ...ids, urn: '12345a', name: '' }))).toEqual([
      'urn',
      'name',
    ])
    const rows = await database.db.select().from(schools).where(eq(schools.laestab, ids.laestab))
    expect(rows).toHaveLength(0)
  })

  it('lets only an administrator create a school', async () => {
    const school = await aSchool(ctx)
    const { actor } = await aUser(ctx, 'headteacher', school)
    await expect(createSchool(ctx, actor, { ...freshIds(), name: 'Mine' })).rejects.toBeInstanceOf(
      ForbiddenError,
    )
  })
})

describe('setCalendar', () => {
  it('stores the terms and closures and starts a new calendar version (CAL-2)', async () => {
    const school = await aSchool(ctx)
    expect(await calendarVersion(school.id)).toBe(0)
    const { terms, closures } = await setCalendar(ctx, SYSTEM_ACTOR, school.urn, year2025)
    expect(terms.map((t) => [t.schoolYear, t.name, t.startDate, t.endDate])).toEqual([
      [2025, 'autumn', '2025-09-03', '2025-12-19'],
      [2025, 'spring', '2026-01-05', '2026-03-27'],
      [2025, 'summer', '2026-04-13', '2026-07-22'],
    ])
    expect(closures.map((c) => [c.date, c.reason])).toEqual([['2025-10-27', 'Half term']])
    expect(await calendarVersion(school.id)).toBe(1)
  })

  it('replaces only the school years it is given', async () => {
    const school = await aSchool(ctx)
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, year2025)
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, year2026)
    const shorterAutumn: CalendarInput = {
      terms: [{ name: 'autumn', start: '2026-09-03', end: '2026-12-17' }],
      closures: ['2026-11-02'],
    }
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, shorterAutumn)

    const { terms, closures } = await getCalendar(ctx, SYSTEM_ACTOR, school.urn)
    expect(terms.map((t) => `${t.schoolYear} ${t.name} ${t.startDate}`)).toEqual([
      '2025 autumn 2025-09-03',
      '2025 spring 2026-01-05',
      '2025 summer 2026-04-13',
      '2026 autumn 2026-09-03',
    ])
    // 2025-26 keeps its half term; 2026-27's old closures go with its old terms.
    expect(closures.map((c) => c.date)).toEqual(['2025-10-27', '2026-11-02'])
    expect(await calendarVersion(school.id)).toBe(3)
  })

  it('keeps the closures of a school year between two years it replaces', async () => {
    const school = await aSchool(ctx)
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, year2026)
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, {
      terms: [...year2025.terms, ...year2027.terms],
      closures: [...year2025.closures, ...year2027.closures],
    })
    const { closures, terms } = await getCalendar(ctx, SYSTEM_ACTOR, school.urn)
    expect(terms.filter((t) => t.schoolYear === 2026)).toHaveLength(3)
    expect(closures.map((c) => c.date)).toEqual(['2025-10-27', '2026-10-26', '2027-02-15', '2027-10-25'])
  })

  it('refuses overlapping terms and a closure outside every term, with the paths of each, and changes nothing', async () => {
    const school = await aSchool(ctx)
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, year2025)
    const errors = await brokenRules(
      setCalendar(ctx, SYSTEM_ACTOR, school.urn, {
        terms: [
          { name: 'autumn', start: '2026-09-02', end: '2026-12-18' },
          { name: 'spring', start: '2026-12-01', end: '2027-03-26' },
        ],
        closures: ['2026-10-26', '2027-08-15'],
      }),
    )
    expect(errors.map((e) => e.path)).toEqual(['terms.1.start', 'closures.1'])
    expect(errors[0]!.message).toMatch(/overlap/)
    expect(await calendarVersion(school.id)).toBe(1)
  })

  it('refuses an end before the start and a term named twice in one school year', async () => {
    const school = await aSchool(ctx)
    expect(
      await brokenPaths(
        setCalendar(ctx, SYSTEM_ACTOR, school.urn, {
          terms: [
            { name: 'autumn', start: '2026-09-02', end: '2026-08-30' },
            { name: 'spring', start: '2027-01-04', end: '2027-03-26' },
            { name: 'spring', start: '2027-04-12', end: '2027-07-21' },
          ],
          closures: [],
        }),
      ),
    ).toEqual(['terms.0.end', 'terms.2.name'])
  })

  it('refuses the same closure date given twice', async () => {
    const school = await aSchool(ctx)
    expect(
      await brokenPaths(
        setCalendar(ctx, SYSTEM_ACTOR, school.urn, { ...year2026, closures: ['2026-10-26', '2026-10-26'] }),
      ),
    ).toEqual(['closures.1'])
  })

  it('does not let the headteacher of one school set another school’s calendar (404, not 403)', async () => {
    const mine = await aSchool(ctx)
    const theirs = await aSchool(ctx)
    const { actor } = await aUser(ctx, 'headteacher', mine)
    await setCalendar(ctx, actor, mine.urn, year2026)
    await expect(setCalendar(ctx, actor, theirs.urn, year2026)).rejects.toBeInstanceOf(NotFoundError)
    expect(await calendarVersion(theirs.id)).toBe(0)
  })

  it('does not let a designated teacher set the calendar', async () => {
    const school = await aSchool(ctx)
    const { actor } = await aUser(ctx, 'designated_teacher', school)
    await expect(setCalendar(ctx, actor, school.urn, year2026)).rejects.toBeInstanceOf(ForbiddenError)
  })
})
