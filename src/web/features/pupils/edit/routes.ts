import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { getPupil, updatePupil } from '../../../../services/pupils.service.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import type { ErrorList, FormBody } from '../../../forms.js'
import {
  readPupilForm,
  SEN_PROVISIONS,
  valuesFromPupil,
  YEAR_GROUPS,
  type PupilFormValues,
} from '../pupil-form.js'

type Params = { Params: { id: string } }

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: { id: string; givenName: string; familyName: string },
  values: PupilFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/edit/view.njk',
    {
      title: `Change ${pupil.givenName} ${pupil.familyName}’s details`,
      pupil,
      values,
      errors,
      yearGroups: YEAR_GROUPS,
      senProvisions: SEN_PROVISIONS,
    },
    errors ? 422 : 200,
  )
}

export async function editPupilRoutes(app: FastifyInstance): Promise<void> {
  app.get<Params>(
    '/pupils/:id/edit',
    { preHandler: [requireSignIn, requirePermission('pupil:update')] },
    async (request, reply) => {
      const pupil = await getPupil(request.server.harbour.ctx, request.actor!, request.params.id)
      return showForm(request, reply, pupil, valuesFromPupil(pupil))
    },
  )

  app.post<Params>(
    '/pupils/:id/edit',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pupil:update')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const pupil = await getPupil(ctx, request.actor!, request.params.id)
      const { input, values, problems } = readPupilForm((request.body ?? {}) as FormBody)
      if (!problems.has()) {
        try {
          // A stale version is a ConflictError: the 409 page, so nobody's change is lost.
          await updatePupil(ctx, request.actor!, pupil.id, Number(values.version) || 0, input)
          setFlash(request, 'The pupil’s details have been changed')
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
