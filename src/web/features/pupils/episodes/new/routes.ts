import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../../../domain/calendar/dates.js'
import { EPISODE_TYPE_LABELS, isEpisodeType, type EpisodeType } from '../../../../../domain/cohort/codes.js'
import { addEpisode } from '../../../../../services/episodes.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { getPupil, type PupilView } from '../../../../../services/pupils.service.js'
import { listLocalAuthorities } from '../../../../../services/schools.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import {
  emptyEpisodeValues,
  EPISODE_TYPE_CHOICES,
  episodeChoices,
  readEpisodeForm,
  type EpisodeFormValues,
} from '../episode-form.js'

type Route = { Params: { id: string }; Querystring: { type?: string; chosen?: string } }

// Step 1: which type of status. A GET form, so it works without JavaScript and without a session.
async function chooseType(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/episodes/new/view.njk',
    { title: 'What status do you want to add?', step: 'type', pupil, types: EPISODE_TYPE_CHOICES, errors },
    errors ? 422 : 200,
  )
}

// Step 2: the fields of that type.
async function typeForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  type: EpisodeType,
  values: EpisodeFormValues,
  errors?: ErrorList,
) {
  const las = await listLocalAuthorities(request.server.harbour.ctx)
  return renderPage(
    request,
    reply,
    'pupils/episodes/new/view.njk',
    {
      title: `Add: ${EPISODE_TYPE_LABELS[type]}`,
      step: 'fields',
      pupil,
      type,
      typeLabel: EPISODE_TYPE_LABELS[type],
      values,
      errors,
      choices: episodeChoices(las),
    },
    errors ? 422 : 200,
  )
}

const typeError = () => toErrorList([{ path: 'type', message: 'Choose the status you want to add' }])

export async function newEpisodeRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/episodes/new',
    { preHandler: [requireSignIn, requirePermission('episode:create')] },
    async (request, reply) => {
      const pupil = await getPupil(request.server.harbour.ctx, request.actor!, request.params.id)
      const type = request.query.type
      if (isEpisodeType(type)) return typeForm(request, reply, pupil, type, emptyEpisodeValues())
      const asked = request.query.chosen !== undefined || type !== undefined
      return chooseType(request, reply, pupil, asked ? typeError() : undefined)
    },
  )

  app.post<Route>(
    '/pupils/:id/episodes/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('episode:create')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const pupil = await getPupil(ctx, request.actor!, request.params.id)
      const body = (request.body ?? {}) as FormBody
      const type = text(body, 'type')
      if (!isEpisodeType(type)) return chooseType(request, reply, pupil, typeError())
      const { input, values, problems } = readEpisodeForm(body, type, todayInLondon(ctx.now()))
      if (!problems.has()) {
        try {
          const { warnings } = await addEpisode(ctx, request.actor!, pupil.id, input)
          setFlash(
            request,
            `Status added: ${EPISODE_TYPE_LABELS[type]}`,
            warnings.map((w) => w.message),
          )
          return reply.redirect(`/pupils/${pupil.id}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return typeForm(request, reply, pupil, type, values, problems.list())
    },
  )
}
