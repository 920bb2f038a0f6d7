import type { FastifyInstance } from 'fastify'
import { RuleBrokenError } from '../../../../services/errors.js'
import { pupilLedger } from '../../../../services/funding-ledger.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage } from '../../../render.js'
import { ledgerView, mayOn } from './present.js'

type Route = { Params: { id: string }; Querystring: { financialYear?: string } }

/** A year from the query, or the current one when there is none; a malformed one is the service's 422. */
export function yearFromQuery(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  return /^\d{4}$/.test(value) ? Number(value) : NaN
}

export async function pupilFundingRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/pupils/:id/funding',
    { preHandler: [requireSignIn, requirePermission('funding:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const { ctx } = request.server.harbour
      const year = yearFromQuery(request.query.financialYear)
      // A year Harbour cannot show (not a year, or far off) shows the current one instead.
      const ledger = await pupilLedger(ctx, actor, request.params.id, year).catch(async (error: unknown) => {
        if (year === undefined || !(error instanceof RuleBrokenError)) throw error
        return pupilLedger(ctx, actor, request.params.id)
      })
      const { pupil } = ledger
      return renderPage(request, reply, 'pupils/funding/view.njk', {
        title: `Pupil premium plus: ${pupil.givenName} ${pupil.familyName}`,
        pupil,
        financialYear: ledger.financialYear,
        ledger: ledgerView(ledger),
        may: mayOn(actor, ledger),
      })
    },
  )
}
