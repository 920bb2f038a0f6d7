import { inArray } from 'drizzle-orm'
import type { Actor } from '../domain/access/scope.js'
import { attendanceAlertSettings } from '../domain/attendance/alert-settings.js'
import { isUnexplainedAbsence } from '../domain/attendance/codes.js'
import type { AttendanceMark } from '../domain/attendance/marks.js'
import { schoolYearPeriod } from '../domain/attendance/periods.js'
import { lastSchoolWeeks } from '../domain/attendance/school-weeks.js'
import { addDays, formatDate, minIso, type IsoDate } from '../domain/calendar/dates.js'
import type { SchoolCalendar } from '../domain/calendar/school-calendar.js'
import { statusOn } from '../domain/cohort/status.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/attendance-alerts.repository.js'
import {
  socialWorkerContactsOf,
  virtualSchoolContactsOf,
} from '../data/repositories/notification-recipients.repository.js'
import { currentEpisodesOf, type EpisodeRow } from '../data/repositories/pupils.repository.js'
import { findSchoolById } from '../data/repositories/schools.repository.js'
import { pupils } from '../data/schema/index.js'
import { ALERT_KINDS, marksBefore, measureAlerts } from './attendance-alert-rules.js'
import {
  NO_SOCIAL_WORKER_EMAIL,
  noVirtualSchoolEmail,
  unexplainedAbsenceDetail,
  unexplainedAbsenceEmail,
  unexplainedAbsenceTitle,
  type AbsentSession,
  type Told,
} from './attendance-alert-texts.js'
import { audit } from './audit.service.js'
import { enqueueEmail } from './outbox.service.js'
import { loadCalendar } from './schools.service.js'
import { createTask } from './tasks.service.js'

export type AttendanceAlertsInput = { schoolId: string; importId: string; today: IsoDate; actor: Actor }

export type AttendanceAlertCounts = {
  /** Pupils with a social worker whose marks the import changed. */
  pupils: number
  unexplainedAbsenceTasks: number
  reopenedTasks: number
  closedByRecode: number
  emails: number
  /** Threshold, persistent absence, penalty notice and sickness return tasks. */
  measureTasks: number
}

type PupilFacts = { id: string; givenName: string; familyName: string }

/**
 * Issue 5 item 3 (DOMAIN.md PD-6, ATT-9, ATT-13, ATT-15, ATT-17, POL-15, POL-16, POL-33), inside the
 * import's transaction after its merge: a recode from N or O closes its task; each new unexplained absence
 * of a pupil with a social worker is a same-day task and an email to the social worker (and, for a child
 * looked after, the responsible Virtual School); and the figures of those pupils raise their alerts.
 */
async function alertWindow(tx: Executor, schoolId: string, today: IsoDate) {
  const school = await findSchoolById(tx, schoolId)
  if (!school) throw new Error(`No school ${schoolId}`)
  const settings = attendanceAlertSettings(school.settings)
  const { calendar } = await loadCalendar(tx, schoolId)
  const notifyFrom = addDays(today, -settings.notifyUnexplainedWithinDays)
  const since = windowStart(calendar, today, settings.threshold.weeks, notifyFrom)
  return { school, settings, calendar, notifyFrom, since }
}

/** The changed marks the alerts read: see `changesAlertsRead`. */
export type AlertWatch = { pupils: ReadonlySet<string>; since: IsoDate }

/**
 * Which changed marks `raiseAttendanceAlerts` will read, so that an import lists only those in
 * `attendance_changed`: the marks of pupils who have had a social worker at the school, dated `since` or
 * later, and any recode from N or O (whose task must close, however old).
 */
export async function changesAlertsRead(tx: Executor, schoolId: string, today: IsoDate): Promise<AlertWatch> {
  const { since } = await alertWindow(tx, schoolId, today)
  return { pupils: await repo.watchedPupils(tx, schoolId), since }
}

