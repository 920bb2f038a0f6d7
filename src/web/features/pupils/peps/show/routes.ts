import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../domain/access/permissions.js'
import type { Actor } from '../../../../../domain/access/scope.js'
import { transition } from '../../../../../domain/pep/workflow.js'
import type { PepDetail } from '../../../../../services/peps.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { pdfAvailable } from '../../../../pdf.js'
import { renderPage } from '../../../../render.js'
import { editability } from '../editable.js'
import { pepOfUrl, type PepParams } from '../pep-request.js'
import { historyOf, pepHeading, snapshotRows, summaryOf } from '../present.js'

type Route = { Params: PepParams }

/** What the PEP as a document needs (pep-body.njk), on its page and in its PDF alike. */
export function documentLocals(d: PepDetail) {
  return {
    ...pepHeading(d),
    summary: summaryOf(d),
    recorded: snapshotRows(d),
    changeBase: false,
    history: historyOf(d),
  }
}

/** The PEP's page; `pdf` says why a PDF asked for is this page instead. */
export async function showPep(
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  d: PepDetail,
  pdf: { failed?: boolean; unavailable?: boolean } = {},
) {
  const edit = editability(d)
  const mayWrite = can(actor.role, 'pep:write')
  const locals = documentLocals(d)
  return renderPage(request, reply, 'pupils/peps/show/view.njk', {
    title: `${locals.pep.kindLabel}: ${d.pupil.givenName} ${d.pupil.familyName}, meeting on ${d.pep.meetingDate}`,
    ...locals,
    mayEdit: mayWrite && edit.editable,
    notEditable: mayWrite && !edit.editable ? edit.reason : null,
    mayDecide: can(actor.role, 'pep:approve') && transition(d.pep.status, 'approve', d.pep).ok,
    pdfAvailable: pdfAvailable() && !pdf.failed,
    pdfFailed: pdf.failed ?? false,
    pdfUnavailable: pdf.unavailable ?? false,
  })
}

/** `/pupils/:id/peps/:pepId`: the PEP as a document, with its history; printable. */
export async function showPepRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/peps/:pepId',
    { preHandler: [requireSignIn, requirePermission('pep:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const d = await pepOfUrl(request)
      return showPep(request, reply, actor, d)
    },
  )
}
