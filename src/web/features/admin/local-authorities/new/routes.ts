import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createLocalAuthority } from '../../../../../services/schools.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { renderPage, setFlash } from '../../../../render.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import { adminForm, adminPage } from '../../guard.js'
import { readLaForm, type LaFormValues } from '../la-form.js'

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: LaFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'admin/local-authorities/new/view.njk',
    { title: 'Add a local authority', values, errors },
    errors ? 422 : 200,
  )
}

export async function adminNewLaRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/local-authorities/new', adminPage, async (request, reply) =>
    showForm(request, reply, readLaForm({}, '').values),
  )

  app.post('/admin/local-authorities/new', adminForm(app), async (request, reply) => {
    const body = (request.body ?? {}) as FormBody
    const { values, input } = readLaForm(body, text(body, 'code'))
    try {
      await createLocalAuthority(request.server.harbour.ctx, request.actor!, input)
    } catch (error) {
      if (!(error instanceof RuleBrokenError)) throw error
      return showForm(request, reply, values, toErrorList(error.errors))
    }
    setFlash(request, `${input.name} (${input.code}) has been added`)
    return reply.redirect('/admin/local-authorities')
  })
}
