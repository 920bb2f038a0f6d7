import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { getLocalAuthority, saveLocalAuthority } from '../../../../../services/schools.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { renderPage, setFlash } from '../../../../render.js'
import { toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import { adminForm, adminPage } from '../../guard.js'
import { readLaForm, valuesFromLa, type LaFormValues } from '../la-form.js'

type Route = { Params: { code: string } }

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: LaFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'admin/local-authorities/edit/view.njk',
    { title: `Change ${values.name || values.code}`, values, errors },
    errors ? 422 : 200,
  )
}

export async function adminEditLaRoutes(app: FastifyInstance): Promise<void> {
  const url = '/admin/local-authorities/:code/edit'

  app.get<Route>(url, adminPage, async (request, reply) => {
    const la = await getLocalAuthority(request.server.harbour.ctx, request.actor!, request.params.code)
    return showForm(request, reply, valuesFromLa(la))
  })

  app.post<Route>(url, adminForm(app), async (request, reply) => {
    const { ctx } = request.server.harbour
    const la = await getLocalAuthority(ctx, request.actor!, request.params.code)
    const { values, input } = readLaForm((request.body ?? {}) as FormBody, la.code)
    try {
      // A stale version is a ConflictError: the 409 page.
      await saveLocalAuthority(ctx, request.actor!, input, Number(values.version) || 0)
    } catch (error) {
      if (!(error instanceof RuleBrokenError)) throw error
      return showForm(request, reply, values, toErrorList(error.errors))
    }
    setFlash(request, `${input.name}’s details have been saved`)
    return reply.redirect('/admin/local-authorities')
  })
}
