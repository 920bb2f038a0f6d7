import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LEAVING_DESTINATIONS } from '../../../../domain/cohort/leaving.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { recordLeaving } from '../../../../services/pupil-leaving.service.js'
import { getPupil, type PupilView } from '../../../../services/pupils.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import { FormProblems, type DateParts, type ErrorList, type FormBody } from '../../../forms.js'

type Params = { Params: { id: string } }
type Values = { version: string; leftOn: DateParts; destination: string }

function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  values: Values,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/leaving/view.njk',
    {
      title: `Record that ${pupil.givenName} ${pupil.familyName} has left`,
      pupil,
      values,
      errors,
      destinations: Object.entries(LEAVING_DESTINATIONS).map(([value, text]) => ({
        value,
        text,
        checked: values.destination === value,
      })),
    },
    errors ? 422 : 200,
  )
}

/** `/pupils/:id/leaving`: the last day on roll and where the pupil went (retention PD-13; GOV-4 destinations). */
export async function pupilLeavingRoutes(app: FastifyInstance): Promise<void> {
  app.get<Params>(
    '/pupils/:id/leaving',
    { preHandler: [requireSignIn, requirePermission('pupil:update')] },
    async (request, reply) => {
      const pupil = await getPupil(request.server.harbour.ctx, request.actor!, request.params.id)
      const [year = '', month = '', day = ''] = (pupil.leftOn ?? '').split('-')
      return showForm(request, reply, pupil, {
        version: String(pupil.version),
        leftOn: { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year },
        destination: '',
      })
    },
  )

  app.post<Params>(
    '/pupils/:id/leaving',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pupil:update')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const pupil = await getPupil(ctx, request.actor!, request.params.id)
      const body = (request.body ?? {}) as FormBody
      const problems = new FormProblems()
      const leftOn = problems.date(body, 'leftOn', 'last day on roll', true)
      const destination = typeof body['destination'] === 'string' ? body['destination'] : ''
      const values: Values = {
        version: typeof body['version'] === 'string' ? body['version'] : '',
        leftOn: leftOn.parts,
        destination,
      }
      if (!destination) problems.add('destination', 'Select where the pupil went', 'destination')
      problems.link('destination', 'destination')
      if (!problems.has()) {
        try {
          await recordLeaving(ctx, request.actor!, pupil.id, Number(values.version) || 0, {
            leftOn: leftOn.value!,
            destination,
          })
          setFlash(request, 'The pupil’s leaving has been recorded')
          return reply.redirect(`/pupils/${pupil.id}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, pupil, values, problems.list())
    },
  )
}
