import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createPupil } from '../../../../services/pupils.service.js'
import { listSchools } from '../../../../services/schools.service.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import type { ErrorList, FormBody } from '../../../forms.js'
import {
  emptyPupilValues,
  readPupilForm,
  SEN_PROVISIONS,
  YEAR_GROUPS,
  type PupilFormValues,
} from '../pupil-form.js'

type Schools = Awaited<ReturnType<typeof listSchools>>

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  schools: Schools,
  values: PupilFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/new/view.njk',
    { title: 'Add a pupil', values, errors, schools, yearGroups: YEAR_GROUPS, senProvisions: SEN_PROVISIONS },
    errors ? 422 : 200,
  )
}

export async function newPupilRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/pupils/new',
    { preHandler: [requireSignIn, requirePermission('pupil:create')] },
    async (request, reply) => {
      const schools = await listSchools(request.server.harbour.ctx, request.actor!)
      return showForm(request, reply, schools, emptyPupilValues(schools.length === 1 ? schools[0]!.urn : ''))
    },
  )

  app.post(
    '/pupils/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pupil:create')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const schools = await listSchools(ctx, request.actor!)
      const { input, values, problems } = readPupilForm((request.body ?? {}) as FormBody)
      if (!schools.some((s) => s.urn === values.schoolUrn))
        problems.add('schoolUrn', 'Choose the school the pupil is on roll at')
      if (!problems.has()) {
        try {
          const pupil = await createPupil(ctx, request.actor!, { ...input, schoolUrn: values.schoolUrn })
          setFlash(request, `${pupil.givenName} ${pupil.familyName} has been added`)
          return reply.redirect(`/pupils/${pupil.id}`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, schools, values, problems.list())
    },
  )
}
