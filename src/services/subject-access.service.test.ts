import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../data/schema/index.js'
import { aPupil, aSchool, aUser } from '../test-support/builders.js'
import { aPupilWithEverything } from '../test-support/full-record.js'
import { fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ForbiddenError, NotFoundError } from './errors.js'
import { grantSection } from './sections.service.js'
import { exportSubjectAccess, type SubjectAccessExport } from './subject-access.service.js'
import { SUBJECT_ACCESS_SECTIONS } from './subject-access/sections.js'

let database: TestDatabase
let ctx: ServiceContext
let school: Awaited<ReturnType<typeof aSchool>>
let pupil: Awaited<ReturnType<typeof aPupilWithEverything>>['pupil']
let dsl: Awaited<ReturnType<typeof aUser>>

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
  school = await aSchool(ctx)
  ;({ pupil } = await aPupilWithEverything(ctx, school))
  dsl = await aUser(ctx, 'dsl', school, { name: 'Sam Lead' })
})
afterAll(async () => database.close())

const exportsOf = (pupilId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.pupilId, pupilId), eq(auditEvents.action, 'pupil.exported')))

const section = (e: SubjectAccessExport, key: string) => {
  const found = e.sections.find((s) => s.key === key)
  if (!found) throw new Error(`No section ${key}`)
  return found
}

