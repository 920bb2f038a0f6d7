import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ConflictError, NotFoundError, RuleBrokenError } from '../../../../../../services/errors.js'
import { updatePep, type PepDetail } from '../../../../../../services/peps.service.js'
import type { ErrorList, FormBody } from '../../../../../forms.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { editability } from '../../editable.js'
import { linkedErrors } from '../../error-links.js'
import { idOf } from '../../fields.js'
import { pepOfUrl, showConflict, versionSent, type PepParams } from '../../pep-request.js'
import { factsOf, pepHeading, snapshotRows, type Row } from '../../present.js'
import { OUTCOME_TEXT, PROGRESS_TEXT } from '../../rows.js'
import { sectionsFor, type Section } from '../../sections.js'
import { heldValues, readSection, type SectionValues } from './section-form.js'

type Route = { Params: PepParams & { section: string } }

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, text]) => ({ value, text }))

function sectionOf(d: PepDetail, slug: string): Section {
  const section = sectionsFor(factsOf(d)).find((s) => s.slug === slug)
  if (!section) throw new NotFoundError('section')
  return section
}

async function showSection(
  request: FastifyRequest,
  reply: FastifyReply,
  d: PepDetail,
  section: Section,
  values: SectionValues,
  version: number,
  errors?: ErrorList,
) {
  const heading = pepHeading(d)
  return renderPage(
    request,
    reply,
    'pupils/peps/edit/section/view.njk',
    {
      title: `${section.title}: ${heading.pep.kindLabel} for ${d.pupil.givenName} ${d.pupil.familyName}`,
      ...heading,
      section: {
        ...section,
        fields: section.fields.map((f) => (f.kind === 'heading' ? f : { ...f, id: idOf(f.path) })),
      },
      values,
      version,
      errors,
      // Harbour's own records at the meeting date, shown beside the sections they inform.
      recorded: Object.fromEntries(snapshotRows(d).map((r) => [r.id, r])),
      previousTargets: d.previousTargets.map((t) => ({
        description: t.description,
        successCriteria: t.successCriteria,
        owner: t.owner,
        dueBy: t.dueBy,
      })),
      progressOptions: options(PROGRESS_TEXT),
      outcomeOptions: options(OUTCOME_TEXT),
    },
    errors ? 422 : 200,
  )
}

/** The 409 page for a section: what the user typed is shown back to them. */
async function showSectionConflict(
  request: FastifyRequest,
  reply: FastifyReply,
  d: PepDetail,
  section: Section,
  entered: Row[],
) {
  const heading = pepHeading(d)
  return showConflict(request, reply, heading, {
    title: `Someone else saved this ${heading.pep.kindLabel} while you were editing`,
    notSaved: `Your changes to “${section.title}” have not been saved.`,
    entered,
    latest: `${heading.url}/edit/${section.slug}`,
    latestText: 'Open the latest version of this section',
  })
}

/** `/pupils/:id/peps/:pepId/edit/:section`: one section of the PEP form, saved on its own ("save and come back"). */
export async function pepSectionRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/peps/:pepId/edit/:section',
    { preHandler: [requireSignIn, requirePermission('pep:write')] },
    async (request, reply) => {
      const d = await pepOfUrl(request)
      if (!editability(d).editable) return reply.redirect(pepHeading(d).url)
      const section = sectionOf(d, request.params.section)
      return showSection(request, reply, d, section, heldValues(section, d), d.pep.version)
    },
  )

  app.post<Route>(
    '/pupils/:id/peps/:pepId/edit/:section',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pep:write')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      // First, so that a PEP out of scope is a 404 whatever was sent.
      const d = await pepOfUrl(request)
      const section = sectionOf(d, request.params.section)
      const body = (request.body ?? {}) as FormBody
      const version = versionSent(body)
      const { input, values, problems, entered } = readSection(section, body, d)
      if (!problems.has()) {
        try {
          await updatePep(ctx, request.actor!, d.pupil.id, d.pep.id, version, input)
          setFlash(request, `Saved: ${section.title}`)
          return reply.redirect(`${pepHeading(d).url}/edit`)
        } catch (error) {
          if (error instanceof ConflictError) return showSectionConflict(request, reply, d, section, entered)
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      const errors = linkedErrors(problems, sectionsFor(factsOf(d)), pepHeading(d).url, section.slug)
      return showSection(request, reply, d, section, values, version, errors)
    },
  )
}
