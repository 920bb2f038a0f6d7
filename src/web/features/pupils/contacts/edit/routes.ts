import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { getContact, updateContact } from '../../../../../services/contacts.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import type { PupilView } from '../../../../../services/pupils.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import type { ErrorList, FormBody } from '../../../../forms.js'
import {
  CONTACT_ROLE_CHOICES,
  readContactForm,
  valuesFromContact,
  type ContactFormValues,
} from '../contact-form.js'

type Route = { Params: { id: string; contactId: string } }

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  contactId: string,
  values: ContactFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/contacts/edit/view.njk',
    { title: 'Change a contact', pupil, contactId, values, errors, roles: CONTACT_ROLE_CHOICES },
    errors ? 422 : 200,
  )
}

export async function editContactRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/contacts/:contactId/edit'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('contact:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { pupil, contact } = await getContact(
        ctx,
        request.actor!,
        request.params.id,
        request.params.contactId,
      )
      return showForm(request, reply, pupil, contact.id, valuesFromContact(contact))
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('contact:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { pupil, contact } = await getContact(
        ctx,
        request.actor!,
        request.params.id,
        request.params.contactId,
      )
      const { input, values, problems } = readContactForm((request.body ?? {}) as FormBody)
      if (!problems.has()) {
        try {
          // A stale version is a ConflictError: the 409 page.
          await updateContact(ctx, request.actor!, pupil.id, contact.id, Number(values.version) || 0, input)
          setFlash(request, `${input.name}’s details have been changed`)
          return reply.redirect(`/pupils/${pupil.id}#contacts`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, pupil, contact.id, values, problems.list())
    },
  )
}
