import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../../../domain/calendar/dates.js'
import { EPISODE_TYPE_LABELS } from '../../../../../domain/cohort/codes.js'
import { correctEpisode, getCurrentEpisode } from '../../../../../services/episodes.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import type { PupilView } from '../../../../../services/pupils.service.js'
import { listLocalAuthorities } from '../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import type { ErrorList, FormBody } from '../../../../forms.js'
import { periodOf, RESTRICTED_DETAILS } from '../../show/present.js'
import {
  episodeChoices,
  readEpisodeForm,
  valuesFromEpisode,
  type EpisodeFormValues,
} from '../episode-form.js'

type Route = { Params: { id: string; episodeId: string } }
type Episode = Awaited<ReturnType<typeof getCurrentEpisode>>['episode']

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  episode: Episode,
  values: EpisodeFormValues | null,
  errors?: ErrorList,
) {
  const las = await listLocalAuthorities(request.server.harbour.ctx)
  return renderPage(
    request,
    reply,
    'pupils/episodes/correct/view.njk',
    {
      title: `Correct: ${EPISODE_TYPE_LABELS[episode.type]}`,
      pupil,
      episode,
      type: episode.type,
      typeLabel: EPISODE_TYPE_LABELS[episode.type],
      period: periodOf(episode),
      // A previously looked after status normally has no end; show the field only when it has one.
      showEnd: episode.endDate !== null,
      restricted: episode.restricted,
      restrictedText: RESTRICTED_DETAILS,
      values: values ?? valuesFromEpisode(episode, new Set(las.map((la) => la.code))),
      errors,
      choices: episodeChoices(las),
    },
    errors ? 422 : 200,
  )
}

export async function correctEpisodeRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/episodes/:episodeId/correct'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('episode:correct')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { id, episodeId } = request.params
      const { pupil, episode } = await getCurrentEpisode(ctx, request.actor!, id, episodeId)
      return showForm(request, reply, pupil, episode, null)
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
      const body = (request.body ?? {}) as FormBody
      const { input, values, problems } = readEpisodeForm(body, episode.type, todayInLondon(ctx.now()))
      if (!values.reason) problems.add('reason', 'Enter why you are correcting this status')
      if (!problems.has()) {
        try {
          const { warnings } = await correctEpisode(ctx, actor, pupil.id, episode.id, {
            ...input,
            reason: values.reason,
          })
          setFlash(
            request,
            `Status corrected: ${EPISODE_TYPE_LABELS[episode.type]}. What was recorded before is kept in the history`,
            warnings.map((w) => w.message),
          )
          return reply.redirect(`/pupils/${pupil.id}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, pupil, episode, values, problems.list())
    },
  )
}