describe('exportSubjectAccess (issue 3 item 7)', () => {
  it('gives a DSL everything held about the pupil, section by section', async () => {
    const e = await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'json')
    expect(e.sections.map((s) => s.key)).toEqual([
      'pupil',
      'status_episodes',
      'child_protection',
      'placement_changes',
      'contacts',
      'staff_assignments',
      'tasks',
      'messages',
      'peps',
      'pep_targets',
      'funding',
      'attendance_register',
      'attendance_support_plans',
      'part_time_timetables',
      'attendance_adjustments',
      'suspensions',
      'suspension_duties',
      'behaviour_support',
      'access_log',
    ])
    expect(section(e, 'pupil').records).toEqual([
      expect.objectContaining({
        upn: pupil.upn,
        givenName: 'Robin',
        familyName: 'Everything',
        dateOfBirth: '2014-05-01',
        schoolUrn: school.urn,
        id: pupil.id,
      }),
    ])
    expect(section(e, 'placement_changes').records).toEqual([
      expect.objectContaining({
        changedOn: '2024-09-02',
        kind: 'placement',
        note: 'Moved to a foster placement nearer school',
      }),
    ])
    expect(section(e, 'contacts').records).toEqual([
      expect.objectContaining({ role: 'social_worker', name: 'Sam Worker', email: 'sam@la.example' }),
    ])
    expect(section(e, 'tasks').records).toEqual([
      expect.objectContaining({
        title: 'Arrange the PEP meeting',
        dueOn: '2024-10-01',
        assignee: 'Designated teacher',
      }),
    ])
    expect(section(e, 'messages').records).toEqual([
      expect.objectContaining({
        toAddress: 'virtual.school@la.example',
        subject: 'Change of placement',
        body: 'Robin moved placement on 2 September 2024.',
        status: 'pending',
      }),
    ])
    expect(e.sections.every((s) => s.withheld === null)).toBe(true)
  })

  it('gives a label for every field of every record, so the page can show it', async () => {
    const e = await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'json')
    for (const s of SUBJECT_ACCESS_SECTIONS) {
      const records = section(e, s.key).records
      expect(records.length, s.key).toBeGreaterThan(0)
      for (const r of records) expect(Object.keys(r).sort(), s.key).toEqual(Object.keys(s.fields).sort())
    }
  })

  it('includes every status entry, corrected and withdrawn ones too, with their reasons', async () => {
    const { records } = section(
      await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'json'),
      'status_episodes',
    )
    const summary = records.map((r) => [r.type, r.startDate, r.state, r.correctionReason, r.withdrawnReason])
    expect(summary).toEqual(
      expect.arrayContaining([
        ['CLA', '2024-01-10', 'corrected', null, null],
        ['CLA', '2024-01-11', 'current', 'The care order began a day later', null],
        ['KINSHIP', '2023-06-01', 'replaced_by_withdrawal', null, null],
        ['KINSHIP', '2023-06-01', 'withdrawn', null, 'Recorded for the wrong child'],
        ['CP', '2022-03-01', 'current', null, null],
      ]),
    )
    expect(records).toHaveLength(5)
  })

  it('lists past staff assignments as well as current ones', async () => {
    const { records } = section(
      await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'json'),
      'staff_assignments',
    )
    expect(records.map((r) => [r.role, r.staffName, r.endedAt === null])).toEqual([
      ['key_adult', 'Kim Keyadult', true],
      ['mentor', 'Max Mentor', false],
    ])
  })

  it('gives the DSL the child protection details, kept out of the status history', async () => {
    const e = await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'json')
    expect(section(e, 'child_protection').records).toEqual([
      expect.objectContaining({
        startDate: '2022-03-01',
        cpCategory: 'neglect',
        note: 'Plan agreed at the initial conference',
        state: 'current',
      }),
    ])
    const cp = section(e, 'status_episodes').records.find((r) => r.type === 'CP')!
    expect(cp.note).toBeNull()
    expect(cp).not.toHaveProperty('cpCategory')
  })

  it('withholds the child protection details from an administrator, and says so', async () => {
    const admin = await aUser(ctx, 'admin', school)
    const e = await exportSubjectAccess(ctx, admin.actor, pupil.id, 'json')
    const cp = section(e, 'child_protection')
    expect(cp.records).toEqual([])
    expect(cp.withheld).toMatch(/designated safeguarding lead/)
    const everything = JSON.stringify(e)
    expect(everything).not.toContain('neglect')
    expect(everything).not.toContain('Plan agreed at the initial conference')
    expect(section(e, 'status_episodes').records).toHaveLength(5)
  })

  it('includes them for an administrator the DSL has given access', async () => {
    const admin = await aUser(ctx, 'admin', school)
    await grantSection(ctx, dsl.actor, admin.user.email, 'child_protection')
    const e = await exportSubjectAccess(ctx, admin.actor, pupil.id, 'json')
    expect(section(e, 'child_protection').records[0]).toMatchObject({ cpCategory: 'neglect' })
  })

  it('lists the access log: who did what, and when, earlier exports included', async () => {
    await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'pdf')
    const { records } = section(await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'json'), 'access_log')
    expect(records[0]).toMatchObject({
      who: 'Harbour, Administrator',
      what: 'Added the pupil',
      action: 'pupil.created',
    })
    expect(records.at(-1)).toMatchObject({
      who: 'Sam Lead, Designated safeguarding lead',
      action: 'pupil.exported',
    })
    expect(records.at(-1)!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('writes one pupil.exported event, with the format, in the same transaction', async () => {
    const before = (await exportsOf(pupil.id)).length
    await exportSubjectAccess(ctx, dsl.actor, pupil.id, 'html')
    const events = await exportsOf(pupil.id)
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)).toMatchObject({
      actorUserId: dsl.user.id,
      schoolId: school.id,
      entity: 'pupil',
      entityId: pupil.id,
      details: { format: 'html', childProtection: true },
    })
  })

  it('lets the headteacher export', async () => {
    const head = await aUser(ctx, 'headteacher', school)
    await expect(exportSubjectAccess(ctx, head.actor, pupil.id, 'json')).resolves.toBeDefined()
  })

  it.each(['designated_teacher', 'senco', 'staff', 'vs_head', 'governor'] as const)(
    'refuses a %s (403), writing no export event',
    async (role) => {
      const before = (await exportsOf(pupil.id)).length
      const { actor } = await aUser(ctx, role, role === 'vs_head' ? null : school, { laCode: '919' })
      await expect(exportSubjectAccess(ctx, actor, pupil.id, 'json')).rejects.toBeInstanceOf(ForbiddenError)
      expect(await exportsOf(pupil.id)).toHaveLength(before)
    },
  )

  it('treats a pupil of another school as unknown (404), writing no export event', async () => {
    const other = await aUser(ctx, 'dsl', await aSchool(ctx))
    const before = (await exportsOf(pupil.id)).length
    await expect(exportSubjectAccess(ctx, other.actor, pupil.id, 'json')).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(exportSubjectAccess(ctx, other.actor, 'not-an-id', 'json')).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(await exportsOf(pupil.id)).toHaveLength(before)
  })

  it('exports a pupil with nothing but their details', async () => {
    const plain = await aPupil(ctx, school)
    const e = await exportSubjectAccess(ctx, dsl.actor, plain.id, 'json')
    expect(section(e, 'pupil').records).toHaveLength(1)
    expect(section(e, 'status_episodes').records).toEqual([])
    expect(section(e, 'child_protection')).toMatchObject({ records: [], withheld: null })
  })
})
