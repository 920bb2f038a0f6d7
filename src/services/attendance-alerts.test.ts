import { Readable } from 'node:stream'
import { and, eq, inArray } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendOutboxOnce } from '../jobs/outbox.js'
import { attendanceMarkHistory, auditEvents, outbox, schools, tasks } from '../data/schema/index.js'
import {
  CALENDAR_2026_27,
  marksOnSchoolDays,
  insertMarks,
  recordMarks,
  type TestMark,
} from '../test-support/attendance.js'
import { aClaEpisode, aPupil, aSchool, aUser, anEpisode } from '../test-support/builders.js'
import { fixedContext } from '../test-support/service-context.js'
import { startSmtpServer } from '../test-support/smtp-peer.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { ALERT_KINDS } from './attendance-alert-rules.js'
import { importAttendance } from './attendance-import.service.js'
import { addContact } from './contacts.service.js'
import type { ServiceContext } from './context.js'
import { loadCalendar, setCalendar } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

// FIXED_TODAY is Monday 23 November 2026. In CALENDAR_2026_27 the last 4 school weeks run from 2 November
// (16 school days, 32 sessions), the last 10 from 14 September (half-term skipped), and the school year so
// far from 1 September (55 school days, 110 sessions).
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

type Kind = 'cla' | 'cin' | 'plain'

async function aSchoolWithCalendar(settings?: Record<string, unknown>) {
  const school = await aSchool(ctx)
  await setCalendar(ctx, SYSTEM_ACTOR, school.urn, CALENDAR_2026_27)
  if (settings) await database.db.update(schools).set({ settings }).where(eq(schools.id, school.id))
  const { calendar } = await loadCalendar(database.db, school.id)
  return { school, calendar }
}

/** A pupil with a register of present marks so far this school year, as the school's first import. */
async function aPupilOnRoll(
  at: Awaited<ReturnType<typeof aSchoolWithCalendar>>,
  kind: Kind,
  over: { laCode?: string; cinEnd?: string } = {},
) {
  const pupil = await aPupilAt(at.school, kind, over)
  await recordMarks(ctx, at.school.id, marksOnSchoolDays(at.calendar, pupil.id, '2026-09-01', '2026-11-23'))
  return pupil
}

async function aPupilAt(
  school: { urn: string },
  kind: Kind,
  over: { laCode?: string; cinEnd?: string } = {},
) {
  const pupil = await aPupil(ctx, school, { givenName: 'Robin' })
  if (kind === 'cla')
    await anEpisode(
      ctx,
      pupil.id,
      aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: over.laCode ?? '873' }),
    )
  if (kind === 'cin')
    await anEpisode(ctx, pupil.id, {
      type: 'CIN',
      startDate: '2025-03-01',
      endDate: over.cinEnd ?? null,
      cinCategory: 'N1',
    })
  if (kind !== 'plain')
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
      email: `sam.worker.${pupil.id.slice(-6)}@la.example`,
    })
  return pupil
}

const tasksOf = (pupilId: string) => database.db.select().from(tasks).where(eq(tasks.pupilId, pupilId))
const tasksOfKind = async (pupilId: string, kind: string) =>
  (await tasksOf(pupilId)).filter((t) => t.kind === kind)
const emailsAbout = (pupilId: string) => database.db.select().from(outbox).where(eq(outbox.pupilId, pupilId))
const mark = (pupilId: string, date: string, session: 'AM' | 'PM', code: string): TestMark => ({
  pupilId,
  date,
  session,
  code,
})

