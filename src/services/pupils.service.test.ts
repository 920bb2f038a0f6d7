import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, pupils } from '../data/schema/index.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUpn, aUser } from '../test-support/builders.js'
import { brokenPaths, brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { assignStaff } from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import { createPupil, getPupil, listRegister, updatePupil, type PupilInput } from './pupils.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

/** Swaps a valid UPN's check letter for another letter a UPN may use. */
const withWrongCheckLetter = (upn: string) => (upn[0] === 'A' ? 'B' : 'A') + upn.slice(1)

const pupilsAt = (schoolId: string) => database.db.select().from(pupils).where(eq(pupils.schoolId, schoolId))

const input = (over: Partial<PupilInput> = {}): PupilInput & { schoolUrn: string } => ({
  upn: aUpn(),
  givenName: 'Sam',
  familyName: 'Okafor',
  dateOfBirth: '2015-03-14',
  yearGroup: 6,
  schoolUrn: '',
  ...over,
})

describe('createPupil', () => {
  it('trims and upper-cases the UPN before checking it (DOMAIN.md PD-14)', async () => {
    const school = await aSchool(ctx)
    const upn = aUpn()
    const pupil = await createPupil(ctx, SYSTEM_ACTOR, {
      ...input({ upn: `  ${upn.toLowerCase()}  ` }),
      schoolUrn: school.urn,
    })
    expect(pupil.upn).toBe(upn)
    expect(pupil.schoolUrn).toBe(school.urn)
  })

  it('refuses a UPN with the wrong check letter and saves nothing (ID-1)', async () => {
    const school = await aSchool(ctx)
    const errors = await brokenRules(
      createPupil(ctx, SYSTEM_ACTOR, {
        ...input({ upn: withWrongCheckLetter(aUpn()) }),
        schoolUrn: school.urn,
      }),
    )
    expect(errors.map((e) => e.path)).toEqual(['upn'])
    expect(errors[0]!.message).toMatch(/check letter/)
    expect(await pupilsAt(school.id)).toHaveLength(0)
  })

  it('refuses a UPN already on roll at the school, but accepts it at another school (PD-14)', async () => {
    const school = await aSchool(ctx)
    const other = await aSchool(ctx)
    const upn = aUpn()
    await createPupil(ctx, SYSTEM_ACTOR, { ...input({ upn }), schoolUrn: school.urn })
    const errors = await brokenRules(
      createPupil(ctx, SYSTEM_ACTOR, { ...input({ upn: upn.toLowerCase() }), schoolUrn: school.urn }),
    )
    expect(errors).toEqual([
      { path: 'upn', message: `A pupil with UPN ${upn} is already on roll at this school` },
    ])
    const elsewhere = await createPupil(ctx, SYSTEM_ACTOR, { ...input({ upn }), schoolUrn: other.urn })
    expect(elsewhere.upn).toBe(upn)
    expect(await pupilsAt(school.id)).toHaveLength(1)
  })

  it('refuses a date of birth of today or later', async () => {
    const school = await aSchool(ctx)
    expect(
      await brokenPaths(
        createPupil(ctx, SYSTEM_ACTOR, { ...input({ dateOfBirth: '2026-11-23' }), schoolUrn: school.urn }),
      ),
    ).toEqual(['dateOfBirth'])
    expect(
      await brokenPaths(
        createPupil(ctx, SYSTEM_ACTOR, { ...input({ dateOfBirth: '2026-11-24' }), schoolUrn: school.urn }),
      ),
    ).toEqual(['dateOfBirth'])
    expect(
      await brokenPaths(
        createPupil(ctx, SYSTEM_ACTOR, { ...input({ dateOfBirth: '2015-02-30' }), schoolUrn: school.urn }),
      ),
    ).toEqual(['dateOfBirth'])
  })

  it.each([
    [-2, false],
    [-1, true],
    [0, true],
    [14, true],
    [15, false],
    [6.5, false],
  ])('year group %s is accepted: %s (nursery -1 to 14, PD-19)', async (yearGroup, ok) => {
    const school = await aSchool(ctx)
    const call = createPupil(ctx, SYSTEM_ACTOR, { ...input({ yearGroup }), schoolUrn: school.urn })
    if (ok) expect((await call).yearGroup).toBe(yearGroup)
    else expect(await brokenPaths(call)).toEqual(['yearGroup'])
  })

  it('reports every missing field at once', async () => {
    const school = await aSchool(ctx)
    expect(
      await brokenPaths(
        createPupil(ctx, SYSTEM_ACTOR, {
          upn: '',
          givenName: ' ',
          familyName: '',
          dateOfBirth: '',
          schoolUrn: school.urn,
        }),
      ),
    ).toEqual(['upn', 'givenName', 'familyName', 'dateOfBirth'])
  })
})

describe('updatePupil', () => {
  it('refuses a stale version with a conflict and changes nothing', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school, { familyName: 'Before' })
    const first = await updatePupil(ctx, SYSTEM_ACTOR, pupil.id, pupil.version, {
      ...input({ upn: pupil.upn, familyName: 'First edit' }),
    })
    expect(first.version).toBe(pupil.version + 1)

    await expect(
      updatePupil(
        ctx,
        SYSTEM_ACTOR,
        pupil.id,
        pupil.version,
        input({ upn: pupil.upn, familyName: 'Lost edit' }),
      ),
    ).rejects.toBeInstanceOf(ConflictError)

    const [row] = await database.db.select().from(pupils).where(eq(pupils.id, pupil.id))
    expect(row).toMatchObject({ familyName: 'First edit', version: first.version })
    const updates = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'pupil.updated')))
    expect(updates).toHaveLength(1)
  })

  it('refuses to give a pupil the UPN of another pupil on roll', async () => {
    const school = await aSchool(ctx)
    const a = await aPupil(ctx, school)
    const b = await aPupil(ctx, school)
    expect(await brokenPaths(updatePupil(ctx, SYSTEM_ACTOR, b.id, b.version, input({ upn: a.upn })))).toEqual(
      ['upn'],
    )
  })
})

