import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ROLE_LABELS, ROLES } from '../../../../../domain/access/roles.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { listSchools } from '../../../../../services/schools.service.js'
import { createUser, MIN_PASSWORD_LENGTH } from '../../../../../services/users.service.js'
import { renderPage, setFlash } from '../../../../render.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../../forms.js'
import { adminForm, adminPage } from '../../guard.js'

type Values = { email: string; name: string; role: string; schoolUrn: string; laCode: string }

async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: ErrorList) {
  const schools = await listSchools(request.server.harbour.ctx, request.actor!)
  return renderPage(
    request,
    reply,
    'admin/users/new/view.njk',
    {
      title: 'Add a user',
      values,
      errors,
      roles: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })),
      schools,
      minPassword: MIN_PASSWORD_LENGTH,
    },
    errors ? 422 : 200,
  )
}

export async function adminNewUserRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/users/new', adminPage, async (request, reply) =>
    showForm(request, reply, { email: '', name: '', role: '', schoolUrn: '', laCode: '' }),
  )

  app.post('/admin/users/new', adminForm(app), async (request, reply) => {
    const body = (request.body ?? {}) as FormBody
    const values: Values = {
      email: text(body, 'email'),
      name: text(body, 'name'),
      role: text(body, 'role'),
      schoolUrn: text(body, 'schoolUrn'),
      laCode: text(body, 'laCode'),
    }
    // Not trimmed: spaces may be part of a password.
    const password = typeof body.password === 'string' ? body.password : ''
    const problems = new FormProblems()
    if (!password)
      problems.add('password', `Enter an initial password of at least ${MIN_PASSWORD_LENGTH} characters`)
    if (!problems.has()) {
      try {
        const user = await createUser(request.server.harbour.ctx, request.actor!, {
          ...values,
          schoolUrn: values.schoolUrn || null,
          laCode: values.laCode || null,
          password,
        })
        setFlash(request, `${user.name} can now sign in as ${user.email}`)
        return reply.redirect('/admin/users')
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        problems.addAll(error.errors)
      }
    }
    return showForm(request, reply, values, problems.list())
  })
}