export async function raiseAttendanceAlerts(
  tx: Executor,
  input: AttendanceAlertsInput,
): Promise<AttendanceAlertCounts> {
  const { schoolId, today, actor } = input
  const { school, settings, calendar, notifyFrom, since } = await alertWindow(tx, schoolId, today)
  const changed = await repo.changedMarksOfPupilsWithSocialWorker(tx, schoolId, since)

  const counts: AttendanceAlertCounts = {
    pupils: 0,
    unexplainedAbsenceTasks: 0,
    reopenedTasks: 0,
    closedByRecode: await closeRecodedAbsences(tx, changed, today, actor),
    emails: 0,
    measureTasks: 0,
  }
  const byPupil = Map.groupBy(
    changed.filter((r) => r.date >= since),
    (r) => r.pupilId,
  )
  counts.pupils = byPupil.size
  if (byPupil.size > 0) {
    const ids = [...byPupil.keys()]
    const facts = await tx
      .select({ id: pupils.id, givenName: pupils.givenName, familyName: pupils.familyName })
      .from(pupils)
      .where(inArray(pupils.id, ids))
    const episodes = await currentEpisodesOf(tx, ids)
    const marks = await repo.marksOfPupils(tx, ids, since, today)
    const openKinds = await repo.openTaskKindsOf(tx, ids, Object.values(ALERT_KINDS))
    const episodesOf = Map.groupBy(episodes, (e) => e.pupilId)
    const marksOf = Map.groupBy(marks, (m) => m.pupilId)
    const context: AlertContext = {
      tx,
      actor,
      today,
      schoolId,
      schoolName: school.name,
      recipients: await recipientsOf(tx, ids, episodes, today),
    }
    for (const pupil of facts) {
      const pupilRows = byPupil.get(pupil.id) ?? []
      const pupilEpisodes = episodesOf.get(pupil.id) ?? []
      const fresh = pupilRows.filter(
        (r) =>
          isUnexplainedAbsence(r.newCode) &&
          !(r.oldCode !== null && isUnexplainedAbsence(r.oldCode)) &&
          r.date >= notifyFrom &&
          r.date <= today,
      )
      const told = await tellOfUnexplainedAbsences(context, pupil, pupilEpisodes, fresh)
      counts.unexplainedAbsenceTasks += told.created
      counts.reopenedTasks += told.reopened
      counts.emails += told.emails
      const after: AttendanceMark[] = (marksOf.get(pupil.id) ?? []).map((m) => ({
        date: m.date,
        session: m.session,
        code: m.code,
      }))
      const alerts = measureAlerts({
        pupilId: pupil.id,
        before: marksBefore(after, pupilRows),
        after,
        calendar,
        settings,
        today,
        openKinds: new Set(Object.values(ALERT_KINDS).filter((k) => openKinds.has(`${pupil.id} ${k}`))),
      })
      counts.measureTasks += await applyMeasureAlerts(context, pupil.id, pupilEpisodes, alerts)
    }
  }

  const changes =
    counts.unexplainedAbsenceTasks + counts.reopenedTasks + counts.closedByRecode + counts.measureTasks
  if (changes > 0)
    // Counts only: the tasks and emails name the pupils, the audit event about the import does not.
    await audit(tx, actor, 'attendance.alerts_raised', {
      schoolId,
      entity: 'attendance_import',
      entityId: input.importId,
      details: { ...counts },
    })
  return counts
}

/** PD-6: a later recode from N or O to any other code closes the task, with a note naming the new code. */
async function closeRecodedAbsences(
  tx: Executor,
  changed: ReadonlyArray<repo.ChangedMark>,
  today: IsoDate,
  actor: Actor,
): Promise<number> {
  const on = formatDate(today)
  const recoded = changed.filter(
    (r) => r.oldCode !== null && isUnexplainedAbsence(r.oldCode) && !isUnexplainedAbsence(r.newCode),
  )
  return repo.closeTasksWithNotes(
    tx,
    recoded.map((r) => ({
      sourceKey: repo.unexplainedAbsenceKey(r.pupilId, r.date, r.session),
      note: `Recoded to ${r.newCode} on ${on}`,
    })),
    actor.userId,
  )
}

async function applyMeasureAlerts(
  ctx: AlertContext,
  pupilId: string,
  episodes: readonly EpisodeRow[],
  alerts: ReturnType<typeof measureAlerts>,
): Promise<number> {
  for (const c of alerts.close)
    await repo.closeOpenTasksOfKind(ctx.tx, pupilId, c.kind, ctx.actor.userId, c.note)
  let created = 0
  for (const t of alerts.tasks) {
    const task = await createTask(ctx.tx, {
      schoolId: ctx.schoolId,
      pupilId,
      kind: t.kind,
      title: t.title,
      detail: t.detail,
      assigneeRole: assigneeRoleFor(episodes, ctx.today),
      dueOn: ctx.today,
      sourceKey: t.sourceKey,
      createdBy: ctx.actor.userId,
    })
    if (task) created += 1
  }
  return created
}

/** The earliest day any alert looks at: the school year so far, the rolling windows, recent absences. */
function windowStart(calendar: SchoolCalendar, today: IsoDate, thresholdWeeks: number, notifyFrom: IsoDate) {
  return minIso(
    schoolYearPeriod(calendar, today).from,
    lastSchoolWeeks(calendar, today, Math.max(thresholdWeeks, 10)).from,
    notifyFrom,
  )
}

