import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createSchool } from '../../../../../services/schools.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { renderPage, setFlash } from '../../../../render.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../../forms.js'
import { adminForm, adminPage } from '../../guard.js'

type Values = { urn: string; laestab: string; name: string; phase: string }

const PHASES = [
  { value: 'primary', text: 'Primary' },
  { value: 'secondary', text: 'Secondary' },
  { value: '', text: 'Other or not set' },
]

async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: ErrorList) {
  return renderPage(
    request,
    reply,
    'admin/schools/new/view.njk',
    { title: 'Add a school', values, errors, phases: PHASES },
    errors ? 422 : 200,
  )
}

export async function adminNewSchoolRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/schools/new', adminPage, async (request, reply) =>
    showForm(request, reply, { urn: '', laestab: '', name: '', phase: '' }),
  )

  app.post('/admin/schools/new', adminForm(app), async (request, reply) => {
    const body = (request.body ?? {}) as FormBody
    const values: Values = {
      urn: text(body, 'urn'),
      laestab: text(body, 'laestab'),
      name: text(body, 'name'),
      phase: text(body, 'phase'),
    }
    const problems = new FormProblems()
    if (!PHASES.some((p) => p.value === values.phase)) problems.add('phase', 'Choose the school’s phase')
    if (!problems.has()) {
      try {
        const school = await createSchool(request.server.harbour.ctx, request.actor!, {
          ...values,
          phase: values.phase || undefined,
        })
        setFlash(request, `${school.name} has been added. Now set its term dates`)
        return reply.redirect(`/admin/schools/${school.urn}`)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        problems.addAll(error.errors)
      }
    }
    return showForm(request, reply, values, problems.list())
  })
}
