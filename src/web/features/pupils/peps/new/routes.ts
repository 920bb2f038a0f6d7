import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { PepKind } from '../../../../../domain/pep/content.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import { pepStartingPoint } from '../../../../../services/pep-start.service.js'
import { createPep } from '../../../../../services/peps.service.js'
import {
  dateParts,
  FormProblems,
  text,
  type DateParts,
  type ErrorList,
  type FormBody,
} from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { readDate } from '../fields.js'
import { KIND_LABELS } from '../present.js'

type Route = { Params: { id: string } }
type Start = Awaited<ReturnType<typeof pepStartingPoint>>
type Values = { meetingDate: DateParts; kind: string }

const KIND_CHOICES = [
  { value: 'pep', text: 'A PEP', hint: 'For a child looked after by a local authority' },
  {
    value: 'pla_support_plan',
    text: 'A PLA support plan',
    hint: 'For a child who was previously looked after: adopted, or left care on a special guardianship or child arrangements order',
  },
]

/** Offer the kinds that fit the child today; a child who is neither (a PEP for a past meeting) may have either. */
function kindsFor(start: Start): PepKind[] {
  if (start.lookedAfter && !start.previouslyLookedAfter) return ['pep']
  if (start.previouslyLookedAfter && !start.lookedAfter) return ['pla_support_plan']
  return ['pep', 'pla_support_plan']
}

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  start: Start,
  values: Values,
  errors?: ErrorList,
) {
  const kinds = kindsFor(start)
  return renderPage(
    request,
    reply,
    'pupils/peps/new/view.njk',
    {
      title: kinds.length === 1 ? `Start a new ${KIND_LABELS[kinds[0]!]}` : 'Start a new PEP or support plan',
      heading:
        kinds.length === 1 ? `Start a new ${KIND_LABELS[kinds[0]!]}` : 'Start a new PEP or support plan',
      pupil: start.pupil,
      values,
      kinds: KIND_CHOICES.filter((k) => kinds.includes(k.value as PepKind)),
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function newPepRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/peps/new',
    { preHandler: [requireSignIn, requirePermission('pep:write')] },
    async (request, reply) => {
      const start = await pepStartingPoint(request.server.harbour.ctx, request.actor!, request.params.id)
      return showForm(request, reply, start, { meetingDate: dateParts(null), kind: kindsFor(start)[0]! })
    },
  )

  app.post<Route>(
    '/pupils/:id/peps/new',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pep:write')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      // First, so that a pupil out of scope is a 404 whatever was sent.
      const start = await pepStartingPoint(ctx, request.actor!, request.params.id)
      const body = (request.body ?? {}) as FormBody
      const problems = new FormProblems({ kind: 'kind' })
      const meeting = readDate(body, 'meetingDate', 'Date of the PEP meeting', true, problems)
      const kind = text(body, 'kind')
      if (kind !== 'pep' && kind !== 'pla_support_plan')
        problems.add('kind', 'Choose whether this is a PEP or a PLA support plan')
      if (!problems.has()) {
        try {
          const created = await createPep(ctx, request.actor!, start.pupil.id, {
            meetingDate: meeting.value!,
            kind: kind as PepKind,
          })
          setFlash(
            request,
            `${KIND_LABELS[kind as PepKind]} started. Fill in each section, then check and submit it.`,
          )
          return reply.redirect(`/pupils/${start.pupil.id}/peps/${created.id}/edit`)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, start, { meetingDate: meeting.parts, kind }, problems.list())
    },
  )
}
