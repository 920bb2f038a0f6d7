import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RuleBrokenError } from '../../../../../services/errors.js'
import {
  getRetentionSettings,
  updateRetentionSettings,
  type RetentionSettingsInput,
} from '../../../../../services/retention.service.js'
import { text, toErrorList, type ErrorList, type FormBody } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'

type Settings = Awaited<ReturnType<typeof getRetentionSettings>>
/** What the form shows: what was typed, as typed. */
type Values = { careRecordsUntilAge: string; schedules: Record<string, string> }

const scheduleField = (urn: string) => `schedule-${urn}`

function valuesOf(settings: Settings): Values {
  return {
    careRecordsUntilAge: String(settings.careRecordsUntilAge),
    schedules: Object.fromEntries(
      settings.schools.map((s) => [s.urn, s.yearsAfterLeaving === null ? '' : String(s.yearsAfterLeaving)]),
    ),
  }
}

// A whole number as typed; anything else goes to the service as NaN, which it refuses with its message.
const wholeNumber = (typed: string) => (/^\d{1,3}$/.test(typed) ? Number(typed) : Number.NaN)

/** Reads the form: an empty schedule means "no schedule"; the age only from those who may change it. */
function readForm(body: FormBody, settings: Settings): { values: Values; input: RetentionSettingsInput } {
  // What is not in the form stays as it is, on the page and in the settings.
  const values = valuesOf(settings)
  const input: RetentionSettingsInput = { schedules: {} }
  if (settings.mayChangeCareAge && body.careRecordsUntilAge !== undefined) {
    values.careRecordsUntilAge = text(body, 'careRecordsUntilAge')
    input.careRecordsUntilAge = wholeNumber(values.careRecordsUntilAge)
  }
  for (const school of settings.schools) {
    // A school missing from the form (added since it was opened) keeps its schedule; an empty field, none.
    if (body[scheduleField(school.urn)] === undefined) continue
    const typed = text(body, scheduleField(school.urn))
    values.schedules[school.urn] = typed
    input.schedules[school.urn] = typed === '' ? null : wholeNumber(typed)
  }
  return { values, input }
}

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: Settings,
  values: Values,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'admin/retention/settings/view.njk',
    { title: 'How long records are kept', settings, values, errors },
    errors ? 422 : 200,
  )
}

/** DOMAIN.md PD-13: the age to which CLA and CSW records are kept, and each school's retention schedule. */
export async function adminRetentionSettingsRoutes(app: FastifyInstance): Promise<void> {
  const url = '/admin/retention/settings'

  app.get(
    url,
    { preHandler: [requireSignIn, requirePermission('retention:manage')] },
    async (request, reply) => {
      const settings = await getRetentionSettings(request.server.harbour.ctx, request.actor!)
      return showForm(request, reply, settings, valuesOf(settings))
    },
  )

  app.post(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('retention:manage')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const settings = await getRetentionSettings(ctx, request.actor!)
      const { values, input } = readForm((request.body ?? {}) as FormBody, settings)
      try {
        await updateRetentionSettings(ctx, request.actor!, input)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        const ids = Object.fromEntries(
          settings.schools.map((s) => [`schedules.${s.urn}`, scheduleField(s.urn)]),
        )
        return showForm(request, reply, settings, values, toErrorList(error.errors, ids))
      }
      setFlash(request, 'How long records are kept has been saved')
      return reply.redirect('/admin/retention', 303)
    },
  )
}
