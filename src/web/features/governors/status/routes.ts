import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  archiveGovernorsReport,
  shareGovernorsReport,
} from '../../../../services/governors-report.service.js'
import { ConflictError, RuleBrokenError } from '../../../../services/errors.js'
import { text, toErrorList, type FormBody } from '../../../forms.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import { reportUrl, showReport, yearSent } from '../report-page.js'

type Route = { Params: { urn: string } }
type Change = typeof shareGovernorsReport

/** A problem with sharing is about the words: it links to where they are written. */
const wordsField = (urn: string, schoolYear: number) => `/governors/${urn}/words?schoolYear=${schoolYear}`

function changeRoute(change: Change, done: string) {
  return async (request: FastifyRequest<Route>, reply: FastifyReply) => {
    const ctx = request.server.harbour.ctx
    const body = (request.body ?? {}) as FormBody
    const schoolYear = yearSent(request, body)
    const { urn } = request.params
    const target = { urn, schoolYear, version: Number(text(body, 'version')) || 0 }
    try {
      await change(ctx, request.actor!, target)
    } catch (error) {
      if (error instanceof ConflictError)
        return renderPage(
          request,
          reply,
          'governors/conflict.njk',
          {
            title: 'Someone else changed this report after you opened it',
            notSaved: 'Nothing has been changed.',
            entered: [],
            latest: reportUrl(urn, schoolYear),
            latestText: 'Open the latest version of the report',
          },
          409,
        )
      if (!(error instanceof RuleBrokenError)) throw error
      const words = wordsField(urn, schoolYear)
      const errors = toErrorList(error.errors)
      errors.summary = error.errors.map((e) => ({
        text: e.message,
        href: e.path === 'status' ? '#report-status' : `${words}#${e.path}`,
      }))
      return showReport(request, reply, urn, schoolYear, { chooseSchool: true, errors })
    }
    setFlash(request, done)
    return reply.redirect(reportUrl(urn, schoolYear))
  }
}

/**
 * `/governors/:urn/share` and `/governors/:urn/archive`: the report's life for a school year (POL-27):
 * a draft is shared with governors, who then read the designated teacher's words; a shared report is
 * archived, and stays readable.
 */
export async function governorsStatusRoutes(app: FastifyInstance): Promise<void> {
  const preHandler = [requireSignIn, app.csrfProtection, requirePermission('report:write')]
  app.post<Route>(
    '/governors/:urn/share',
    { preHandler },
    changeRoute(shareGovernorsReport, 'The report has been shared with governors'),
  )
  app.post<Route>(
    '/governors/:urn/archive',
    { preHandler },
    changeRoute(archiveGovernorsReport, 'The report has been archived'),
  )
}
