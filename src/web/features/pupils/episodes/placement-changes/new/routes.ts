import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../../domain/calendar/dates.js'
import { EPISODE_TYPE_LABELS } from '../../../../../../domain/cohort/codes.js'
import {
  kindProblem,
  PLACEMENT_CHANGE_KIND_LABELS,
  PLACEMENT_CHANGE_KINDS,
  type PlacementChangeKind,
} from '../../../../../../domain/cohort/placement-changes.js'
import { RuleBrokenError } from '../../../../../../services/errors.js'
import {
  getClaEpisodeForPlacementChange,
  recordPlacementChange,
} from '../../../../../../services/placements.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'
import {
  dateParts,
  FormProblems,
  readDateInput,
  text,
  type DateParts,
  type ErrorList,
  type FormBody,
} from '../../../../../forms.js'
import { periodOf } from '../../../show/present.js'

type Route = { Params: { id: string; episodeId: string } }
type Loaded = Awaited<ReturnType<typeof getClaEpisodeForPlacementChange>>
type Values = { kind: string; changedOn: DateParts; note: string }

const TITLE = 'Record a change of placement or school'
const FIELD_IDS = { changedOn: 'changedOn-day' }
const KIND_CHOICES = PLACEMENT_CHANGE_KINDS.map((k) => ({ value: k, text: PLACEMENT_CHANGE_KIND_LABELS[k] }))
const RECORDED: Record<PlacementChangeKind, string> = {
  placement: 'Change of placement recorded',
  school: 'Change of school recorded',
}

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  { pupil, episode }: Loaded,
  values: Values,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/episodes/placement-changes/new/view.njk',
    {
      title: TITLE,
      pupil,
      episode,
      typeLabel: EPISODE_TYPE_LABELS[episode.type],
      period: periodOf(episode),
      kinds: KIND_CHOICES,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function newPlacementChangeRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/episodes/:episodeId/placement-changes/new'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('episode:create')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { id, episodeId } = request.params
      // Out of scope, unknown, or not a current CLA episode: the 404 page.
      const loaded = await getClaEpisodeForPlacementChange(ctx, request.actor!, id, episodeId)
      return showForm(request, reply, loaded, { kind: '', changedOn: dateParts(null), note: '' })
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('episode:create')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const loaded = await getClaEpisodeForPlacementChange(
        ctx,
        actor,
        request.params.id,
        request.params.episodeId,
      )
      const body = (request.body ?? {}) as FormBody
      const kind = text(body, 'kind')
      const date = readDateInput(body, 'changedOn', 'date of the change', true)
      const values: Values = { kind, changedOn: date.parts, note: text(body, 'note') }
      const problems = new FormProblems(FIELD_IDS)
      if (date.value === null) {
        // Without a date the service cannot be asked, so the page says what else is missing, in form order.
        const wrongKind = kindProblem(kind)
        if (wrongKind) problems.add(wrongKind.path, wrongKind.message)
        problems.date(body, 'changedOn', 'date of the change', true)
      } else {
        try {
          const change = await recordPlacementChange(ctx, actor, loaded.pupil.id, loaded.episode.id, {
            changedOn: date.value,
            kind: kind as PlacementChangeKind, // checked by the service, which reports it at `kind`
            note: values.note,
          })
          setFlash(request, `${RECORDED[change.kind]} for ${formatDate(change.changedOn)}`)
          return reply.redirect(`/pupils/${loaded.pupil.id}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, loaded, values, problems.list())
    },
  )
}