describe('an unexplained absence of a pupil with a social worker (PD-6, ATT-15, POL-16, POL-33)', () => {
  it('makes one same-day task for the designated teacher and emails the social worker and the Virtual School that looks after the child', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla', { laCode: '873' })

    const counts = await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])

    expect(counts).toMatchObject({ pupils: 1, unexplainedAbsenceTasks: 1, emails: 2 })
    const [task, ...others] = await tasksOf(pupil.id)
    expect(others).toEqual([])
    expect(task).toMatchObject({
      kind: 'attendance_unexplained_absence',
      title: 'Tell the social worker: unexplained absence on Monday 23 November 2026 (morning)',
      dueOn: '2026-11-23',
      assigneeRole: 'designated_teacher',
      doneAt: null,
    })
    expect(task!.detail).toContain('Cambridgeshire Virtual School')
    const emails = await emailsAbout(pupil.id)
    // POL-33: the Virtual School of the LA that looks after the child (873), not the school's own LA (919).
    expect(emails.map((e) => e.toAddress).sort()).toEqual([
      `sam.worker.${pupil.id.slice(-6)}@la.example`,
      'virtualschool@cambridgeshire.gov.uk',
    ])
    for (const e of emails) {
      expect(e.subject).toBe(`Unexplained absence from ${school.name}`)
      expect(e.body).toContain(`Robin ${pupil.familyName} was absent from ${school.name}`)
      expect(e.body).toContain('- Monday 23 November 2026, morning')
      expect(e.body).not.toContain(pupil.upn)
    }
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.schoolId, school.id), eq(auditEvents.action, 'attendance.alerts_raised')))
    expect(event!.details).toMatchObject({ unexplainedAbsenceTasks: 1, emails: 2 })
    expect(JSON.stringify(event!.details)).not.toContain(pupil.familyName)
  })

  it('lists both sessions of a day in one email to each person, with a task for each session', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla')
    await recordMarks(ctx, school.id, [
      mark(pupil.id, '2026-11-20', 'AM', 'O'),
      mark(pupil.id, '2026-11-20', 'PM', 'N'),
    ])
    expect(await tasksOf(pupil.id)).toHaveLength(2)
    const emails = await emailsAbout(pupil.id)
    expect(emails).toHaveLength(2)
    expect(emails[0]!.body).toContain(
      '- Friday 20 November 2026, morning\n- Friday 20 November 2026, afternoon',
    )
  })

  it('creates nothing new when the same marks come again', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla')
    const marks = [mark(pupil.id, '2026-11-23', 'AM', 'N'), mark(pupil.id, '2026-11-20', 'PM', '/')]
    await recordMarks(ctx, school.id, marks)

    const again = await recordMarks(ctx, school.id, marks)

    expect(again).toMatchObject({ pupils: 0, unexplainedAbsenceTasks: 0, emails: 0 })
    expect(await tasksOf(pupil.id)).toHaveLength(1)
    expect(await emailsAbout(pupil.id)).toHaveLength(2)
  })

  it('closes the task with a note when the mark is recoded, and tells nobody again', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla')
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])

    const counts = await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'I')])

    expect(counts.closedByRecode).toBe(1)
    const [task] = await tasksOf(pupil.id)
    expect(task!.doneAt).not.toBeNull()
    expect(task!.doneNote).toBe('Recoded to I on 23 November 2026')
    expect(await emailsAbout(pupil.id)).toHaveLength(2)
    // ATT-4: the N is kept in the history.
    const history = await database.db
      .select()
      .from(attendanceMarkHistory)
      .where(eq(attendanceMarkHistory.pupilId, pupil.id))
    expect(
      history
        .sort((a, b) => a.id - b.id)
        .filter((h) => h.date === '2026-11-23' && h.session === 'AM')
        .map((h) => h.code),
    ).toEqual(['/', 'N'])
  })

  it('keeps the task open when N is recoded to O (still unexplained), with no second email', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla')
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'PM', 'N')])

    const counts = await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'PM', 'O')])

    expect(counts).toMatchObject({ unexplainedAbsenceTasks: 0, closedByRecode: 0, emails: 0 })
    const [task] = await tasksOf(pupil.id)
    expect(task!.doneAt).toBeNull()
    expect(await emailsAbout(pupil.id)).toHaveLength(2)
  })

  it('opens the task again, and tells them again, when an explained absence is recoded back to N', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla')
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'M')])

    const counts = await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])

    expect(counts).toMatchObject({ reopenedTasks: 1, emails: 2 })
    const [task, ...others] = await tasksOf(pupil.id)
    expect(others).toEqual([])
    expect(task!.doneAt).toBeNull()
    expect(await emailsAbout(pupil.id)).toHaveLength(4)
  })

  it('does nothing for a pupil without a social worker', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'plain')
    const counts = await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])
    expect(counts.pupils).toBe(0)
    expect(await tasksOf(pupil.id)).toEqual([])
    expect(await emailsAbout(pupil.id)).toEqual([])
  })

  it('emails the social worker of a child in need, not a Virtual School, and gives the task to the safeguarding lead', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cin')
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'O')])
    const [task] = await tasksOf(pupil.id)
    expect(task).toMatchObject({ assigneeRole: 'dsl' })
    expect((await emailsAbout(pupil.id)).map((e) => e.toAddress)).toEqual([
      `sam.worker.${pupil.id.slice(-6)}@la.example`,
    ])
  })

  it('looks at the status on the day of the absence: a child in need episode that ended before it tells nobody', async () => {
    const at = await aSchoolWithCalendar()
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cin', { cinEnd: '2026-11-19' })
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-20', 'AM', 'N')])
    expect(await tasksOf(pupil.id)).toEqual([])
  })

  it('says in the task when there is no address to email, and still makes the task', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const pupil = await aPupil(ctx, school)
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: '873' }))
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-20'))
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])
    const [task] = await tasksOf(pupil.id)
    expect(task!.detail).toContain('No email address is recorded for the social worker')
    expect((await emailsAbout(pupil.id)).map((e) => e.toAddress)).toEqual([
      'virtualschool@cambridgeshire.gov.uk',
    ])
  })

  it('makes no task for an absence older than the school’s notification window (a first import of history)', async () => {
    const at = await aSchoolWithCalendar({ attendanceAlerts: { notifyUnexplainedWithinDays: 7 } })
    const { school } = at
    const pupil = await aPupilOnRoll(at, 'cla')
    await recordMarks(ctx, school.id, [
      mark(pupil.id, '2026-11-13', 'AM', 'N'),
      mark(pupil.id, '2026-11-16', 'AM', 'N'),
    ])
    expect((await tasksOf(pupil.id)).map((t) => t.title)).toEqual([
      'Tell the social worker: unexplained absence on Monday 16 November 2026 (morning)',
    ])
  })

  it('closes the task of an absence however old, when it is recoded in a later school year', async () => {
    const at = await aSchoolWithCalendar()
    const pupil = await aPupilOnRoll(at, 'cla')
    await recordMarks(ctx, at.school.id, [mark(pupil.id, '2026-11-23', 'AM', 'N')])
    await recordMarks(ctx, at.school.id, [mark(pupil.id, '2026-11-23', 'AM', 'R')], { today: '2027-09-10' })
    const [task] = await tasksOfKind(pupil.id, 'attendance_unexplained_absence')
    expect(task!.doneNote).toBe('Recoded to R on 10 September 2027')
  })

  it('runs inside the real import: a CSV with an N for a looked-after child makes the task and the emails', async () => {
    const at = await aSchoolWithCalendar()
    const pupil = await aPupilOnRoll(at, 'cla', { laCode: '937' })
    const csv = `upn,date,session,code\n${pupil.upn},2026-11-23,PM,N\n`
    const importer = await aUser(ctx, 'attendance_officer', at.school)
    const result = await importAttendance(ctx, importer.actor, {
      schoolUrn: at.school.urn,
      source: 'api',
      input: Readable.from([csv]),
    })
    expect(result).toMatchObject({ imported: 1, superseded: 1 })
    expect((await tasksOf(pupil.id)).map((t) => t.title)).toEqual([
      'Tell the social worker: unexplained absence on Monday 23 November 2026 (afternoon)',
    ])
    expect((await emailsAbout(pupil.id)).map((e) => e.toAddress).sort()).toEqual([
      `sam.worker.${pupil.id.slice(-6)}@la.example`,
      'virtualschool@warwickshire.gov.uk',
    ])
    // The same file again: nothing new.
    await importAttendance(ctx, importer.actor, {
      schoolUrn: at.school.urn,
      source: 'api',
      input: Readable.from([csv]),
    })
    expect(await tasksOf(pupil.id)).toHaveLength(1)
    expect(await emailsAbout(pupil.id)).toHaveLength(2)
  })

  it('delivers the social worker’s email through the outbox to a real SMTP server', async () => {
    const smtp = await startSmtpServer()
    const transport = nodemailer.createTransport({ url: `smtp://127.0.0.1:${smtp.port}`, ignoreTLS: true })
    try {
      const at = await aSchoolWithCalendar()
      const { school } = at
      const pupil = await aPupilOnRoll(at, 'cin')
      await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-23', 'PM', 'N')])
      // The emails wait until the database's now(); the sender's clock is a minute past it.
      const later: ServiceContext = { db: database.db, now: () => new Date(Date.now() + 60_000) }
      await sendOutboxOnce(later, transport, pino({ level: 'silent' }), {
        from: 'harbour@school.example',
        batch: 1000,
      })

      const address = `sam.worker.${pupil.id.slice(-6)}@la.example`
      const delivered = smtp.received.find((m) => m.to.includes(address))
      expect(delivered?.raw).toContain(`Subject: Unexplained absence from ${school.name}`)
      expect(delivered?.raw).toContain(`Robin ${pupil.familyName} was absent`)
      expect(delivered?.raw).toContain('Monday 23 November 2026, afternoon')
      const [row] = await emailsAbout(pupil.id)
      expect(row!.status).toBe('sent')
    } finally {
      transport.close()
      await smtp.close()
    }
  })
})

