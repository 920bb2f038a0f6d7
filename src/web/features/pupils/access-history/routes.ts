import type { FastifyInstance } from 'fastify'
import { getAccessHistory } from '../../../../services/access-history.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage } from '../../../render.js'

type Route = { Params: { id: string }; Querystring: { page?: string } }

/** GOV.UK pagination: previous, next and every page number (50 events a page keeps the list short). */
export function paginationOf(base: string, page: number, pages: number) {
  if (pages <= 1) return null
  const href = (n: number) => (n === 1 ? base : `${base}?page=${n}`)
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({
      number: i + 1,
      href: href(i + 1),
      current: i + 1 === page,
    })),
  }
}

export async function accessHistoryRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/access-history',
    { preHandler: [requireSignIn, requirePermission('audit:read')] },
    async (request, reply) => {
      const page = request.query.page === undefined ? 1 : Number(request.query.page)
      // Out of scope, unknown, or a page past the end: the 404 page.
      const history = await getAccessHistory(
        request.server.harbour.ctx,
        request.actor!,
        request.params.id,
        page,
      )
      const { pupil } = history
      return renderPage(request, reply, 'pupils/access-history/view.njk', {
        title: `Access history: ${pupil.givenName} ${pupil.familyName}`,
        pupil,
        events: history.events,
        page: history.page,
        pages: history.pages,
        total: history.total,
        pagination: paginationOf(`/pupils/${pupil.id}/access-history`, history.page, history.pages),
      })
    },
  )
}
