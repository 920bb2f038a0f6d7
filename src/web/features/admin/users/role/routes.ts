import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ROLE_LABELS, ROLES } from '../../../../../domain/access/roles.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { listSchools } from '../../../../../services/schools.service.js'
import { changeUserRole, userForAdmin } from '../../../../../services/user-admin.service.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../../forms.js'
import { renderPage, setFlash } from '../../../../render.js'
import { adminForm, adminPage } from '../../guard.js'

type Values = { role: string; schoolUrn: string; laCode: string; version: string }
type ById = { Params: { id: string } }

async function showForm(
  request: FastifyRequest<ById>,
  reply: FastifyReply,
  values: Values | null,
  errors?: ErrorList,
) {
  const { ctx } = request.server.harbour
  const account = await userForAdmin(ctx, request.actor!, request.params.id)
  const { user, school } = account
  if (account.isSelf) return reply.redirect(`/admin/users/${user.id}`)
  return renderPage(
    request,
    reply,
    'admin/users/role/view.njk',
    {
      title: `Change ${user.name}’s role`,
      user,
      values: values ?? {
        role: user.role,
        schoolUrn: school?.urn ?? '',
        laCode: user.laCode ?? '',
        version: String(user.version),
      },
      errors,
      roles: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })),
      schools: await listSchools(ctx, request.actor!),
    },
    errors ? 422 : 200,
  )
}

/**
 * Issue 3 item 2: a new role for a user. Their sessions end with it (rotation on a change of
 * privilege), so the new role starts from a fresh sign-in on every device.
 */
export async function adminUserRoleRoutes(app: FastifyInstance): Promise<void> {
  app.get<ById>('/admin/users/:id/role', adminPage, async (request, reply) => showForm(request, reply, null))

  app.post<ById>('/admin/users/:id/role', adminForm(app), async (request, reply) => {
    const body = (request.body ?? {}) as FormBody
    const values: Values = {
      role: text(body, 'role'),
      schoolUrn: text(body, 'schoolUrn'),
      laCode: text(body, 'laCode'),
      version: text(body, 'version'),
    }
    const problems = new FormProblems()
    try {
      const user = await changeUserRole(request.server.harbour.ctx, request.actor!, request.params.id, {
        role: values.role,
        schoolUrn: values.schoolUrn || null,
        laCode: values.laCode || null,
        version: Number(values.version),
      })
      setFlash(
        request,
        `${user.name} is now ${ROLE_LABELS[user.role as keyof typeof ROLE_LABELS]}, and has been signed out everywhere`,
      )
      return reply.redirect(`/admin/users/${user.id}`)
    } catch (error) {
      if (!(error instanceof RuleBrokenError)) throw error
      problems.addAll(error.errors)
    }
    return showForm(request, reply, values, problems.list())
  })
}