describe('getPupil', () => {
  it('writes a pupil.viewed audit event naming the pupil and the reader', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const { user, actor } = await aUser(ctx, 'designated_teacher', school)
    const seen = await getPupil(ctx, actor, pupil.id)
    expect(seen.id).toBe(pupil.id)
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.pupilId, pupil.id), eq(auditEvents.action, 'pupil.viewed')))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorUserId: user.id, schoolId: school.id, entityId: pupil.id })
  })

  it('treats a malformed or unknown id as not found', async () => {
    await expect(getPupil(ctx, SYSTEM_ACTOR, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError)
    await expect(getPupil(ctx, SYSTEM_ACTOR, '-'.repeat(36))).rejects.toBeInstanceOf(NotFoundError)
    await expect(getPupil(ctx, SYSTEM_ACTOR, '01900000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('listRegister', () => {
  // One school whose pupils are in each cohort on 23 November 2026 (the fixed "today").
  let school: Awaited<ReturnType<typeof aSchool>>
  const p: Record<string, { id: string; upn: string; familyName: string }> = {}

  beforeAll(async () => {
    school = await aSchool(ctx)
    const make = async (key: string, familyName: string, yearGroup: number) => {
      p[key] = await aPupil(ctx, school, { familyName, yearGroup })
      return p[key].id
    }
    await anEpisode(ctx, await make('cla', 'Abbott', 7), aClaEpisode({ startDate: '2024-01-10' }))
    const pla = await make('pla', 'Brennan', 8)
    await anEpisode(ctx, pla, aClaEpisode({ startDate: '2020-01-01', endDate: '2022-05-31' }))
    await anEpisode(ctx, pla, { type: 'PLA', startDate: '2022-06-01', route: 'adoption' })
    await anEpisode(ctx, await make('cin', 'Castellano', 7), { type: 'CIN', startDate: '2025-01-06' })
    await anEpisode(ctx, await make('ever6', 'Dimitrov', 9), {
      type: 'CIN',
      startDate: '2019-01-07',
      endDate: '2021-06-30',
    })
    await anEpisode(ctx, await make('longAgo', 'Eze', 9), {
      type: 'CP',
      startDate: '2016-01-04',
      endDate: '2019-12-31',
      cpCategory: 'neglect',
    })
    await anEpisode(ctx, await make('kinship', 'Fairweather', 10), {
      type: 'KINSHIP',
      startDate: '2023-03-01',
      arrangement: 'formal',
    })
    await make('none', 'Gallagher', 7)
  })

  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id)

  it('lists the pupils in a cohort today, with counts for every cohort', async () => {
    const all = await listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn })
    expect(ids(all.rows)).toEqual([p.cla!.id, p.pla!.id, p.cin!.id, p.ever6!.id, p.kinship!.id])
    expect(all.counts).toEqual({ cla: 1, pla: 1, csw_current: 1, csw_ever6: 2, kinship: 1 })
    expect(all.on).toBe('2026-11-23')
    expect(all.rows[1]!.cohorts).toEqual(['pla'])
  })

  it.each([
    ['cla', ['cla']],
    ['pla', ['pla']],
    ['csw_current', ['cin']],
    ['csw_ever6', ['cin', 'ever6']],
    ['kinship', ['kinship']],
  ] as const)('filters by the %s cohort (PD-3, PD-15)', async (cohort, expected) => {
    const { rows } = await listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn, cohort })
    expect(ids(rows)).toEqual(expected.map((k) => p[k]!.id))
  })

  it('filters by year group', async () => {
    const { rows } = await listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn, yearGroup: 7 })
    expect(ids(rows)).toEqual([p.cla!.id, p.cin!.id])
  })

  it('finds pupils by part of a name, with or without a status, and by UPN in any case', async () => {
    const byName = await listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn, search: 'allag' })
    expect(ids(byName.rows)).toEqual([p.none!.id])
    expect(byName.rows[0]!.cohorts).toEqual([])
    const byFullName = await listRegister(ctx, SYSTEM_ACTOR, {
      schoolUrn: school.urn,
      search: 'alex castell',
    })
    expect(ids(byFullName.rows)).toEqual([p.cin!.id])
    const byUpn = await listRegister(ctx, SYSTEM_ACTOR, {
      schoolUrn: school.urn,
      search: ` ${p.kinship!.upn.toLowerCase()} `,
    })
    expect(ids(byUpn.rows)).toEqual([p.kinship!.id])
  })

  it('treats % and _ in a search as letters, not wildcards', async () => {
    const { rows } = await listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn, search: '%' })
    expect(rows).toEqual([])
  })

  it('shows the status on another date when asked', async () => {
    const { rows } = await listRegister(ctx, SYSTEM_ACTOR, {
      schoolUrn: school.urn,
      cohort: 'cla',
      on: '2021-01-01',
    })
    expect(ids(rows)).toEqual([p.pla!.id])
  })

  it('refuses a date that is not real', async () => {
    expect(
      await brokenPaths(listRegister(ctx, SYSTEM_ACTOR, { schoolUrn: school.urn, on: '2026-02-30' })),
    ).toEqual(['on'])
  })

  it('writes a register.viewed audit event', async () => {
    const { user, actor } = await aUser(ctx, 'designated_teacher', school)
    await listRegister(ctx, actor, { cohort: 'cla' })
    // Not their first event: setting up two-factor sign-in wrote one.
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, 'register.viewed')))
    expect(event).toMatchObject({ action: 'register.viewed', schoolId: school.id })
    expect(event!.details).toMatchObject({ cohort: 'cla', rows: 1 })
  })
})

