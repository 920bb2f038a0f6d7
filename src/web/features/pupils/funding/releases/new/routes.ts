import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../../domain/calendar/dates.js'
import { financialYearLabel } from '../../../../../../domain/funding/financial-year.js'
import { pupilLedger, type PupilFunding } from '../../../../../../services/funding-ledger.service.js'
import { releaseFunding } from '../../../../../../services/funding.service.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import {
  dateParts,
  FormProblems,
  text,
  type DateParts,
  type ErrorList,
  type FormBody,
} from '../../../../../forms.js'
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
type Values = { targetId: string; amount: string; releasedOn: DateParts; override: OverrideValues }

const FIELD_IDS = { ...FUNDING_FIELD_IDS, date: 'releasedOn-day', financialYear: 'releasedOn-day' }

function summaryOf(ledger: PupilFunding): string {
  const account = ledger.accounts.find((a) => a.source === 'pp_plus_cla')
  if (!account || account.allocated === 0)
    return `No pupil premium plus has been allocated for ${ledger.yearLabel} yet.`
  return (
    `Allocated for ${ledger.yearLabel}: ${money(account.allocated)}. Released so far: ${money(account.released)}. ` +
    `Still to release: ${money(account.unreleased)}.`
  )
}

async function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  ledger: PupilFunding,
  values: Values,
  errors?: ErrorList,
) {
  const plans = targetChoices(ledger, 'pep', (id, requested) => {
    const { released } = targetMoney(ledger, id)
    return `Asked for ${money(requested)}. Released this year: ${money(released)}.`
  })
  return renderPage(
    request,
    reply,
    'pupils/funding/releases/new/view.njk',
    {
      title: 'Release money to the school',
      pupil: ledger.pupil,
      summary: summaryOf(ledger),
      targets: targetRadios(plans, values.targetId),
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

export async function newReleaseRoutes(app: FastifyInstance): Promise<void> {
  const url = '/pupils/:id/funding/releases/new'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('funding:release')] },
    async (request, reply) => {
      const ledger = await pupilLedger(request.server.harbour.ctx, request.actor!, request.params.id)
      const values: Values = {
        targetId: '',
        amount: '',
        releasedOn: dateParts(ledger.today),
        override: NO_OVERRIDE,
      }
      return showForm(request, reply, ledger, values)
    },
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('funding:release')] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      const ledger = await pupilLedger(ctx, actor, request.params.id)
      const body = (request.body ?? {}) as FormBody
      const problems = new FormProblems(FIELD_IDS)
      const targetId = text(body, 'targetId')
      if (!targetId) problems.add('targetId', 'Choose the PEP target this money is for')
      const amountPence = readAmount(body, problems, 'released')
      const date = problems.date(body, 'releasedOn', 'date the money was released', true)
      let values: Values = {
        targetId,
        amount: text(body, 'amount'),
        releasedOn: date.parts,
        override: readOverride(body),
      }
      if (!problems.has()) {
        try {
          const row = await releaseFunding(ctx, actor, ledger.pupil.id, {
            targetId,
            amountPence: amountPence!,
            releasedOn: date.value!,
            overrideReason: overrideReasonOf(values.override),
          })
          setFlash(
            request,
            `${money(row.amountPence)} released to the school on ${formatDate(row.releasedOn)} (${financialYearLabel(row.financialYear)})`,
          )
          return reply.redirect(ledgerUrl(ledger.pupil.id, row.financialYear))
        } catch (error) {
          values = afterRefusal(problems, values, error)
        }
      }
      return showForm(request, reply, ledger, values, problems.list())
    },
  )
}
