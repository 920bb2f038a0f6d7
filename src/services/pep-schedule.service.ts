import { formatDate, todayInLondon, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { scheduleSettingsFromStored } from '../domain/pep/stored-settings.js'
import { pepSchedule, type PepSchedule } from '../domain/pep/schedule.js'
import { DEFAULT_PEP_SCHEDULE_SETTINGS, type PepScheduleSettings } from '../domain/pep/settings.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/peps.repository.js'
import type { PepFactsRow } from '../data/repositories/peps.repository.js'
import type { PupilRow } from '../data/repositories/pupils.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendars } from './schools.service.js'
import { createTask } from './tasks.service.js'

/** The Virtual School's PEP settings over the defaults (PD-1, PD-4, PEP-9). */
export async function pepSettingsFor(tx: Executor, laCode: string | null): Promise<PepScheduleSettings> {
  if (!laCode) return DEFAULT_PEP_SCHEDULE_SETTINGS
  return scheduleSettingsFromStored(await repo.virtualSchoolSettingsFor(tx, laCode))
}

/**
 * The PEP schedules of many pupils on one date, set-based: a handful of queries whatever the number of pupils
 * (or of their schools and Virtual Schools), so the dashboards stay fast for a whole school or a whole Virtual
 * School. `peps`, when the caller has already read the pupils' PEPs, saves reading them again.
 */
export async function schedulesFor(
  tx: Executor,
  pupils: ReadonlyArray<Pick<PupilRow, 'id' | 'schoolId' | 'dateOfBirth' | 'enrolledOn' | 'leftOn'>>,
  on: IsoDate,
  known: { peps?: ReadonlyArray<PepFactsRow> } = {},
) {
  const ids = pupils.map((p) => p.id)
  const episodes = await pupilsRepo.currentEpisodesOf(tx, ids)
  const changes = await repo.placementChangesOfPupils(tx, ids)
  const peps = known.peps ? [...known.peps] : await repo.pepFactsOfPupils(tx, ids)
  const reviewDates = await repo.openReviewDates(tx, ids)
  const calendars = await loadCalendars(tx, [...new Set(pupils.map((p) => p.schoolId))])
  const group = <T extends { pupilId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>()
    for (const r of rows) map.set(r.pupilId, [...(map.get(r.pupilId) ?? []), r])
    return map
  }
  const episodesBy = group(episodes)
  const changesBy = group(changes)
  const pepsBy = group(peps)
  const reviewsBy = group(reviewDates)
  const laOf = new Map(pupils.map((p) => [p.id, latestResponsibleLa(episodesBy.get(p.id) ?? [], on)]))
  const laCodes = [...new Set(laOf.values())].filter((la) => la !== null)
  const stored = await repo.virtualSchoolSettingsOf(tx, laCodes)
  const result = new Map<string, PepSchedule>()
  for (const pupil of pupils) {
    const calendar = calendars.get(pupil.schoolId)!
    const pupilEpisodes = episodesBy.get(pupil.id) ?? []
    const la = laOf.get(pupil.id) ?? null
    const laSettings = la ? scheduleSettingsFromStored(stored.get(la) ?? {}) : DEFAULT_PEP_SCHEDULE_SETTINGS
    const earlier = (reviewsBy.get(pupil.id) ?? [])
      .map((r) => r.dueBy)
      .filter((d) => d >= on)
      .sort()[0]
    result.set(
      pupil.id,
      pepSchedule(
        {
          dateOfBirth: pupil.dateOfBirth,
          episodes: pupilEpisodes,
          changes: changesBy.get(pupil.id) ?? [],
          onRoll: [{ from: pupil.enrolledOn, to: pupil.leftOn }],
          calendar: { terms: calendar.terms, closures: calendar.closures },
          bankHolidays: calendar.bankHolidays,
          settings: laSettings,
          peps: (pepsBy.get(pupil.id) ?? [])
            .filter((p) => p.kind === 'pep')
            .map((p) => ({
              meetingDate: p.meetingDate,
              submittedOn: p.submittedAt ? todayInLondon(p.submittedAt) : null,
              status: p.status,
            })),
          earlierReviewDate: earlier ?? null,
        },
        on,
      ),
    )
  }
  return result
}

function latestResponsibleLa(
  episodes: ReadonlyArray<{ type: string; responsibleLaCode: string | null; startDate: string }>,
  on: IsoDate,
) {
  const cla = episodes
    .filter((e) => e.type === 'CLA' && e.startDate <= on)
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
  return cla.at(-1)?.responsibleLaCode ?? null
}

/** `GET /pupils/{id}/pep-schedule`: one pupil's schedule on a date (DOMAIN.md PD-1, PD-18), an audited read. */
export async function getPepSchedule(ctx: ServiceContext, actor: Actor, pupilId: string, on?: IsoDate) {
  authorise(actor, 'pep:schedule:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pep:schedule:read')
    const schedule = (await schedulesFor(tx, [pupil], on ?? todayIso)).get(pupil.id)!
    await audit(tx, actor, 'pep_schedule.viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
    })
    return schedule
  })
}

