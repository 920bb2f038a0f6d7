import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { transition } from '../../../../../domain/pep/workflow.js'
import { ConflictError, RuleBrokenError } from '../../../../../services/errors.js'
import { decidePep, type PepDetail } from '../../../../../services/peps.service.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { tooLong } from '../fields.js'
import { pepOfUrl, showConflict, versionSent, type PepParams } from '../pep-request.js'
import { pepHeading, ratingTag, snapshotRows, summaryOf, type Row } from '../present.js'

type Route = { Params: PepParams }
type Values = { rating: string; notes: string; feedback: string }

const MAX_TEXT = 5000
// `action` missing means neither button was used: point at the rating. `status` is shown at the top of the page.
const FIELD_IDS = { action: 'rating', status: 'pep-status' }

async function showDecision(
  request: FastifyRequest,
  reply: FastifyReply,
  d: PepDetail,
  values: Values,
  errors?: ErrorList,
) {
  const heading = pepHeading(d)
  const allowed = transition(d.pep.status, 'approve', d.pep)
  return renderPage(
    request,
    reply,
    'pupils/peps/decision/view.njk',
    {
      title: `Approve or return: ${heading.pep.kindLabel} for ${d.pupil.givenName} ${d.pupil.familyName}`,
      ...heading,
      summary: summaryOf(d),
      recorded: snapshotRows(d),
      changeBase: false,
      decidable: allowed.ok,
      notDecidable: allowed.ok ? null : allowed.reason,
      rubric: d.rubric,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

/** Reads the decision: approve with a rating from the rubric (and notes), or return with feedback. */
function readDecision(body: FormBody) {
  const problems = new FormProblems(FIELD_IDS)
  const action = text(body, 'action')
  const values: Values = {
    rating: text(body, 'rating'),
    notes: text(body, 'notes'),
    feedback: text(body, 'feedback'),
  }
  if (action !== 'approve' && action !== 'return')
    problems.add('action', 'Choose a quality rating and approve the PEP, or give feedback and return it')
  if (values.notes.length > MAX_TEXT) problems.add('notes', tooLong('Notes', MAX_TEXT))
  if (values.feedback.length > MAX_TEXT) problems.add('feedback', tooLong('Feedback', MAX_TEXT))
  if (action === 'approve' && !values.rating) problems.add('rating', 'Choose a quality rating')
  const entered: Row[] =
    action === 'return'
      ? [{ key: 'Feedback', value: values.feedback || 'Not given' }]
      : [
          { key: 'Quality rating', value: values.rating || 'Not chosen' },
          { key: 'Notes', value: values.notes || 'Not given' },
        ]
  return { action, values, problems, entered }
}

/** `/pupils/:id/peps/:pepId/decision`: the Virtual School approves a submitted PEP with a rating, or returns it. */
export async function decidePepRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/peps/:pepId/decision',
    { preHandler: [requireSignIn, requirePermission('pep:approve')] },
    async (request, reply) => {
      const d = await pepOfUrl(request)
      return showDecision(request, reply, d, { rating: '', notes: '', feedback: '' })
    },
  )

  app.post<Route>(
    '/pupils/:id/peps/:pepId/decision',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pep:approve')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      // First, so that a PEP out of scope is a 404 whatever was sent.
      const d = await pepOfUrl(request)
      const heading = pepHeading(d)
      const body = (request.body ?? {}) as FormBody
      const version = versionSent(body)
      const { action, values, problems, entered } = readDecision(body)
      if (!problems.has()) {
        try {
          await decidePep(
            ctx,
            request.actor!,
            d.pupil.id,
            d.pep.id,
            version,
            action === 'return'
              ? { action: 'return', feedback: values.feedback }
              : { action: 'approve', rating: values.rating, notes: values.notes || undefined },
          )
          setFlash(
            request,
            action === 'return'
              ? `${heading.pep.kindLabel} returned to the school with your feedback`
              : `${heading.pep.kindLabel} approved. Quality rating: ${ratingTag(values.rating, d.rubric)!.text}`,
          )
          return reply.redirect(heading.url)
        } catch (error) {
          if (error instanceof ConflictError)
            return showConflict(request, reply, heading, {
              title: `Someone else changed this ${heading.pep.kindLabel} while you were reading it`,
              notSaved: 'Your decision has not been saved.',
              entered,
              latest: `${heading.url}/decision`,
              latestText: 'Open the latest version',
            })
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showDecision(request, reply, d, values, problems.list())
    },
  )
}
