import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError } from '../../../../../services/errors.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import { completeObligation } from '../../../../../services/suspension-decisions.service.js'
import { FormProblems, text, type ErrorList } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { periodOf } from '../present.js'
import { bodyOf, pupilNameOf, saveOrCollect, suspensionsOfUrl } from '../shared.js'
import { suspensionUrl } from '../show/routes.js'

type Route = { Params: { id: string; obligationId: string } }

/** The duty the address names, with its suspension; 404 when it is not this pupil's. */
function dutyOf(page: PupilSuspensions, obligationId: string) {
  for (const s of page.suspensions) {
    const duty = s.obligations.find((o) => o.id === obligationId)
    if (duty) return { suspension: s, duty }
  }
  throw new NotFoundError('obligation')
}

function showDone(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  obligationId: string,
  note: string,
  errors?: ErrorList,
) {
  const { suspension, duty } = dutyOf(page, obligationId)
  return renderPage(
    request,
    reply,
    'pupils/suspensions/obligations/done.njk',
    {
      title: `Mark done: ${duty.label}`,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      duty,
      suspension: { id: suspension.id, label: suspension.categoryLabel, period: periodOf(suspension) },
      note,
      errors,
    },
    errors ? 422 : 200,
  )
}

/** A duty after a suspension done by staff (a letter sent by hand, the board's meeting arranged), with a note. */
export async function suspensionObligationRoutes(app: FastifyInstance): Promise<void> {
  const MANAGE = requirePermission('suspension:manage')
  const URL = '/pupils/:id/suspensions/obligations/:obligationId/done'

  app.get<Route>(URL, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const { suspension, duty } = dutyOf(page, request.params.obligationId)
    if (duty.done) return reply.redirect(`${suspensionUrl(page.pupil.id, suspension.id)}#duties`)
    return showDone(request, reply, page, duty.id, '')
  })

  app.post<Route>(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const note = text(bodyOf(request), 'note')
      const problems = new FormProblems({ note: 'note' })
      const done = await saveOrCollect(problems, () =>
        completeObligation(ctx, request.actor!, request.params.id, request.params.obligationId, note || null),
      )
      if (done && !problems.has()) {
        setFlash(request, 'Marked done')
        return reply.redirect(`${suspensionUrl(request.params.id, done.suspensionId)}#duties`)
      }
      const page = await suspensionsOfUrl(request)
      return showDone(request, reply, page, request.params.obligationId, note, problems.list())
    },
  )
}
