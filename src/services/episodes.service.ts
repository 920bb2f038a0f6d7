import { and, eq, isNull } from 'drizzle-orm'
import { formatDate, type IsoDate } from '../domain/calendar/dates.js'
import { EPISODE_TYPE_LABELS, type EpisodeType } from '../domain/cohort/codes.js'
import { validateEpisode } from '../domain/cohort/episode-rules.js'
import { hasSocialWorker, statusOn } from '../domain/cohort/status.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { pupilStaff } from '../data/schema/index.js'
import * as episodesRepo from '../data/repositories/episodes.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { knownLaCodes } from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { requirePupil, toPupilView } from './pupils.service.js'
import { asSeenBy, maySeeSection } from './sections.service.js'
import { createTask } from './tasks.service.js'

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id)

export type EpisodeInput = {
  type: EpisodeType
  startDate: IsoDate
  endDate?: IsoDate | null | undefined
  legalStatus?: string | null | undefined
  responsibleLaCode?: string | null | undefined
  route?: string | null | undefined
  arrangement?: string | null | undefined
  cinCategory?: string | null | undefined
  cpCategory?: string | null | undefined
  evidence?: { document?: string; seenOn?: string; seenBy?: string } | null | undefined
  note?: string | null | undefined
}

// Only the fields that belong to the type are kept, so a stray field never becomes data.
function fieldsFor(input: EpisodeInput) {
  const pick = <T>(v: T | null | undefined) => (v === undefined || v === '' ? null : v)
  return {
    type: input.type,
    startDate: input.startDate,
    endDate: pick(input.endDate),
    legalStatus: input.type === 'CLA' ? pick(input.legalStatus?.toUpperCase()) : null,
    responsibleLaCode: input.type === 'CLA' ? pick(input.responsibleLaCode) : null,
    route: input.type === 'PLA' ? pick(input.route) : null,
    arrangement: input.type === 'KINSHIP' ? pick(input.arrangement) : null,
    cinCategory: input.type === 'CIN' ? pick(input.cinCategory) : null,
    cpCategory: input.type === 'CP' ? pick(input.cpCategory) : null,
    evidence: input.type === 'PLA' ? pick(input.evidence) : null,
    note: pick(input.note?.trim()),
  }
}

async function checkAgainstHistory(
  tx: Executor,
  pupil: { id: string; dateOfBirth: string },
  values: ReturnType<typeof fieldsFor>,
  todayIso: IsoDate,
  exceptId?: string,
) {
  const others = (await pupilsRepo.currentEpisodesOf(tx, [pupil.id])).filter((e) => e.id !== exceptId)
  const check = validateEpisode(values, others, {
    today: todayIso,
    dateOfBirth: pupil.dateOfBirth,
    knownLaCodes: await knownLaCodes(tx),
  })
  const errors = [
    ...check.errors,
    ...overlongFields([
      { path: 'note', label: 'Note', value: values.note, kind: 'note' },
      { path: 'evidence.document', label: 'Document', value: values.evidence?.document, kind: 'shortText' },
      { path: 'evidence.seenBy', label: 'Seen by', value: values.evidence?.seenBy, kind: 'name' },
    ]),
  ]
  if (errors.length) throw new RuleBrokenError(errors)
  return { warnings: check.warnings, others }
}

// DOMAIN.md POL-30: when a pupil gets a social worker, the staff around them are told, and who was told is kept.
async function tellStaffOfSocialWorker(
  tx: Executor,
  actor: Actor,
  pupil: { id: string; schoolId: string; givenName: string; familyName: string },
  episodeId: string,
  todayIso: IsoDate,
) {
  const staff = await tx
    .select({ userId: pupilStaff.userId, role: pupilStaff.role })
    .from(pupilStaff)
    .where(and(eq(pupilStaff.pupilId, pupil.id), isNull(pupilStaff.endedAt)))
  const told: string[] = []
  for (const s of staff) {
    const task = await createTask(tx, {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      kind: 'social_worker_allocated',
      title: `Read: ${pupil.givenName} ${pupil.familyName} now has a social worker`,
      detail:
        'Open the pupil’s record, read the new status and contacts, then mark this task done to record that you were told.',
      assigneeUserId: s.userId,
      dueOn: todayIso,
      sourceKey: `social_worker_allocated:${episodeId}:${s.userId}`,
      createdBy: actor.userId,
    })
    if (task) told.push(s.userId)
  }
  return told
}

export async function addEpisode(ctx: ServiceContext, actor: Actor, pupilId: string, input: EpisodeInput) {
  authorise(actor, 'episode:create')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'episode:create')
    const values = fieldsFor(input)
    const { warnings, others } = await checkAgainstHistory(tx, pupil, values, todayIso)
    const before = statusOn(others, todayIso)
    const row = await episodesRepo.insertEpisode(tx, {
      ...values,
      pupilId,
      schoolId: pupil.schoolId,
      recordedBy: actor.userId,
    })
    const after = statusOn([...others, row], todayIso)
    const told =
      !hasSocialWorker(before) && hasSocialWorker(after)
        ? await tellStaffOfSocialWorker(tx, actor, pupil, row.id, todayIso)
        : []
    await audit(tx, actor, 'episode.created', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'status_episode',
      entityId: row.id,
      details: { type: row.type, staffToldTasks: told.length },
    })
    return { episode: asSeenBy(row, await maySeeSection(tx, actor, 'child_protection')), warnings }
  })
}

