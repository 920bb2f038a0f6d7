import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '../../../../../../domain/access/scope.js'
import { financialYearOf } from '../../../../../../domain/calendar/dates.js'
import { financialYearLabel } from '../../../../../../domain/funding/financial-year.js'
import { FUNDING_SOURCE_LABELS } from '../../../../../../domain/funding/sources.js'
import { ForbiddenError, RuleBrokenError } from '../../../../../../services/errors.js'
import { pupilLedger, type PupilFunding } from '../../../../../../services/funding-ledger.service.js'
import { recordAllocation } from '../../../../../../services/funding.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { FormProblems, text, type ErrorList, type FormBody } from '../../../../../forms.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { FUNDING_FIELD_IDS, readAmount } from '../../funding-form.js'
import { allocatableSources, asPounds, ledgerUrl, money } from '../../present.js'
import { yearFromQuery } from '../../routes.js'

type Route = { Params: { id: string }; Querystring: { financialYear?: string } }
type Values = { financialYear: string; amount: string; note: string }

/**
 * The child's ledger, and the money the actor's side may allocate. The other side's money is 403
 * before the form is read (PP-5: CLA PP+ is the Virtual School's; PLA PP+ and pupil premium the school's).
 */
async function load(request: FastifyRequest<Route>, actor: Actor) {
  const ledger = await pupilLedger(request.server.harbour.ctx, actor, request.params.id)
  const sources = allocatableSources(actor, ledger)
  if (sources.length === 0 && ledger.eligibleSources.length > 0) throw new ForbiddenError('funding:allocate')
  return { ledger, source: sources[0] ?? null }
}

/** Last year (to catch up), this year, and next (before April). */
const yearChoices = (ledger: PupilFunding) => {
  const current = financialYearOf(ledger.today)
  return [current + 1, current, current - 1].map((y) => ({ value: String(y), text: financialYearLabel(y) }))
}

async function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  loaded: Awaited<ReturnType<typeof load>>,
  values: Values,
  errors?: ErrorList,
) {
  const { ledger, source } = loaded
  return renderPage(
    request,
    reply,
    'pupils/funding/allocations/new/view.njk',
    {
      title: 'Record an allocation',
      pupil: ledger.pupil,
      sourceLabel: source ? FUNDING_SOURCE_LABELS[source] : null,
      years: yearChoices(ledger).map((y) => ({ ...y, checked: y.value === values.financialYear })),
      rateText: ledger.rateText,
      yearLabel: ledger.yearLabel,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function newAllocationRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/funding/allocations/new'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('funding:allocate')] },
    async (request, reply) => {
      const loaded = await load(request, request.actor!)
      const asked = yearFromQuery(request.query.financialYear)
      const year = asked && !Number.isNaN(asked) ? asked : loaded.ledger.financialYear
      const rate = loaded.ledger.rate
      // The year's rate as a starting point, when it is set and the year is this one (PD-9: never a guess).
      const amount = rate.kind === 'set' && year === loaded.ledger.financialYear ? asPounds(rate.pence) : ''
      return showForm(request, reply, loaded, { financialYear: String(year), amount, note: '' })
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('funding:allocate')] },
    async (request, reply) => {
      const actor = request.actor!
      const loaded = await load(request, actor)
      const body = (request.body ?? {}) as FormBody
      const values: Values = {
        financialYear: text(body, 'financialYear'),
        amount: text(body, 'amount'),
        note: text(body, 'note'),
      }
      const problems = new FormProblems({ ...FUNDING_FIELD_IDS, source: 'financialYear' })
      const financialYear = /^\d{4}$/.test(values.financialYear) ? Number(values.financialYear) : null
      if (financialYear === null) problems.add('financialYear', 'Choose the financial year')
      const amountPence = readAmount(body, problems, 'allocated')
      if (financialYear !== null && amountPence !== null && loaded.source) {
        try {
          const row = await recordAllocation(request.server.harbour.ctx, actor, loaded.ledger.pupil.id, {
            financialYear,
            source: loaded.source,
            amountPence,
            note: values.note,
          })
          setFlash(
            request,
            `${money(row.amountPence)} allocated for ${financialYearLabel(row.financialYear)}`,
          )
          return reply.redirect(ledgerUrl(loaded.ledger.pupil.id, row.financialYear))
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      if (!loaded.source)
        problems.add('source', 'This child cannot get pupil premium plus or pupil premium now')
      return showForm(request, reply, loaded, values, problems.list())
    },
  )
}