/** PD-1: a review date brought forward by the social worker or IRO governs the statutory clock. */
export async function recordEarlierReviewDate(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: { dueBy: IsoDate; requestedBy: 'social_worker' | 'iro'; note?: string | null | undefined },
) {
  authorise(actor, 'pep:review_date:record')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pep:review_date:record')
    if (input.dueBy < todayIso)
      throw new RuleBrokenError([{ path: 'dueBy', message: 'The review date must be today or later' }])
    const row = await repo.insertReviewDate(tx, {
      pupilId: pupil.id,
      dueBy: input.dueBy,
      requestedBy: input.requestedBy,
      note: input.note?.trim() || null,
      recordedBy: actor.userId,
    })
    await audit(tx, actor, 'pep_review_date.recorded', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pep_review_date',
      entityId: row.id,
    })
    return row
  })
}

/** How far ahead a PEP due date becomes a task on the DT's list. */
const TASK_HORIZON_DAYS = 28

/**
 * The DT's "PEP due by …" tasks (issue 4 item 1): one per open due date within four weeks, or missed; created once
 * (by source key) and closed when a PEP is submitted (peps.service). Run daily by the scheduler.
 */
export async function syncPepDueTasks(ctx: ServiceContext, on?: IsoDate) {
  const todayIso = on ?? today(ctx)
  return ctx.db.transaction(async (tx) => {
    const schools = await tx.query.schools.findMany({ columns: { id: true } })
    let created = 0
    for (const school of schools) {
      const rows = await repo.lookedAfterPupilsOn(tx, { schoolId: school.id }, todayIso)
      const pupils = rows.map((r) => r.pupil)
      const schedules = await schedulesFor(tx, pupils, todayIso)
      const horizon = new Date(Date.parse(todayIso) + TASK_HORIZON_DAYS * 86_400_000)
        .toISOString()
        .slice(0, 10)
      for (const pupil of pupils) {
        const s = schedules.get(pupil.id)!
        if (!s.required) continue
        for (const due of s.dueDates) {
          if (due.met || due.dueBy > horizon) continue
          const task = await createTask(tx, {
            schoolId: pupil.schoolId,
            pupilId: pupil.id,
            kind: 'pep_due',
            title: `PEP due by ${formatDate(due.dueBy)}: ${pupil.givenName} ${pupil.familyName}`,
            detail: due.description,
            assigneeRole: 'designated_teacher',
            dueOn: due.dueBy,
            sourceKey: `pep_due:${pupil.id}:${due.dueBy}`,
          })
          if (task) created++
        }
      }
    }
    if (created) await audit(tx, null, 'pep_tasks.created', { details: { created } })
    return { created }
  })
}
