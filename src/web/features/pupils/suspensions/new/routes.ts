import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../../../domain/calendar/dates.js'
import { reasonCodesOn } from '../../../../../domain/exclusions/reason-codes.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import { previewSuspension } from '../../../../../services/suspensions.service.js'
import type { ErrorList } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import { bodyOf, checkOrCollect, pupilNameOf, suspensionsOfUrl, type PupilParams } from '../shared.js'
import {
  blankValues,
  DAY6_EXCEPTIONS,
  readSuspensionForm,
  valuesOf,
  type SuspensionFormValues,
} from './form.js'

type Route = { Params: PupilParams }

export const newSuspensionUrl = (pupilId: string) => `/pupils/${pupilId}/suspensions/new`

export function showSuspensionForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  values: SuspensionFormValues,
  errors?: ErrorList,
) {
  const e = errors?.byField ?? {}
  const hasError = (prefix: string) => Object.keys(e).some((k) => k.startsWith(prefix))
  const vs = values.vsDate.day || values.vsWith || values.vsAdvice
  const parents = values.parentDate.day || values.parentWith
  const today = todayInLondon(request.server.harbour.ctx.now())
  const fromAtRisk = page.atRisk.open?.vsConsultation ?? page.atRisk.open?.parentConversation ?? null
  return renderPage(
    request,
    reply,
    'pupils/suspensions/new/view.njk',
    {
      title: `Record a suspension: ${pupilNameOf(page.pupil)}`,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      values,
      reasonChoices: reasonCodesOn(today).map((r) => ({ value: r.code, text: r.description })),
      day6Choices: DAY6_EXCEPTIONS,
      // PD-7: the conversation the pupil's status requires comes first; shown too when already filled in.
      showVs: page.status.cla || !!vs || hasError('vsConsultation'),
      showParents: page.status.pla || !!parents || hasError('parentConversation'),
      required: page.atRisk.gate.required,
      atRiskOpenedOn: fromAtRisk ? page.atRisk.open!.openedOn : null,
      calendarSet: page.calendarSet,
      errors,
    },
    errors ? 422 : 200,
  )
}

/** `/pupils/:id/suspensions/new` (issue 6 item 3): the form; a valid one goes on to "Check your answers". */
export async function newSuspensionRoutes(app: FastifyInstance): Promise<void> {
  const RECORD = requirePermission('suspension:record')

  app.get<Route>(
    '/pupils/:id/suspensions/new',
    { preHandler: [requireSignIn, RECORD] },
    async (request, reply) => {
      const page = await suspensionsOfUrl(request)
      const draft = request.session.get('suspensionDraft')
      const values = draft?.pupilId === page.pupil.id ? draft.values : blankValues(page)
      return showSuspensionForm(request, reply, page, values)
    },
  )

  app.post<Route>(
    '/pupils/:id/suspensions/new',
    { preHandler: [requireSignIn, app.csrfProtection, RECORD] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const values = valuesOf(bodyOf(request))
      const { input, problems, rewrite } = readSuspensionForm(values)
      // The same checks as recording, so that "Check your answers" shows only what can be recorded.
      const checked = await checkOrCollect(
        problems,
        () => previewSuspension(ctx, request.actor!, request.params.id, input),
        rewrite,
      )
      if (checked && !problems.has()) {
        request.session.set('suspensionDraft', { pupilId: request.params.id, values })
        return reply.redirect(`${newSuspensionUrl(request.params.id)}/check`)
      }
      const page = await suspensionsOfUrl(request)
      return showSuspensionForm(request, reply, page, values, problems.list())
    },
  )
}
