import { Readable } from 'node:stream'
import { and, asc, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  attendanceImports,
  attendanceMarkHistory,
  attendanceMarks,
  attendanceWeeks,
  auditEvents,
  pupils,
} from '../data/schema/index.js'
import { aPupil, aSchool, aUser } from '../test-support/builders.js'
import { brokenRules, fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { importAttendance, type ImportAttendanceInput } from './attendance-import.service.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { setCalendar } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let alex: Awaited<ReturnType<typeof aPupil>>
let sam: Awaited<ReturnType<typeof aPupil>>

// Autumn 2025 with a half-term week; 2025-09-03 is a Wednesday, the first school day.
const CALENDAR = {
  terms: [
    { name: 'autumn' as const, start: '2025-09-03', end: '2025-12-19' },
    { name: 'spring' as const, start: '2026-01-05', end: '2026-03-27' },
    { name: 'summer' as const, start: '2026-04-13', end: '2026-07-22' },
  ],
  closures: ['2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31'],
}

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  await setCalendar(ctx, SYSTEM_ACTOR, school.urn, CALENDAR)
  alex = await aPupil(ctx, school, { enrolledOn: '2025-09-03' })
  sam = await aPupil(ctx, school, { enrolledOn: '2025-09-03' })
})
afterAll(async () => database?.close())

// Each test starts from an empty register for the school.
beforeEach(async () => {
  for (const p of [alex, sam]) {
    await database.db.delete(attendanceMarkHistory).where(eq(attendanceMarkHistory.pupilId, p.id))
    await database.db.delete(attendanceWeeks).where(eq(attendanceWeeks.pupilId, p.id))
  }
})

const csv = (...lines: string[]) => `${lines.join('\n')}\n`
const run = (text: string | Buffer, over: Partial<ImportAttendanceInput> = {}) =>
  importAttendance(ctx, SYSTEM_ACTOR, {
    schoolUrn: school.urn,
    source: 'cli',
    fileName: 'marks.csv',
    input: Readable.from([Buffer.from(text)]),
    ...over,
  })

async function marksOf(pupilId: string) {
  return database.db
    .select({
      date: attendanceMarks.date,
      session: attendanceMarks.session,
      code: attendanceMarks.code,
      recordedAt: attendanceMarks.recordedAt,
      importId: attendanceMarks.importId,
    })
    .from(attendanceMarks)
    .where(eq(attendanceMarks.pupilId, pupilId))
    .orderBy(asc(attendanceMarks.date), asc(attendanceMarks.session))
}

/** Row counts of the tables an import writes: a failed import must leave all three as they were. */
async function tableCounts() {
  const n = async (table: typeof attendanceMarks | typeof attendanceMarkHistory | typeof attendanceImports) =>
    (await database.db.select({ n: count() }).from(table))[0]!.n
  return {
    marks: await n(attendanceMarks),
    history: await n(attendanceMarkHistory),
    imports: await n(attendanceImports),
  }
}