describe('alerts on the figures of pupils with a social worker', () => {
  const kindsOf = async (pupilId: string) => (await tasksOf(pupilId)).map((t) => t.kind).sort()

  it('ATT-9: below 90% over the last 4 school weeks is a task labelled not statutory (29 of 32 is not; 28 is)', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const pupil = await aPupilAt(school, 'cla')
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-23'))
    const absent = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']
    await recordMarks(
      ctx,
      school.id,
      absent.slice(0, 3).map((d) => mark(pupil.id, d, 'AM', 'M')),
    )
    expect(await tasksOfKind(pupil.id, ALERT_KINDS.belowThreshold)).toEqual([])

    await recordMarks(ctx, school.id, [mark(pupil.id, absent[3]!, 'AM', 'M')])

    const [task] = await tasksOfKind(pupil.id, ALERT_KINDS.belowThreshold)
    expect(task!.title).toBe(
      'Attendance below 90% over the last 4 school weeks (a local threshold, not statutory)',
    )
    expect(task!.detail).toContain('Attendance was 87.5% from 2 November 2026 to 23 November 2026')
    // One open at a time: another absence adds no second task.
    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-11-06', 'AM', 'M')])
    expect(await tasksOfKind(pupil.id, ALERT_KINDS.belowThreshold)).toHaveLength(1)
  })

  it('ATT-9: takes the threshold from the school’s settings', async () => {
    const { school, calendar } = await aSchoolWithCalendar({
      attendanceAlerts: { thresholdPercent: 95, thresholdWeeks: 4 },
    })
    const pupil = await aPupilAt(school, 'cla')
    const marks = marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-23')
    await recordMarks(ctx, school.id, [
      ...marks,
      ...['2026-11-02', '2026-11-03'].map((d) => mark(pupil.id, d, 'AM', 'M')),
    ])
    const [task] = await tasksOfKind(pupil.id, ALERT_KINDS.belowThreshold)
    expect(task!.title).toBe(
      'Attendance below 95% over the last 4 school weeks (a local threshold, not statutory)',
    )
  })

  it('ATT-8: a task when the pupil becomes persistently absent (11 of 110 sessions, not 10), and another when no longer', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const pupil = await aPupilAt(school, 'cla')
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-23'))
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-14', '2026-09-18', 'M'))
    expect(await tasksOfKind(pupil.id, ALERT_KINDS.persistentAbsence)).toEqual([])

    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-09-21', 'AM', 'M')])
    const [entered] = await tasksOfKind(pupil.id, ALERT_KINDS.persistentAbsence)
    expect(entered).toMatchObject({ title: 'Persistently absent this school year', doneAt: null })

    await recordMarks(ctx, school.id, [mark(pupil.id, '2026-09-21', 'AM', '/')])
    const [closed] = await tasksOfKind(pupil.id, ALERT_KINDS.persistentAbsence)
    expect(closed!.doneNote).toBe('No longer persistently absent on 23 November 2026')
    const [left] = await tasksOfKind(pupil.id, ALERT_KINDS.persistentAbsenceLeft)
    expect(left!.title).toBe('No longer persistently absent this school year')
  })

  it('ATT-17: "Consider a penalty notice" at the 10th unauthorised session in 10 school weeks, not the 9th', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const pupil = await aPupilAt(school, 'cla')
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-23'))
    const holiday = marksOnSchoolDays(calendar, pupil.id, '2026-10-05', '2026-10-09', 'G')
    // A 10th unauthorised session before the 10 school weeks (which start on 14 September) does not count.
    await recordMarks(ctx, school.id, [...holiday.slice(0, 9), mark(pupil.id, '2026-09-11', 'AM', 'G')])
    expect(await tasksOfKind(pupil.id, ALERT_KINDS.penaltyNotice)).toEqual([])

    await recordMarks(ctx, school.id, holiday.slice(9))

    const [task] = await tasksOfKind(pupil.id, ALERT_KINDS.penaltyNotice)
    expect(task!.title).toBe('Consider a penalty notice')
    expect(task!.detail).toContain('10 unauthorised sessions from 14 September 2026 to 23 November 2026')
  })

  it('ATT-13: "Sickness return due" after 15 school days of illness in a row, not 14', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const pupil = await aPupilAt(school, 'cla')
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-23'))
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-11-03', '2026-11-20', 'I'))
    expect(await tasksOfKind(pupil.id, ALERT_KINDS.sicknessReturn)).toEqual([])

    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-11-02', '2026-11-02', 'I'))

    const [task] = await tasksOfKind(pupil.id, ALERT_KINDS.sicknessReturn)
    expect(task!.title).toBe('Sickness return due')
    expect(task!.detail).toContain(
      'Ill for 15 school days in a row, from 2 November 2026 to 20 November 2026',
    )
  })

  it('looks only at pupils whose marks the import changed', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const untouched = await aPupilAt(school, 'cla')
    const other = await aPupilAt(school, 'cla')
    // Marks written straight into the table, as if before alerts existed: a poor four weeks.
    await insertMarks(database.db, marksOnSchoolDays(calendar, untouched.id, '2026-11-02', '2026-11-23', 'M'))
    await recordMarks(ctx, school.id, [mark(other.id, '2026-11-23', 'AM', '/')])
    expect(await kindsOf(untouched.id)).toEqual([])
  })

  it('raises no figure alerts for a pupil without a social worker', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const pupil = await aPupilAt(school, 'plain')
    await recordMarks(ctx, school.id, marksOnSchoolDays(calendar, pupil.id, '2026-09-01', '2026-11-23', 'G'))
    expect(await kindsOf(pupil.id)).toEqual([])
  })

  it('raises every alert of one import in the same transaction, for a whole school at once', async () => {
    const { school, calendar } = await aSchoolWithCalendar()
    const children = await Promise.all([aPupilAt(school, 'cla'), aPupilAt(school, 'cin')])
    const plain = await Promise.all(Array.from({ length: 5 }, () => aPupilAt(school, 'plain')))
    const marks = [...children, ...plain].flatMap((p) =>
      marksOnSchoolDays(calendar, p.id, '2026-09-01', '2026-11-23', 'O'),
    )
    const counts = await recordMarks(ctx, school.id, marks)
    expect(counts.pupils).toBe(2)
    const ids = [...children, ...plain].map((p) => p.id)
    const made = await database.db.select().from(tasks).where(inArray(tasks.pupilId, ids))
    expect(new Set(made.map((t) => t.pupilId))).toEqual(new Set(children.map((c) => c.id)))
  })
})