describe('who sees which pupils (DESIGN.md access layer 2)', () => {
  it('shows a member of staff only the pupils they are assigned to', async () => {
    const school = await aSchool(ctx)
    const mine = await aPupil(ctx, school)
    const notMine = await aPupil(ctx, school)
    for (const pupil of [mine, notMine])
      await anEpisode(ctx, pupil.id, { type: 'CIN', startDate: '2026-01-05' })
    const staff = await aUser(ctx, 'staff', school)
    await assignStaff(ctx, SYSTEM_ACTOR, mine.id, { userId: staff.user.id, role: 'key_adult' })

    const { rows, counts } = await listRegister(ctx, staff.actor, {})
    expect(rows.map((r) => r.id)).toEqual([mine.id])
    expect(counts.csw_current).toBe(1)
    expect((await getPupil(ctx, staff.actor, mine.id)).id).toBe(mine.id)
    await expect(getPupil(ctx, staff.actor, notMine.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('shows the headteacher of another school nothing, and hides that the pupil exists', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode())
    const elsewhere = await aSchool(ctx)
    const head = await aUser(ctx, 'headteacher', elsewhere)

    expect((await listRegister(ctx, head.actor, {})).rows).toEqual([])
    await expect(listRegister(ctx, head.actor, { schoolUrn: school.urn })).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(getPupil(ctx, head.actor, pupil.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('shows a Virtual School adviser the children their LA looks after today, at any school, and no others (PD-12)', async () => {
    const schoolA = await aSchool(ctx)
    const schoolB = await aSchool(ctx, { laestab: '9374123' })
    const oursAtA = await aPupil(ctx, schoolA)
    await anEpisode(ctx, oursAtA.id, aClaEpisode({ responsibleLaCode: '919' }))
    const oursAtB = await aPupil(ctx, schoolB)
    await anEpisode(ctx, oursAtB.id, aClaEpisode({ responsibleLaCode: '919', legalStatus: 'V2' }))
    const warwickshire = await aPupil(ctx, schoolA)
    await anEpisode(ctx, warwickshire.id, aClaEpisode({ responsibleLaCode: '937' }))
    const cinOnly = await aPupil(ctx, schoolA)
    await anEpisode(ctx, cinOnly.id, { type: 'CIN', startDate: '2025-09-01' })
    const leftCare = await aPupil(ctx, schoolB)
    await anEpisode(ctx, leftCare.id, aClaEpisode({ startDate: '2022-01-01', endDate: '2025-03-31' }))
    await anEpisode(ctx, leftCare.id, { type: 'PLA', startDate: '2025-04-01', route: 'sgo' })

    const { actor } = await aUser(ctx, 'vs_adviser', null, { laCode: '919' })
    const seen = (await listRegister(ctx, actor, {})).rows.map((r) => r.id)
    expect(seen).toEqual(expect.arrayContaining([oursAtA.id, oursAtB.id]))
    for (const hidden of [warwickshire, cinOnly, leftCare]) {
      expect(seen).not.toContain(hidden.id)
      await expect(getPupil(ctx, actor, hidden.id)).rejects.toBeInstanceOf(NotFoundError)
    }
    expect((await getPupil(ctx, actor, oursAtB.id)).schoolUrn).toBe(schoolB.urn)
  })

  it('refuses a governor any individual record (PD-11)', async () => {
    const school = await aSchool(ctx)
    const pupil = await aPupil(ctx, school)
    const { actor } = await aUser(ctx, 'governor', school)
    await expect(listRegister(ctx, actor, {})).rejects.toBeInstanceOf(ForbiddenError)
    await expect(getPupil(ctx, actor, pupil.id)).rejects.toBeInstanceOf(ForbiddenError)
  })
})