/**
 * The pupil and one current episode, for the correction and withdrawal forms: one audited read of the
 * pupil's record (the episode event names the pupil), as the reader may see it.
 */
export async function getCurrentEpisode(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  episodeId: string,
) {
  authorise(actor, 'episode:correct')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'episode:correct')
    const episode = isUuid(episodeId)
      ? await episodesRepo.findCurrentEpisode(tx, pupilId, episodeId)
      : undefined
    if (!episode || episode.withdrawn) throw new NotFoundError('episode')
    await audit(tx, actor, 'episode.viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'status_episode',
      entityId: episodeId,
    })
    return {
      pupil: toPupilView(pupil),
      episode: asSeenBy(episode, await maySeeSection(tx, actor, 'child_protection')),
    }
  })
}

/** Checked once the pupil is found, so that a pupil out of scope is 404 whatever the reason says. */
function checkReason(reason: string | undefined, missing: string): void {
  if (!reason?.trim()) throw new RuleBrokenError([{ path: 'reason', message: missing }])
  const tooLong = overlongFields([
    { path: 'reason', label: 'The reason', value: reason.trim(), kind: 'reason' },
  ])
  if (tooLong.length) throw new RuleBrokenError(tooLong)
}

/** A correction never overwrites: it adds a new row and marks the old one superseded (DEF-13). */
export async function correctEpisode(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  episodeId: string,
  // The type never changes: a correction keeps the old episode's type, whatever `type` says.
  input: Omit<EpisodeInput, 'type'> & { type?: EpisodeType | undefined; reason: string },
) {
  authorise(actor, 'episode:correct')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'episode:correct')
    const old = isUuid(episodeId) ? await episodesRepo.findCurrentEpisode(tx, pupilId, episodeId) : undefined
    // A withdrawn row is history, not a current episode: it cannot be corrected or withdrawn again.
    if (!old || old.withdrawn) throw new NotFoundError('episode')
    checkReason(input.reason, 'Say why the episode is being corrected')
    const values = { ...fieldsFor({ ...input, type: old.type }) }
    // Someone who may not read a plan's child protection details cannot see them to correct them
    // (DESIGN.md access layer 3): their correction keeps the category and the note as they were.
    const childProtection = await maySeeSection(tx, actor, 'child_protection')
    if (old.type === 'CP' && !childProtection)
      Object.assign(values, { cpCategory: old.cpCategory, note: old.note })
    const { warnings, others } = await checkAgainstHistory(tx, pupil, values, todayIso, episodeId)
    const row = await episodesRepo.insertEpisode(tx, {
      ...values,
      pupilId,
      schoolId: pupil.schoolId,
      supersedesId: old.id,
      correctionReason: input.reason.trim(),
      recordedBy: actor.userId,
      note: values.note ?? old.note,
    })
    if (!(await episodesRepo.markSuperseded(tx, old.id, row.id))) throw new ConflictError()
    // A correction that reopens a plan is an allocation too (POL-30).
    const told =
      !hasSocialWorker(statusOn([...others, old], todayIso)) &&
      hasSocialWorker(statusOn([...others, row], todayIso))
        ? await tellStaffOfSocialWorker(tx, actor, pupil, row.id, todayIso)
        : []
    await audit(tx, actor, 'episode.corrected', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'status_episode',
      entityId: row.id,
      details: { supersedes: old.id, staffToldTasks: told.length },
    })
    return { episode: asSeenBy(row, childProtection), warnings }
  })
}

/** Withdraws an episode recorded in error: a superseding row marked withdrawn, kept in history. */
export async function withdrawEpisode(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  episodeId: string,
  reason: string,
) {
  authorise(actor, 'episode:correct')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'episode:correct')
    const old = isUuid(episodeId) ? await episodesRepo.findCurrentEpisode(tx, pupilId, episodeId) : undefined
    // A withdrawn row is history, not a current episode: it cannot be corrected or withdrawn again.
    if (!old || old.withdrawn) throw new NotFoundError('episode')
    checkReason(reason, 'Say why the episode is being withdrawn')
    const { id: _id, recordedAt: _at, supersededById: _s, ...rest } = old
    const row = await episodesRepo.insertEpisode(tx, {
      ...rest,
      supersedesId: old.id,
      withdrawn: reason.trim(),
      recordedBy: actor.userId,
    })
    if (!(await episodesRepo.markSuperseded(tx, old.id, row.id))) throw new ConflictError()
    await audit(tx, actor, 'episode.withdrawn', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'status_episode',
      entityId: row.id,
      details: { supersedes: old.id },
    })
    return asSeenBy(row, await maySeeSection(tx, actor, 'child_protection'))
  })
}

/** Every episode row of a pupil, superseded and withdrawn ones included: the status history. */
export async function listEpisodeHistory(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pupil:read')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx))
    const history = await pupilsRepo.episodeHistoryOf(tx, pupilId)
    const childProtection = await maySeeSection(tx, actor, 'child_protection')
    await audit(tx, actor, 'pupil.episodes_viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
    })
    return history.map((e) => asSeenBy(e, childProtection))
  })
}

export function describeEpisode(e: { type: EpisodeType; startDate: string; endDate: string | null }): string {
  const period = e.endDate
    ? `${formatDate(e.startDate)} to ${formatDate(e.endDate)}`
    : `since ${formatDate(e.startDate)}`
  return `${EPISODE_TYPE_LABELS[e.type]}, ${period}`
}
