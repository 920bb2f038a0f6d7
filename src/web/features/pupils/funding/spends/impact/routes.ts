import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SPEND_CATEGORY_LABELS, type SpendCategory } from '../../../../../../domain/funding/categories.js'
import { RuleBrokenError } from '../../../../../../services/errors.js'
import { addImpact, getSpend } from '../../../../../../services/funding-impact.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../../../forms.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { ledgerUrl, money } from '../../present.js'

type Route = { Params: { id: string; spendId: string } }
type Loaded = Awaited<ReturnType<typeof getSpend>>

async function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  { pupil, spend, target }: Loaded,
  values: { impact: string; version: string },
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/funding/spends/impact/view.njk',
    {
      title: 'Record the impact of spending',
      pupil,
      spend: {
        id: spend.id,
        spentOn: spend.spentOn,
        amount: money(spend.amountPence),
        description: spend.description,
        category: SPEND_CATEGORY_LABELS[spend.category as SpendCategory] ?? spend.category,
        target: target?.description ?? 'A target no longer in a plan',
      },
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function spendImpactRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/funding/spends/:spendId/impact'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('funding:spend')] },
    async (request, reply) => {
      const { id, spendId } = request.params
      const loaded = await getSpend(request.server.harbour.ctx, request.actor!, id, spendId)
      return showForm(request, reply, loaded, {
        impact: loaded.spend.impact ?? '',
        version: String(loaded.spend.version),
      })
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('funding:spend')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const { id, spendId } = request.params
      const loaded = await getSpend(ctx, actor, id, spendId)
      const body = (request.body ?? {}) as FormBody
      const values = { impact: text(body, 'impact'), version: text(body, 'version') }
      const problems = new FormProblems()
      try {
        // A missing or altered version is stale: the 409 page, never someone else's change overwritten.
        await addImpact(ctx, actor, id, spendId, {
          impact: values.impact,
          version: /^\d+$/.test(values.version) ? Number(values.version) : -1,
        })
        setFlash(request, `Impact recorded for ${loaded.spend.description}`)
        return reply.redirect(ledgerUrl(id, loaded.spend.financialYear))
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        problems.addAll(error.errors)
      }
      return showForm(request, reply, loaded, values, problems.list())
    },
  )
}
