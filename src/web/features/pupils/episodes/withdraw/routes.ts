import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { EPISODE_TYPE_LABELS } from '../../../../../domain/cohort/codes.js'
import { getCurrentEpisode, withdrawEpisode } from '../../../../../services/episodes.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import type { PupilView } from '../../../../../services/pupils.service.js'
import { listLocalAuthorities } from '../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import { episodeDetails, periodOf } from '../../show/present.js'

type Route = { Params: { id: string; episodeId: string } }
type Episode = Awaited<ReturnType<typeof getCurrentEpisode>>['episode']

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  episode: Episode,
  reason: string,
  errors?: ErrorList,
) {
  const las = await listLocalAuthorities(request.server.harbour.ctx)
  return renderPage(
    request,
    reply,
    'pupils/episodes/withdraw/view.njk',
    {
      title: `Withdraw: ${EPISODE_TYPE_LABELS[episode.type]}`,
      pupil,
      episode,
      typeLabel: EPISODE_TYPE_LABELS[episode.type],
      period: periodOf(episode),
      details: episodeDetails(episode, new Map(las.map((la) => [la.code, la.name]))),
      reason,
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function withdrawEpisodeRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/episodes/:episodeId/withdraw'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('episode:correct')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { id, episodeId } = request.params
      const { pupil, episode } = await getCurrentEpisode(ctx, request.actor!, id, episodeId)
      return showForm(request, reply, pupil, episode, '')
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('episode:correct')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const { id, episodeId } = request.params
      const { pupil, episode } = await getCurrentEpisode(ctx, actor, id, episodeId)
      const reason = text((request.body ?? {}) as FormBody, 'reason')
      try {
        await withdrawEpisode(ctx, actor, pupil.id, episode.id, reason)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        return showForm(request, reply, pupil, episode, reason, toErrorList(error.errors))
      }
      setFlash(request, `Status withdrawn: ${EPISODE_TYPE_LABELS[episode.type]}. It is kept in the history`)
      return reply.redirect(`/pupils/${pupil.id}`)
    },
  )
}
