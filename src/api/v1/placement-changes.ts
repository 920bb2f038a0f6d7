import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import { PLACEMENT_CHANGE_KINDS } from '../../domain/cohort/placement-changes.js'
import { recordPlacementChange } from '../../services/placements.service.js'
import { defineRoute, type Api } from './define.js'
import { idParam, isoDate, z } from './openapi.js'

const Kind = z
  .enum(PLACEMENT_CHANGE_KINDS)
  .openapi({ description: '`placement`: where the child lives changed; `school`: the child changed school' })

export const NewPlacementChangeSchema = z
  .object({
    changedOn: isoDate().openapi({
      description:
        'The day of the change: on or after the episode’s start, on or before its end when it has ended, and not after today',
    }),
    kind: Kind,
    note: z.string().max(TEXT_LIMITS.note).nullish(),
  })
  .openapi('NewPlacementChange', {
    description: 'A change of placement or school during a looked after episode (DOMAIN.md PEP-7, PD-1).',
  })

export const PlacementChangeSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    episodeId: z.string().openapi({
      format: 'uuid',
      description:
        'The episode row it was recorded against. A later correction of the episode keeps the change.',
    }),
    changedOn: isoDate(),
    kind: Kind,
    note: z.string().nullable(),
  })
  .openapi('PlacementChange')

export const toPlacementChange = (c: z.output<typeof PlacementChangeSchema>) => ({
  id: c.id,
  episodeId: c.episodeId,
  changedOn: c.changedOn,
  kind: c.kind,
  note: c.note,
})

const EpisodeParams = z.object({
  id: idParam('id', 'The pupil’s id'),
  episodeId: idParam('episodeId', 'The episode’s id'),
})

export function placementChangeRoutes(api: Api): void {
  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/episodes/{episodeId}/placement-changes',
    tag: 'Episodes',
    summary: 'Record a change of placement or school',
    description:
      'Only during a current (not superseded, not withdrawn) CLA episode of the pupil; any other episode is 404. ' +
      'A date outside the episode, or after today, is 422 at `changedOn`.',
    params: EpisodeParams,
    body: NewPlacementChangeSchema,
    pupilAccess: 'episode:create',
    status: 201,
    response: PlacementChangeSchema,
    responseDescription: 'The change as recorded',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) =>
      toPlacementChange(await recordPlacementChange(ctx, actor, params.id, params.episodeId, body)),
  })
}
