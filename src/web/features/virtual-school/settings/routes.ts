import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ConflictError, RuleBrokenError } from '../../../../services/errors.js'
import {
  getVirtualSchoolSettings,
  saveVirtualSchoolSettings,
  type VirtualSchoolSettings,
} from '../../../../services/virtual-school-settings.service.js'
import { toErrorList, type ErrorList, type FormBody } from '../../../forms.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import { FIELD_IDS, readSettingsForm, valuesOf, type SettingsFormValues } from './form.js'
import { CADENCES, CLOCKS, MINIMUM_AGES, monthItems, scheduleRows, suspensionRows } from './present.js'

const URL = '/virtual-school/settings'

async function showPage(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: VirtualSchoolSettings,
  values: SettingsFormValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'virtual-school/settings/view.njk',
    {
      title: 'Virtual School settings',
      settings,
      values,
      errors,
      cadences: CADENCES.map((c) => ({
        value: c.value,
        text: c.text,
        hint: { text: c.hint },
        checked: values.cadence === c.value,
      })),
      clocks: CLOCKS.map((c) => ({ ...c, checked: values.changeReviewClock === c.value })),
      ages: MINIMUM_AGES.map((a) => ({ ...a, checked: values.minimumAge === a.value })),
      months: monthItems(values.customDueMonths),
      scheduleRows: scheduleRows(settings.schedule),
      suspensionRows: suspensionRows(settings.claDayOneProvision),
    },
    errors ? 422 : 200,
  )
}

/**
 * `/virtual-school/settings` (issue 4 items 1 and 3): the Virtual School head sets their own LA's PEP
 * schedule (PD-1, PD-4, PEP-7, PEP-9), quality rubric and day-one expectation for suspensions (PD-7, EX-8); an
 * adviser reads them. Always the actor's own LA.
 */
export async function virtualSchoolSettingsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    URL,
    { preHandler: [requireSignIn, requirePermission('virtual_school:read')] },
    async (request, reply) => {
      const settings = await getVirtualSchoolSettings(request.server.harbour.ctx, request.actor!)
      return showPage(request, reply, settings, valuesOf(settings))
    },
  )

  app.post(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('virtual_school:configure')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const settings = await getVirtualSchoolSettings(ctx, actor)
      const { values, input, version } = readSettingsForm((request.body ?? {}) as FormBody)
      let saved
      try {
        saved = await saveVirtualSchoolSettings(ctx, actor, settings.laCode, input, version)
      } catch (error) {
        if (error instanceof RuleBrokenError)
          return showPage(request, reply, settings, values, toErrorList(error.errors, FIELD_IDS))
        if (!(error instanceof ConflictError)) throw error
        // Someone else saved first: nothing of theirs is overwritten, and the way back shows what they saved.
        return renderPage(
          request,
          reply,
          'errors/conflict.njk',
          { title: 'Someone else changed these settings', back: URL },
          409,
        )
      }
      setFlash(
        request,
        saved.changes.length ? 'Your settings have been saved' : 'You did not change anything',
      )
      return reply.redirect(URL, 303)
    },
  )
}
