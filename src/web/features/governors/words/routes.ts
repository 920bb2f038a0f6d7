import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NARRATIVE_MAX_LENGTH } from '../../../../domain/reports/written-report.js'
import { saveGovernorsReportWords } from '../../../../services/governors-report.service.js'
import { ConflictError, RuleBrokenError } from '../../../../services/errors.js'
import { governorsReport } from '../../../../services/reports.service.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../forms.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import { schoolYearLabel } from '../measures.js'
import { reportUrl, yearAsked, yearQuery, yearSent } from '../report-page.js'

type Route = { Params: { urn: string } }
type Words = { narrative: string; priorities: string }

async function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  schoolYear: number,
  entered?: { words: Words; version: number; errors: ErrorList },
) {
  const ctx = request.server.harbour.ctx
  const { school, written } = await governorsReport(ctx, request.actor!, request.params.urn, schoolYear)
  // An archived report is read, not edited: its page says so.
  if (written.status === 'archived') return reply.redirect(reportUrl(school.urn, schoolYear))
  return renderPage(
    request,
    reply,
    'governors/words/view.njk',
    {
      title: `Write the report to governors, ${schoolYearLabel(schoolYear)}`,
      school,
      schoolYear,
      schoolYearLabel: schoolYearLabel(schoolYear),
      back: reportUrl(school.urn, schoolYear),
      action: `/governors/${school.urn}/words`,
      shared: written.status === 'shared',
      words: entered?.words ?? { narrative: written.narrative ?? '', priorities: written.priorities ?? '' },
      version: entered?.version ?? written.version,
      maxLength: NARRATIVE_MAX_LENGTH,
      errors: entered?.errors,
    },
    entered ? 422 : 200,
  )
}

/**
 * `/governors/:urn/words`: the designated teacher writes the report's narrative and the priorities for next
 * year (POL-27), as a draft or, once shared, to correct what governors read; not once archived.
 */
export async function governorsWordsRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/governors/:urn/words',
    { preHandler: [requireSignIn, requirePermission('report:write')] },
    async (request, reply) => {
      const { schoolYear } = yearQuery.parse(request.query ?? {})
      return showForm(request, reply, yearAsked(request, schoolYear))
    },
  )

  app.post<Route>(
    '/governors/:urn/words',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('report:write')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const body = (request.body ?? {}) as FormBody
      const schoolYear = yearSent(request, body)
      const version = Number(text(body, 'version')) || 0
      // Not `text()`: the words keep their own line breaks and spacing until the service tidies them.
      const raw = (name: string) => (typeof body[name] === 'string' ? body[name] : '')
      const words = { narrative: raw('narrative'), priorities: raw('priorities') }
      const target = { urn: request.params.urn, schoolYear, version }
      try {
        await saveGovernorsReportWords(ctx, request.actor!, target, words)
      } catch (error) {
        if (error instanceof ConflictError)
          return renderPage(
            request,
            reply,
            'governors/conflict.njk',
            {
              title: 'Someone else changed this report while you were writing',
              notSaved: 'Your changes to the report have not been saved.',
              entered: [
                { key: 'The report', value: words.narrative },
                { key: 'Priorities for next year', value: words.priorities },
              ].filter((r) => r.value.trim()),
              latest: `/governors/${request.params.urn}/words?schoolYear=${schoolYear}`,
              latestText: 'Open the latest version of the report',
            },
            409,
          )
        if (!(error instanceof RuleBrokenError)) throw error
        return showForm(request, reply, schoolYear, {
          words,
          version,
          errors: toErrorList(error.errors, { status: 'narrative' }),
        })
      }
      setFlash(request, 'The report has been saved')
      return reply.redirect(reportUrl(request.params.urn, schoolYear))
    },
  )
}