/** A looked-after child's work goes to the designated teacher; a child in need's to the safeguarding lead. */
function assigneeRoleFor(episodes: readonly EpisodeRow[], on: IsoDate): 'designated_teacher' | 'dsl' {
  return statusOn(episodes, on).cla ? 'designated_teacher' : 'dsl'
}

type Recipients = Awaited<ReturnType<typeof recipientsOf>>

async function recipientsOf(
  tx: Executor,
  pupilIds: string[],
  episodes: readonly EpisodeRow[],
  today: IsoDate,
) {
  const laCodes = episodes.flatMap((e) =>
    e.type === 'CLA' && e.responsibleLaCode ? [e.responsibleLaCode] : [],
  )
  const socialWorkers = await socialWorkerContactsOf(tx, pupilIds, today)
  const virtualSchools = await virtualSchoolContactsOf(tx, laCodes)
  // One email per address, however many times a social worker is recorded for the child.
  const seen = new Set<string>()
  const distinct = socialWorkers.filter((s) => {
    const key = `${s.pupilId} ${s.email.trim().toLowerCase()}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return {
    socialWorkersOf: Map.groupBy(distinct, (s) => s.pupilId),
    virtualSchools: new Map(virtualSchools.map((v) => [v.laCode, v])),
  }
}

type AlertContext = {
  tx: Executor
  actor: Actor
  today: IsoDate
  schoolId: string
  schoolName: string
  recipients: Recipients
}

/**
 * PD-6, ATT-15, POL-16, POL-33: one task per new unexplained session, and one email to each person to tell
 * (the social worker; the Virtual School of the LA that looked after the child on that day) listing the
 * sessions. An email goes only with a task created or reopened now, so nobody is told twice.
 */
async function tellOfUnexplainedAbsences(
  ctx: AlertContext,
  pupil: PupilFacts,
  episodes: readonly EpisodeRow[],
  fresh: ReadonlyArray<repo.ChangedMark>,
) {
  const result = { created: 0, reopened: 0, emails: 0 }
  if (fresh.length === 0) return result
  const socialWorkers = ctx.recipients.socialWorkersOf.get(pupil.id) ?? []
  const toTell: Array<AbsentSession & { laCode: string | null }> = []
  for (const mark of fresh) {
    const status = statusOn(episodes, mark.date)
    if (!status.cla && !status.cswCurrent) continue
    const laCode = status.cla ? status.responsibleLaCode : null
    const virtualSchool = laCode ? (ctx.recipients.virtualSchools.get(laCode) ?? null) : null
    const told: Told = {
      socialWorkers: socialWorkers.map((s) => `${s.name} (social worker)`),
      virtualSchool: virtualSchool?.email ? `${virtualSchool.name ?? 'the Virtual School'}` : null,
      missing: [
        ...(socialWorkers.length ? [] : [NO_SOCIAL_WORKER_EMAIL]),
        ...(laCode && !virtualSchool?.email
          ? [noVirtualSchoolEmail(virtualSchool?.laName ?? null, laCode)]
          : []),
      ],
    }
    const sourceKey = repo.unexplainedAbsenceKey(pupil.id, mark.date, mark.session)
    const task = await createTask(ctx.tx, {
      schoolId: ctx.schoolId,
      pupilId: pupil.id,
      kind: repo.UNEXPLAINED_ABSENCE_TASK,
      title: unexplainedAbsenceTitle(mark.date, mark.session),
      detail: unexplainedAbsenceDetail(told, status.cla),
      assigneeRole: status.cla ? 'designated_teacher' : 'dsl',
      dueOn: ctx.today,
      sourceKey,
      createdBy: ctx.actor.userId,
    })
    if (task) result.created += 1
    else if (await repo.reopenTask(ctx.tx, sourceKey)) result.reopened += 1
    else continue
    toTell.push({ date: mark.date, session: mark.session, laCode })
  }
  if (toTell.length === 0) return result

  for (const sw of socialWorkers) {
    await enqueueEmail(ctx.tx, {
      schoolId: ctx.schoolId,
      pupilId: pupil.id,
      to: sw.email,
      ...unexplainedAbsenceEmail(pupil, ctx.schoolName, toTell, 'social_worker'),
    })
    result.emails += 1
  }
  // POL-33: the Virtual School of the LA that looked after the child on the day, not the school's LA.
  for (const [laCode, sessions] of Map.groupBy(toTell, (s) => s.laCode)) {
    const email = laCode ? ctx.recipients.virtualSchools.get(laCode)?.email : null
    if (!email) continue
    await enqueueEmail(ctx.tx, {
      schoolId: ctx.schoolId,
      pupilId: pupil.id,
      to: email,
      ...unexplainedAbsenceEmail(pupil, ctx.schoolName, sessions, 'virtual_school'),
    })
    result.emails += 1
  }
  return result
}
