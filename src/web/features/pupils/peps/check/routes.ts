import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ConflictError, RuleBrokenError } from '../../../../../services/errors.js'
import { submitPep, type PepDetail } from '../../../../../services/peps.service.js'
import { FormProblems, type ErrorList, type FormBody } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { editability } from '../editable.js'
import { linkedErrors } from '../error-links.js'
import { pepOfUrl, showConflict, versionSent, type PepParams } from '../pep-request.js'
import { factsOf, pepHeading, snapshotRows, summaryOf } from '../present.js'
import { sectionsFor } from '../sections.js'

type Route = { Params: PepParams }

/** Sent to the Virtual School, or (a PLA support plan without the parents' consent) kept by the school. */
const goesToVirtualSchool = (d: PepDetail) => d.pep.kind === 'pep' || d.pep.parentsConsentToVs

async function showCheck(request: FastifyRequest, reply: FastifyReply, d: PepDetail, errors?: ErrorList) {
  const heading = pepHeading(d)
  return renderPage(
    request,
    reply,
    'pupils/peps/check/view.njk',
    {
      title: `Check your answers: ${heading.pep.kindLabel} for ${d.pupil.givenName} ${d.pupil.familyName}`,
      ...heading,
      summary: summaryOf(d),
      recorded: snapshotRows(d),
      changeBase: `${heading.url}/edit`,
      toVirtualSchool: goesToVirtualSchool(d),
      errors,
    },
    errors ? 422 : 200,
  )
}

/** `/pupils/:id/peps/:pepId/check`: "Check your answers", then submit (pep:submit). */
export async function checkPepRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/peps/:pepId/check',
    { preHandler: [requireSignIn, requirePermission('pep:submit')] },
    async (request, reply) => {
      const d = await pepOfUrl(request)
      if (!editability(d).editable) return reply.redirect(pepHeading(d).url)
      return showCheck(request, reply, d)
    },
  )

  app.post<Route>(
    '/pupils/:id/peps/:pepId/check',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pep:submit')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const d = await pepOfUrl(request)
      const heading = pepHeading(d)
      const version = versionSent((request.body ?? {}) as FormBody)
      try {
        const submitted = await submitPep(ctx, request.actor!, d.pupil.id, d.pep.id, version)
        setFlash(
          request,
          submitted.status === 'approved'
            ? `${heading.pep.kindLabel} completed. It is kept by the school.`
            : `${heading.pep.kindLabel} submitted to the Virtual School`,
        )
        return reply.redirect(heading.url)
      } catch (error) {
        if (error instanceof ConflictError)
          return showConflict(request, reply, heading, {
            title: `Someone else saved this ${heading.pep.kindLabel} while you were checking it`,
            notSaved: `This ${heading.pep.kindLabel} has not been submitted.`,
            entered: [],
            latest: `${heading.url}/check`,
            latestText: 'Check the latest version',
          })
        if (!(error instanceof RuleBrokenError)) throw error
        const problems = new FormProblems()
        problems.addAll(error.errors)
        return showCheck(
          request,
          reply,
          d,
          linkedErrors(problems, sectionsFor(factsOf(d)), heading.url, null),
        )
      }
    },
  )
}
