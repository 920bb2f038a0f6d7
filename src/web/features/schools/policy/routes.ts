import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../domain/access/permissions.js'
import { readSchoolPolicy, type SchoolPolicyView } from '../../../../services/school-policy.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { pdfAvailable } from '../../../pdf.js'
import { renderPage } from '../../../render.js'
import { documentLocals, urnOf, type SchoolParams } from './present.js'

/** The policy's page; `pdf` says why a PDF asked for is this page instead. */
export async function showPolicy(
  request: FastifyRequest,
  reply: FastifyReply,
  view: SchoolPolicyView,
  pdf: { failed?: boolean; unavailable?: boolean } = {},
) {
  const role = request.actor!.role
  const locals = documentLocals(view.school, view.document, view.review)
  return renderPage(request, reply, 'schools/policy/view.njk', {
    title: `${view.school.name}: policy for looked-after children and children with a social worker`,
    ...locals,
    changeBase: false,
    mayManage: can(role, 'policy:manage'),
    mayAcknowledge: can(role, 'policy:acknowledge'),
    acknowledgedAt: view.acknowledgedAt,
    draftVersion: view.draftVersion,
    pdfAvailable: pdfAvailable() && !pdf.failed,
    pdfFailed: pdf.failed ?? false,
    pdfUnavailable: pdf.unavailable ?? false,
  })
}

/**
 * `/schools/:urn/policy` (issue 7 item 3): the school's policy as a document, generated from its records,
 * for every member of staff and the governors; staff confirm they have read and understood it (POL-5).
 */
export async function schoolPolicyRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: SchoolParams }>(
    '/schools/:urn/policy',
    { preHandler: [requireSignIn, requirePermission('policy:read')] },
    async (request, reply) => {
      const view = await readSchoolPolicy(request.server.harbour.ctx, request.actor!, urnOf(request))
      return showPolicy(request, reply, view)
    },
  )
}
