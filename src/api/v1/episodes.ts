import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import {
  CIN_CATEGORIES,
  CLA_LEGAL_STATUSES,
  CP_CATEGORIES,
  EPISODE_TYPES,
  KINSHIP_ARRANGEMENTS,
  PLA_ROUTES,
  type ClaLegalStatus,
} from '../../domain/cohort/codes.js'
import { isWithin } from '../../domain/cohort/placement-changes.js'
import { addEpisode, correctEpisode, withdrawEpisode } from '../../services/episodes.service.js'
import type { FieldError } from '../../services/errors.js'
import { listEpisodeHistoryWithPlacementChanges } from '../../services/placements.service.js'
import { defineRoute, type Api } from './define.js'
import { FieldErrorSchema, idParam, isoDate, z } from './openapi.js'
import { PlacementChangeSchema, toPlacementChange } from './placement-changes.js'

const EpisodeType = z.enum(EPISODE_TYPES)
const LegalStatus = z
  .enum(CLA_LEGAL_STATUSES.map((s) => s.code) as [ClaLegalStatus, ...ClaLegalStatus[]])
  .openapi({ description: 'SSDA903 legal status (CLA only). V3 and V4 are short breaks (DOMAIN.md PD-4).' })
const Route = z.enum(PLA_ROUTES).openapi({ description: 'How the child left care (PLA only)' })
const Arrangement = z
  .enum(KINSHIP_ARRANGEMENTS)
  .openapi({ description: 'Kinship arrangement (KINSHIP only)' })
const CinCategory = z.enum(CIN_CATEGORIES).openapi({ description: 'Category of need (CIN only)' })
const CpCategory = z.enum(CP_CATEGORIES).openapi({ description: 'Category of abuse (CP only)' })
const Evidence = z
  .object({
    document: z.string().max(TEXT_LIMITS.shortText).optional(),
    seenOn: isoDate().optional(),
    seenBy: z.string().max(TEXT_LIMITS.name).optional(),
  })
  .openapi('PlaEvidence', {
    description: 'The evidence of a PLA status that was seen (PLA only, DOMAIN.md PD-5)',
  })

const episodeFields = {
  startDate: isoDate().openapi({ description: 'The first day; for PLA, the date of the order' }),
  endDate: isoDate()
    .nullish()
    .openapi({ description: 'The last day of the status (inclusive); none while it is open' }),
  legalStatus: LegalStatus.nullish(),
  responsibleLaCode: z
    .string()
    .nullish()
    .openapi({ description: 'The LA that looks after the child, 3 digits (CLA only)', example: '919' }),
  route: Route.nullish(),
  arrangement: Arrangement.nullish(),
  cinCategory: CinCategory.nullish(),
  cpCategory: CpCategory.nullish(),
  evidence: Evidence.nullish(),
  note: z.string().max(TEXT_LIMITS.note).nullish(),
}

export const NewEpisodeSchema = z.object({ type: EpisodeType, ...episodeFields }).openapi('NewEpisode', {
  description:
    'A dated status. CLA needs `legalStatus` and `responsibleLaCode`; PLA needs `route`; KINSHIP needs ' +
    '`arrangement`. Fields that do not belong to the type are ignored. A CLA and a PLA episode never overlap ' +
    '(DOMAIN.md DEF-13).',
})

export const EpisodeCorrectionSchema = z
  .object({
    ...episodeFields,
    reason: z
      .string()
      .min(1)
      .max(TEXT_LIMITS.reason)
      .openapi({ description: 'Why the episode is corrected' }),
  })
  .openapi('EpisodeCorrection', {
    description:
      'The corrected episode, in full; its type stays the same. The old row is kept in the history, superseded. ' +
      'A caller who may not read child protection details (see `restricted` on Episode) cannot change a ' +
      'plan’s `cpCategory` or `note`: they are kept as they were.',
  })

const WithdrawalSchema = z
  .object({
    reason: z
      .string()
      .min(1)
      .max(TEXT_LIMITS.reason)
      .openapi({ description: 'Why the episode was recorded in error' }),
  })
  .openapi('EpisodeWithdrawal')

export const EpisodeSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    pupilId: z.string().openapi({ format: 'uuid' }),
    type: EpisodeType,
    startDate: isoDate(),
    endDate: isoDate().nullable(),
    legalStatus: z.string().nullable(),
    responsibleLaCode: z.string().nullable(),
    route: z.string().nullable(),
    arrangement: z.string().nullable(),
    cinCategory: z.string().nullable(),
    cpCategory: z.string().nullable(),
    evidence: Evidence.nullable(),
    note: z.string().nullable(),
    restricted: z.boolean().openapi({
      description:
        'A child protection plan whose details (`cpCategory`, `note`) are withheld, as null: they are for ' +
        'the designated safeguarding lead, the headteacher and anyone given an explicit grant',
    }),
    current: z.boolean().openapi({ description: 'Neither superseded by a correction nor withdrawn' }),
    supersedesId: z.string().nullable().openapi({ description: 'The row this one corrects' }),
    supersededById: z.string().nullable().openapi({ description: 'The row that corrects this one' }),
    withdrawnReason: z.string().nullable(),
    recordedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Episode')

