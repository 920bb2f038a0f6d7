import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isRole, ROLE_LABELS } from '../../../../../domain/access/roles.js'
import { assignableStaff, assignStaff, STAFF_ROLE_LABELS } from '../../../../../services/contacts.service.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { getPupil, type PupilView } from '../../../../../services/pupils.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'

type Route = { Params: { id: string } }
type StaffRole = keyof typeof STAFF_ROLE_LABELS
type Values = { userId: string; role: string }

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  pupil: PupilView,
  values: Values,
  errors?: ErrorList,
) {
  const people = await assignableStaff(request.server.harbour.ctx, request.actor!, pupil.id)
  return renderPage(
    request,
    reply,
    'pupils/staff/new/view.njk',
    {
      title: 'Assign staff',
      pupil,
      values,
      errors,
      people: people.map((p) => ({
        value: p.id,
        text: `${p.name} (${isRole(p.role) ? ROLE_LABELS[p.role] : p.role})`,
      })),
      roles: Object.entries(STAFF_ROLE_LABELS).map(([value, label]) => ({ value, text: label })),
    },
    errors ? 422 : 200,
  )
}

export async function newStaffRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/staff/new',
    { preHandler: [requireSignIn, requirePermission('staff_assignment:manage')] },
    async (request, reply) => {
      const pupil = await getPupil(request.server.harbour.ctx, request.actor!, request.params.id)
      return showForm(request, reply, pupil, { userId: '', role: '' })
    },
  )

  app.post<Route>(
    '/pupils/:id/staff/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('staff_assignment:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const pupil = await getPupil(ctx, request.actor!, request.params.id)
      const body = (request.body ?? {}) as FormBody
      const values = { userId: text(body, 'userId'), role: text(body, 'role') }
      try {
        await assignStaff(ctx, request.actor!, pupil.id, {
          userId: values.userId,
          role: values.role as StaffRole,
        })
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        return showForm(request, reply, pupil, values, toErrorList(error.errors))
      }
      const roleLabel = STAFF_ROLE_LABELS[values.role as StaffRole].toLowerCase()
      setFlash(request, `A ${roleLabel} has been assigned to ${pupil.givenName} ${pupil.familyName}`)
      return reply.redirect(`/pupils/${pupil.id}#staff`)
    },
  )
}
