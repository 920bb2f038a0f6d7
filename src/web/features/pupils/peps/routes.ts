import type { FastifyInstance } from 'fastify'
import { can } from '../../../../domain/access/permissions.js'
import { listPupilPeps } from '../../../../services/peps.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage } from '../../../render.js'
import { KIND_LABELS, pepUrl, ratingTag, statusBadge } from './present.js'

/** `/pupils/:id/peps`: the pupil's PEPs and support plans, newest first. */
export async function pupilPepsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/pupils/:id/peps',
    { preHandler: [requireSignIn, requirePermission('pep:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const { pupil, peps } = await listPupilPeps(request.server.harbour.ctx, actor, request.params.id)
      return renderPage(request, reply, 'pupils/peps/view.njk', {
        title: `PEPs: ${pupil.givenName} ${pupil.familyName}`,
        pupil,
        peps: peps.map((p) => ({
          id: p.id,
          url: pepUrl(pupil.id, p.id),
          meetingDate: p.meetingDate,
          kind: KIND_LABELS[p.kind],
          badge: statusBadge(p),
          rating: ratingTag(p.qualityRating),
        })),
        mayWrite: can(actor.role, 'pep:write'),
      })
    },
  )
}