const SavedEpisodeSchema = EpisodeSchema.extend({
  warnings: z
    .array(FieldErrorSchema)
    .openapi({ description: 'Accepted, but worth checking: an LA code Harbour does not know, for example' }),
}).openapi('SavedEpisode')

const EpisodeHistoryEntrySchema = EpisodeSchema.extend({
  placementChanges: z
    .array(PlacementChangeSchema)
    .optional()
    .openapi({
      description:
        'CLA rows only: the pupil’s changes of placement or school whose date falls within this row’s dates, ' +
        'oldest first. Changes belong to the pupil, so a correction and the row it supersedes can list the same one.',
    }),
}).openapi('EpisodeHistoryEntry')

type EpisodeRowLike = {
  id: string
  pupilId: string
  type: (typeof EPISODE_TYPES)[number]
  startDate: string
  endDate: string | null
  legalStatus: string | null
  responsibleLaCode: string | null
  route: string | null
  arrangement: string | null
  cinCategory: string | null
  cpCategory: string | null
  evidence: { document?: string; seenOn?: string; seenBy?: string } | null
  note: string | null
  supersedesId: string | null
  supersededById: string | null
  withdrawn: string | null
  recordedAt: Date
  /** Set by the services: the reader may not see this plan's child protection details. */
  restricted?: boolean
}

export function toEpisode(e: EpisodeRowLike) {
  return {
    id: e.id,
    pupilId: e.pupilId,
    type: e.type,
    startDate: e.startDate,
    endDate: e.endDate,
    legalStatus: e.legalStatus,
    responsibleLaCode: e.responsibleLaCode,
    route: e.route,
    arrangement: e.arrangement,
    cinCategory: e.cinCategory,
    cpCategory: e.cpCategory,
    evidence: e.evidence,
    note: e.note,
    restricted: e.restricted ?? false,
    current: !e.supersededById && !e.withdrawn,
    supersedesId: e.supersedesId,
    supersededById: e.supersededById,
    withdrawnReason: e.withdrawn,
    recordedAt: e.recordedAt.toISOString(),
  }
}

const saved = (r: { episode: EpisodeRowLike; warnings: FieldError[] }) => ({
  ...toEpisode(r.episode),
  warnings: r.warnings,
})

const PupilParams = z.object({ id: idParam('id', 'The pupil’s id') })
const EpisodeParams = PupilParams.extend({ episodeId: idParam('episodeId', 'The episode’s id') })

export function episodeRoutes(api: Api): void {
  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/episodes',
    tag: 'Episodes',
    summary: 'Record a status episode',
    params: PupilParams,
    body: NewEpisodeSchema,
    pupilAccess: 'episode:create',
    status: 201,
    response: SavedEpisodeSchema,
    responseDescription: 'The episode, with any warnings',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => saved(await addEpisode(ctx, actor, params.id, body)),
  })

  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/episodes',
    tag: 'Episodes',
    summary: 'A pupil’s status history',
    description: 'Every episode row, superseded and withdrawn ones included, by start date.',
    params: PupilParams,
    response: z.object({ episodes: z.array(EpisodeHistoryEntrySchema) }),
    responseDescription: 'The history',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) => {
      const { history, placementChanges } = await listEpisodeHistoryWithPlacementChanges(
        ctx,
        actor,
        params.id,
      )
      return {
        episodes: history.map((e) =>
          e.type === 'CLA'
            ? {
                ...toEpisode(e),
                placementChanges: placementChanges
                  .filter((c) => isWithin(c.changedOn, e))
                  .map(toPlacementChange),
              }
            : toEpisode(e),
        ),
      }
    },
  })

  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/episodes/{episodeId}/corrections',
    tag: 'Episodes',
    summary: 'Correct an episode',
    description:
      'Adds the corrected episode as a new row that supersedes the old one; the old one stays in the history. ' +
      'Only a current episode can be corrected (404 otherwise); when someone corrects it first, 409.',
    params: EpisodeParams,
    body: EpisodeCorrectionSchema,
    pupilAccess: 'episode:correct',
    status: 201,
    response: SavedEpisodeSchema,
    responseDescription: 'The new, current episode',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) =>
      saved(await correctEpisode(ctx, actor, params.id, params.episodeId, body)),
  })

  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/episodes/{episodeId}/withdrawal',
    tag: 'Episodes',
    summary: 'Withdraw an episode recorded in error',
    description:
      'Adds a superseding row marked withdrawn; the episode no longer counts but stays in the history.',
    params: EpisodeParams,
    body: WithdrawalSchema,
    pupilAccess: 'episode:correct',
    status: 201,
    response: EpisodeSchema,
    responseDescription: 'The withdrawn row',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) =>
      toEpisode(await withdrawEpisode(ctx, actor, params.id, params.episodeId, body.reason)),
  })
}
