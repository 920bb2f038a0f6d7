import type { FastifyInstance } from 'fastify'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import { editability } from '../editable.js'
import { pepOfUrl, type PepParams } from '../pep-request.js'
import { factsOf, pepHeading } from '../present.js'
import { stateOf } from '../section-state.js'
import { sectionsFor } from '../sections.js'

type Route = { Params: PepParams }

const STATUS_TAGS = {
  not_started: { tag: { text: 'Not started', classes: 'govuk-tag--grey' } },
  in_progress: { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  completed: { text: 'Completed' },
} as const

/** `/pupils/:id/peps/:pepId/edit`: the PEP's sections as a GOV.UK task list, each with its state. */
export async function editPepRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/peps/:pepId/edit',
    { preHandler: [requireSignIn, requirePermission('pep:write')] },
    async (request, reply) => {
      const d = await pepOfUrl(request)
      const heading = pepHeading(d)
      // A submitted or approved PEP is read, not edited: its page says why.
      if (!editability(d).editable) return reply.redirect(heading.url)
      const facts = factsOf(d)
      const sections = sectionsFor(facts).map((s) => {
        const state = stateOf(s, facts)
        return {
          title: { text: s.title },
          href: `${heading.url}/edit/${s.slug}`,
          status: STATUS_TAGS[state],
          state,
        }
      })
      return renderPage(request, reply, 'pupils/peps/edit/view.njk', {
        title: `${heading.pep.kindLabel}: ${d.pupil.givenName} ${d.pupil.familyName}`,
        ...heading,
        sections,
        completed: sections.filter((s) => s.state === 'completed').length,
      })
    },
  )
}
