import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../../domain/calendar/dates.js'
import { spendCategoryOptions } from '../../../../../../domain/funding/categories.js'
import { pupilLedger, type PupilFunding } from '../../../../../../services/funding-ledger.service.js'
import { recordSpend } from '../../../../../../services/funding.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { FormProblems, text, type DateParts, type ErrorList, type FormBody } from '../../../../../forms.js'
import { renderPage, setFlash } from '../../../../../render.js'
import {
  FUNDING_FIELD_IDS,
  afterRefusal,
  NO_OVERRIDE,
  overrideReasonOf,
  readAmount,
  readOverride,
  type OverrideValues,
} from '../../funding-form.js'
import { ledgerUrl, money, targetChoices, targetMoney, targetRadios } from '../../present.js'

type Route = { Params: { id: string } }
type Values = {
  targetId: string
  spentOn: DateParts
  amount: string
  description: string
  category: string
  impact: string
  override: OverrideValues
}

const FIELD_IDS = {
  ...FUNDING_FIELD_IDS,
  date: 'spentOn-day',
  financialYear: 'spentOn-day',
  source: 'targetId',
}

function summaryOf(ledger: PupilFunding): string {
  const held = ledger.accounts.filter((a) => a.released > 0 || a.spent > 0)
  if (held.length === 0) return `The school holds no money for this child for ${ledger.yearLabel} yet.`
  return held
    .map(
      (a) =>
        `${a.label}, ${ledger.yearLabel}: the school holds ${money(a.released)}, has spent ${money(a.spent)} ` +
        `and has ${money(a.available)} available.`,
    )
    .join(' ')
}

async function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  ledger: PupilFunding,
  values: Values,
  errors?: ErrorList,
) {
  const hint = (id: string, requested: number) => {
    const { spent } = targetMoney(ledger, id)
    return `Asked for ${money(requested)}. Spent this year: ${money(spent)}.`
  }
  const plans = [...targetChoices(ledger, 'pep', hint), ...targetChoices(ledger, 'support_plan', hint)]
  return renderPage(
    request,
    reply,
    'pupils/funding/spends/new/view.njk',
    {
      title: 'Record spending',
      pupil: ledger.pupil,
      summary: summaryOf(ledger),
      targets: targetRadios(plans, values.targetId),
      categories: spendCategoryOptions().map((c) => ({ ...c, checked: c.value === values.category })),
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function newSpendRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/funding/spends/new'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('funding:spend')] },
    async (request, reply) => {
      const ledger = await pupilLedger(request.server.harbour.ctx, request.actor!, request.params.id)
      return showForm(request, reply, ledger, {
        targetId: '',
        spentOn: { day: '', month: '', year: '' },
        amount: '',
        description: '',
        category: '',
        impact: '',
        override: NO_OVERRIDE,
      })
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('funding:spend')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const ledger = await pupilLedger(ctx, actor, request.params.id)
      const body = (request.body ?? {}) as FormBody
      const problems = new FormProblems(FIELD_IDS)
      const date = problems.date(body, 'spentOn', 'date of the spending', true)
      const amountPence = readAmount(body, problems, 'spent')
      let values: Values = {
        targetId: text(body, 'targetId'),
        spentOn: date.parts,
        amount: text(body, 'amount'),
        description: text(body, 'description'),
        category: text(body, 'category'),
        impact: text(body, 'impact'),
        override: readOverride(body),
      }
      if (!problems.has()) {
        try {
          const row = await recordSpend(ctx, actor, ledger.pupil.id, {
            targetId: values.targetId || null,
            spentOn: date.value!,
            amountPence: amountPence!,
            description: values.description,
            category: values.category,
            impact: values.impact,
            overrideReason: overrideReasonOf(values.override),
          })
          setFlash(request, `Spending of ${money(row.amountPence)} on ${formatDate(row.spentOn)} recorded`)
          return reply.redirect(ledgerUrl(ledger.pupil.id, row.financialYear))
        } catch (error) {
          values = afterRefusal(problems, values, error)
        }
      } else {
        // The date or amount stops the service being asked: say what else is missing too.
        if (!values.description) problems.add('description', 'Enter what the money was spent on')
        if (!values.category) problems.add('category', 'Choose what kind of spending this is')
        if (!values.targetId) problems.add('targetId', 'Choose the target this money is for')
      }
      return showForm(request, reply, ledger, values, problems.list())
    },
  )
}
