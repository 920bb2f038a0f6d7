import type { IsoDate } from '../domain/calendar/dates.js'
import { checkPlacementChange, type PlacementChangeKind } from '../domain/cohort/placement-changes.js'
import type { Actor } from '../domain/access/scope.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as episodesRepo from '../data/repositories/episodes.repository.js'
import * as placementsRepo from '../data/repositories/placements.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { NotFoundError, RuleBrokenError } from './errors.js'
import { requirePupil, toPupilView } from './pupils.service.js'
import { asSeenBy, maySeeSection } from './sections.service.js'

export type PlacementChangeInput = {
  changedOn: IsoDate
  kind: PlacementChangeKind
  note?: string | null | undefined
}

export type PlacementChange = placementsRepo.PlacementChangeRow

/** A current looked after episode of the pupil: not superseded, not withdrawn, and CLA (else 404). */
async function requireCurrentClaEpisode(tx: Executor, pupilId: string, episodeId: string) {
  const episode = await episodesRepo.findCurrentEpisode(tx, pupilId, episodeId)
  if (!episode || episode.withdrawn || episode.type !== 'CLA') throw new NotFoundError('episode')
  return episode
}

/** The pupil and the CLA episode, for the "Record a change of placement or school" form. */
export async function getClaEpisodeForPlacementChange(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  episodeId: string,
) {
  authorise(actor, 'episode:create')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'episode:create')
    const episode = await requireCurrentClaEpisode(tx, pupilId, episodeId)
    await audit(tx, actor, 'episode.viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'status_episode',
      entityId: episode.id,
    })
    return { pupil: toPupilView(pupil), episode }
  })
}

/**
 * Records a change of placement or school during a CLA episode (DOMAIN.md PEP-7, PD-1: the PEP is
 * reviewed after one). The change belongs to the pupil and its date, so a later correction of the
 * episode keeps it; `episodeId` says which row it was recorded against.
 */
export async function recordPlacementChange(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  episodeId: string,
  input: PlacementChangeInput,
): Promise<PlacementChange> {
  authorise(actor, 'episode:create')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'episode:create')
    const episode = await requireCurrentClaEpisode(tx, pupilId, episodeId)
    const errors = [
      ...checkPlacementChange(input, episode, todayIso),
      ...overlongFields([{ path: 'note', label: 'Note', value: input.note?.trim(), kind: 'note' }]),
    ]
    if (errors.length) throw new RuleBrokenError(errors)
    const row = await placementsRepo.insertPlacementChange(tx, {
      episodeId: episode.id,
      pupilId,
      changedOn: input.changedOn,
      kind: input.kind,
      note: input.note?.trim() || null,
      recordedBy: actor.userId,
    })
    // The note is free text about the child: it stays out of the audit trail.
    await audit(tx, actor, 'placement_change.recorded', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'placement_change',
      entityId: row.id,
      details: { episodeId: episode.id, kind: row.kind },
    })
    return row
  })
}

/** The pupil's changes of placement or school, oldest first, for a read already scoped and audited. */
export async function listPlacementChanges(tx: Executor, pupilId: string): Promise<PlacementChange[]> {
  return placementsRepo.placementChangesOf(tx, pupilId)
}

/**
 * The status history (every episode row, as `listEpisodeHistory`) with the pupil's changes of placement
 * or school, read in one audited transaction.
 */
export async function listEpisodeHistoryWithPlacementChanges(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
) {
  authorise(actor, 'pupil:read')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx))
    const history = await pupilsRepo.episodeHistoryOf(tx, pupilId)
    const placementChanges = await listPlacementChanges(tx, pupilId)
    const childProtection = await maySeeSection(tx, actor, 'child_protection')
    await audit(tx, actor, 'pupil.episodes_viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
    })
    return { history: history.map((e) => asSeenBy(e, childProtection)), placementChanges }
  })
}
