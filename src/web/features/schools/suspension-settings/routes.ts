import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RuleBrokenError } from '../../../../services/errors.js'
import {
  getSuspensionSettings,
  MAX_RISK_ASSESSMENT_FROM,
  saveSuspensionSettings,
} from '../../../../services/suspension-settings.service.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../forms.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'

type Route = { Params: { urn: string } }
type Values = {
  representationsTo: string
  governingBoardEmail: string
  localAuthorityExclusionsEmail: string
  riskAssessmentFromSuspension: string
}

function show(
  request: FastifyRequest,
  reply: FastifyReply,
  school: { urn: string; name: string },
  version: number,
  values: Values,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'schools/suspension-settings/view.njk',
    {
      title: `Suspension settings: ${school.name}`,
      school,
      version,
      values,
      max: MAX_RISK_ASSESSMENT_FROM,
      errors,
    },
    errors ? 422 : 200,
  )
}

/**
 * `/schools/:urn/suspension-settings`: where the suspension letters send representations and notices (EX-9),
 * and from which suspension a risk assessment is due (PD-7). The headteacher's or an administrator's.
 */
export async function suspensionSettingsRoutes(app: FastifyInstance): Promise<void> {
  const CONFIGURE = requirePermission('suspension:configure')
  const URL = '/schools/:urn/suspension-settings'

  app.get<Route>(URL, { preHandler: [requireSignIn, CONFIGURE] }, async (request, reply) => {
    const { school, version, settings } = await getSuspensionSettings(
      request.server.harbour.ctx,
      request.actor!,
      request.params.urn,
    )
    return show(request, reply, school, version, {
      representationsTo: settings.representationsTo ?? '',
      governingBoardEmail: settings.governingBoardEmail ?? '',
      localAuthorityExclusionsEmail: settings.localAuthorityExclusionsEmail ?? '',
      riskAssessmentFromSuspension: String(settings.riskAssessmentFromSuspension),
    })
  })

  app.post<Route>(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, CONFIGURE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = (request.body ?? {}) as FormBody
      const values: Values = {
        representationsTo: text(body, 'representationsTo'),
        governingBoardEmail: text(body, 'governingBoardEmail'),
        localAuthorityExclusionsEmail: text(body, 'localAuthorityExclusionsEmail'),
        riskAssessmentFromSuspension: text(body, 'riskAssessmentFromSuspension'),
      }
      const version = Number(text(body, 'version')) || 0
      const from = /^\d+$/.test(values.riskAssessmentFromSuspension)
        ? Number(values.riskAssessmentFromSuspension)
        : NaN
      try {
        await saveSuspensionSettings(ctx, request.actor!, request.params.urn, version, {
          representationsTo: values.representationsTo,
          governingBoardEmail: values.governingBoardEmail,
          localAuthorityExclusionsEmail: values.localAuthorityExclusionsEmail,
          riskAssessmentFromSuspension: from,
        })
        setFlash(request, 'Suspension settings saved')
        return reply.redirect(`/schools/${request.params.urn}/suspension-settings`)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        const problems = new FormProblems()
        problems.addAll(error.errors)
        const current = await getSuspensionSettings(ctx, request.actor!, request.params.urn)
        return show(request, reply, current.school, version, values, problems.list())
      }
    },
  )
}
