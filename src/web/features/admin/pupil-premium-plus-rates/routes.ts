import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { parsePounds } from '../../../../domain/funding/money.js'
import { RuleBrokenError } from '../../../../services/errors.js'
import { listRates, setRate } from '../../../../services/funding-rates.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../forms.js'
import { renderPage, setFlash } from '../../../render.js'

type Values = { financialYear: string; amount: string; source: string }

const URL = '/admin/pupil-premium-plus-rates'
const FIELD_IDS = { pence: 'amount' }

async function showPage(request: FastifyRequest, reply: FastifyReply, values?: Values, errors?: ErrorList) {
  const rates = await listRates(request.server.harbour.ctx, request.actor!)
  return renderPage(
    request,
    reply,
    'admin/pupil-premium-plus-rates/view.njk',
    {
      title: 'Pupil premium plus rates',
      years: rates.years.map((y) => ({
        label: y.label,
        text: y.text,
        source: y.rate.kind === 'set' ? y.rate.source : '',
        current: y.financialYear === rates.currentFinancialYear,
      })),
      values: values ?? { financialYear: String(rates.nextYearToSet), amount: '', source: '' },
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function adminRatesRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    URL,
    { preHandler: [requireSignIn, requirePermission('funding:rate:manage')] },
    async (request, reply) => showPage(request, reply),
  )

  app.post(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('funding:rate:manage')] },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const values: Values = {
        financialYear: text(body, 'financialYear'),
        amount: text(body, 'amount'),
        source: text(body, 'source'),
      }
      const problems = new FormProblems(FIELD_IDS)
      const financialYear = /^\d{4}$/.test(values.financialYear) ? Number(values.financialYear) : null
      if (financialYear === null)
        problems.add('financialYear', 'Enter the year the financial year starts in, like 2026 for 2026-27')
      const pence = values.amount === '' ? null : parsePounds(values.amount)
      if (pence === null) problems.add('pence', 'Enter the rate in pounds, like £2,630')
      if (!problems.has()) {
        try {
          const rate = await setRate(request.server.harbour.ctx, request.actor!, {
            financialYear: financialYear!,
            pence: pence!,
            source: values.source,
          })
          setFlash(request, `The pupil premium plus rate for ${rate.label} is set at ${rate.text}`)
          return reply.redirect(URL)
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      } else if (!values.source) {
        problems.add('source', 'Enter where the rate comes from, like the DfE conditions of grant')
      }
      return showPage(request, reply, values, problems.list())
    },
  )
}
