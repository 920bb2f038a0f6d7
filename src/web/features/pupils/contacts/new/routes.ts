import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { addContact } from '../../../../../services/contacts.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { getPupil, type PupilView } from '../../../../../services/pupils.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import type { ErrorList, FormBody } from '../../../../forms.js'
import {
  CONTACT_ROLE_CHOICES,
  emptyContactValues,
  readContactForm,
  type ContactFormValues,
} from '../contact-form.js'

type Route = { Params: { id: string } }

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  values: ContactFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/contacts/new/view.njk',
    { title: 'Add a contact', pupil, values, errors, roles: CONTACT_ROLE_CHOICES },
    errors ? 422 : 200,
  )
}

export async function newContactRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/contacts/new',
    { preHandler: [requireSignIn, requirePermission('contact:manage')] },
    async (request, reply) => {
      const pupil = await getPupil(request.server.harbour.ctx, request.actor!, request.params.id)
      return showForm(request, reply, pupil, emptyContactValues())
    },
  )

  app.post<Route>(
    '/pupils/:id/contacts/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('contact:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const pupil = await getPupil(ctx, request.actor!, request.params.id)
      const { input, values, problems } = readContactForm((request.body ?? {}) as FormBody)
      if (!problems.has()) {
        try {
          await addContact(ctx, request.actor!, pupil.id, input)
          setFlash(request, `${input.name} has been added as a contact`)
          return reply.redirect(`/pupils/${pupil.id}#contacts`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, pupil, values, problems.list())
    },
  )
}