describe('importAttendance', () => {
  it('imports a clean file and reports what it added', async () => {
    const result = await run(
      csv(
        'upn,date,session,code',
        `${alex.upn},2025-09-03,AM,/`,
        `${alex.upn},2025-09-03,PM,\\`,
        `${sam.upn},2025-09-03,AM,N`,
        `${sam.upn},2025-09-03,PM,I`,
      ),
    )
    expect(result).toMatchObject({ imported: 4, added: 4, superseded: 0, unchanged: 0 })
    expect((await marksOf(alex.id)).map((m) => [m.date, m.session, m.code])).toEqual([
      ['2025-09-03', 'AM', '/'],
      ['2025-09-03', 'PM', '\\'],
    ])
    expect((await marksOf(sam.id)).map((m) => m.code)).toEqual(['N', 'I'])
    const [saved] = await database.db
      .select()
      .from(attendanceImports)
      .where(eq(attendanceImports.id, result.importId))
    expect(saved).toMatchObject({
      schoolId: school.id,
      source: 'cli',
      fileName: 'marks.csv',
      imported: 4,
      added: 4,
    })
    expect(saved!.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('audits the import with its counts and no pupil’s name or UPN', async () => {
    const result = await run(csv('upn,date,session,code', `${alex.upn},2025-09-04,AM,/`))
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'attendance.imported'), eq(auditEvents.entityId, result.importId)))
    expect(event).toMatchObject({ schoolId: school.id, pupilId: null })
    expect(event!.details).toMatchObject({ imported: 1, added: 1, superseded: 0, unchanged: 0 })
    const logged = JSON.stringify(event)
    expect(logged).not.toContain(alex.upn)
    expect(logged).not.toContain(alex.familyName)
  })

  it('changes nothing when the same file is imported again', async () => {
    const file = csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,/`, `${alex.upn},2025-09-03,PM,L`)
    const first = await run(file)
    const before = await marksOf(alex.id)
    const again = await run(file)
    expect(again).toMatchObject({ imported: 2, added: 0, superseded: 0, unchanged: 2 })
    expect(await marksOf(alex.id)).toEqual(before)
    expect(before.every((m) => m.importId === first.importId)).toBe(true)
    expect((await tableCounts()).history).toBe(0)
  })

  it('keeps the earlier mark in history when a later file changes it (ATT-4)', async () => {
    const first = await run(
      csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,N`, `${alex.upn},2025-09-03,PM,/`),
    )
    const later = await run(
      csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,M`, `${alex.upn},2025-09-03,PM,/`),
    )
    expect(later).toMatchObject({ imported: 2, added: 0, superseded: 1, unchanged: 1 })
    expect((await marksOf(alex.id)).map((m) => m.code)).toEqual(['M', '/'])
    const history = await database.db
      .select()
      .from(attendanceMarkHistory)
      .where(eq(attendanceMarkHistory.pupilId, alex.id))
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({
      date: '2025-09-03',
      session: 'AM',
      code: 'N',
      importId: first.importId,
      supersededByImportId: later.importId,
    })
  })

  it('takes the last line when a file repeats a session, and counts every row as imported (PD-16)', async () => {
    const result = await run(
      csv(
        'upn,date,session,code',
        `${alex.upn},2025-09-03,AM,N`,
        `${alex.upn},2025-09-03,AM,O`,
        `${alex.upn},2025-09-03,AM,/`,
      ),
    )
    expect(result).toMatchObject({ imported: 3, added: 1, superseded: 0, unchanged: 0 })
    expect((await marksOf(alex.id)).map((m) => m.code)).toEqual(['/'])
    expect((await tableCounts()).history).toBe(0)
  })

  it('reads a file with a byte-order mark, Windows line endings and its columns in another order', async () => {
    const text = `\uFEFFMark,AM/PM,UPN,Session date,Name\r\n/,AM,${alex.upn},03/09/2025,Alex\r\n"L",pm,${alex.upn.toLowerCase()},2025-09-03,"Alex, A"\r\n`
    const result = await run(text)
    expect(result).toMatchObject({ imported: 2, added: 2 })
    expect((await marksOf(alex.id)).map((m) => [m.session, m.code])).toEqual([
      ['AM', '/'],
      ['PM', 'L'],
    ])
  })

  it('accepts a closure code on a day the school is closed (PD-16)', async () => {
    const result = await run(
      csv('upn,date,session,code', `${alex.upn},2025-10-27,AM,#`, `${alex.upn},2025-10-27,PM,Y4`),
    )
    expect(result).toMatchObject({ imported: 2, added: 2 })
  })

  it('checks everything but keeps nothing on a dry run, with the same counts', async () => {
    await run(csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,N`))
    const before = await tableCounts()
    const preview = await run(
      csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,/`, `${alex.upn},2025-09-03,PM,/`),
      { dryRun: true },
    )
    expect(preview).toMatchObject({ imported: 2, added: 1, superseded: 1, unchanged: 0 })
    expect(await tableCounts()).toEqual(before)
    expect((await marksOf(alex.id)).map((m) => m.code)).toEqual(['N'])
  })

  it('keeps nothing when the file breaks off part-way, and the next import works', async () => {
    const before = await tableCounts()
    const rows = Array.from({ length: 20_000 }, (_, i) => `${alex.upn},2025-09-03,${i % 2 ? 'AM' : 'PM'},/\n`)
    async function* brokenFile() {
      yield Buffer.from(`upn,date,session,code\n${rows.join('')}`)
      throw new Error('the connection was lost')
    }
    await expect(run('', { input: Readable.from(brokenFile()) })).rejects.toThrow('the connection was lost')
    expect(await tableCounts()).toEqual(before)
    const next = await run(csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,/`))
    expect(next).toMatchObject({ imported: 1, added: 1 })
  })

  it('reports how much of the file it has read', async () => {
    const seen: number[] = []
    const text = csv('upn,date,session,code', `${alex.upn},2025-09-03,AM,/`)
    await run(text, { onProgress: (p) => seen.push(p.bytesRead) })
    expect(seen.at(-1)).toBe(Buffer.byteLength(text))
  })
})

describe('importAttendance refuses a bad file, says which line, and keeps nothing', () => {
  const header = 'upn,date,session,code'
  const cases: Array<[string, () => string, number, RegExp]> = [
    [
      'an unknown code',
      () => csv(header, `${alex.upn},2025-09-03,AM,/`, `${alex.upn},2025-09-03,PM,ZZ`),
      3,
      /unknown attendance code "ZZ"/,
    ],
    [
      'a code withdrawn before the date',
      () => csv(header, `${alex.upn},2025-09-03,AM,H`),
      2,
      /not valid on 3 September 2025/,
    ],
    [
      'a UPN that is no pupil of the school',
      () => csv(header, `${alex.upn},2025-09-03,AM,/`, 'F919400125001,2025-09-03,AM,/'),
      3,
      /no pupil at this school has the UPN F919400125001/,
    ],
    [
      'a UPN with a wrong check letter',
      () => csv(header, 'B919400125001,2025-09-03,AM,/'),
      2,
      /UPN "B919400125001" is not valid/,
    ],
    [
      'a date outside the school’s terms',
      () => csv(header, `${alex.upn},2025-08-20,AM,/`),
      2,
      /outside the school’s terms/,
    ],
    [
      'a closure day with an ordinary code',
      () => csv(header, `${alex.upn},2025-10-28,AM,/`),
      2,
      /not a school day/,
    ],
    ['a weekend', () => csv(header, `${alex.upn},2025-09-06,AM,/`), 2, /not a school day/],
    [
      'a session other than AM or PM',
      () => csv(header, `${alex.upn},2025-09-03,EVE,/`),
      2,
      /session must be AM or PM, not "EVE"/,
    ],
    ['a date that is not a date', () => csv(header, `${alex.upn},2025-02-30,AM,/`), 2, /not a real date/],
    [
      'a pupil not on roll yet',
      () => csv(header, `${alex.upn},2025-09-03,AM,/`, `${late.upn},2025-09-03,AM,/`),
      3,
      /not on roll at this school on 3 September 2025/,
    ],
    [
      'a pupil who had left',
      () => csv(header, `${gone.upn},2025-09-03,AM,/`, `${gone.upn},2025-09-10,AM,/`),
      3,
      /not on roll/,
    ],
    [
      'a formula in the UPN cell',
      () => csv(header, `"=HYPERLINK(""http://x"")",2025-09-03,AM,/`),
      2,
      /UPN "=HYPERLINK/,
    ],
    [
      'a formula in the code cell',
      () => csv(header, `${alex.upn},2025-09-03,AM,=1+1`),
      2,
      /unknown attendance code "=1\+1"/,
    ],
    [
      'a quotation mark never closed',
      () => csv(header, `${alex.upn},2025-09-03,AM,/`, `${alex.upn},"2025-09-03,AM,/`),
      3,
      /quotation mark/,
    ],
    [
      'a missing column',
      () => csv('upn,date,code', `${alex.upn},2025-09-03,/`),
      1,
      /no session \(AM or PM\) column/,
    ],
    [
      'an admission number instead of a UPN',
      () => csv('Adno,date,session,code', '1234,2025-09-03,AM,/'),
      1,
      /no UPN column/,
    ],
    ['a header and nothing else', () => csv(header), 2, /no marks/],
    ['an empty file', () => '', 1, /the file is empty/],
  ]
  let late: Awaited<ReturnType<typeof aPupil>>
  let gone: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    late = await aPupil(ctx, school, { enrolledOn: '2025-09-08' })
    gone = await aPupil(ctx, school, { enrolledOn: '2024-09-04' })
    await database.db.update(pupils).set({ leftOn: '2025-09-05' }).where(eq(pupils.id, gone.id))
  })
  // Something already in the register, which a failed import must leave alone.
  beforeEach(async () => {
    await run(csv(header, `${alex.upn},2025-09-04,AM,N`))
  })

  it.each(cases)('%s', async (_name, file, line, message) => {
    const before = await tableCounts()
    const errors = await brokenRules(run(file()))
    expect(errors[0]).toMatchObject({ line })
    expect(errors[0]!.message).toMatch(new RegExp(`^Line ${line}: `))
    expect(errors[0]!.message).toMatch(message)
    expect(await tableCounts()).toEqual(before)
    expect((await marksOf(alex.id)).map((m) => m.code)).toEqual(['N'])
  })

  it('lists every bad line, in order, up to 100', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${alex.upn},2025-09-03,${i % 2 ? 'AM' : 'XX'},/`)
    const errors = await brokenRules(run(csv(header, ...rows)))
    expect(errors).toHaveLength(100)
    expect(errors.map((e) => e.line)).toEqual(Array.from({ length: 100 }, (_, i) => 2 + 2 * i))
  })

  it('lists a row’s check and an unknown pupil together, by line', async () => {
    const errors = await brokenRules(
      run(csv(header, 'F919400125001,2025-09-03,AM,/', `${alex.upn},2025-09-03,AM,QQ`)),
    )
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [2, 'upn'],
      [3, 'code'],
    ])
  })
})

describe('who may import', () => {
  it('refuses a role without attendance:import', async () => {
    const { actor } = await aUser(ctx, 'designated_teacher', school)
    await expect(
      importAttendance(ctx, actor, { schoolUrn: school.urn, source: 'api', input: Readable.from([]) }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('treats another school as not found', async () => {
    const other = await aSchool(ctx)
    const { actor } = await aUser(ctx, 'attendance_officer', other)
    await expect(
      importAttendance(ctx, actor, { schoolUrn: school.urn, source: 'api', input: Readable.from([]) }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('lets the school’s attendance officer import, recorded as theirs', async () => {
    const { actor, user } = await aUser(ctx, 'attendance_officer', school)
    const result = await importAttendance(ctx, actor, {
      schoolUrn: school.urn,
      source: 'api',
      input: Readable.from([Buffer.from(csv('upn,date,session,code', `${sam.upn},2025-09-05,AM,/`))]),
    })
    const [mark] = await database.db
      .select()
      .from(attendanceMarks)
      .where(eq(attendanceMarks.importId, result.importId))
    expect(mark!.recordedBy).toBe(user.id)
  })
})
