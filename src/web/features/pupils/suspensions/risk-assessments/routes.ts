import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../../../domain/calendar/dates.js'
import {
  RISK_ASSESSMENT_AUDIENCE_LABELS,
  RISK_ASSESSMENT_AUDIENCES,
  RISK_ASSESSMENT_SECTIONS,
  type RiskAssessmentAudience,
} from '../../../../../domain/exclusions/risk-assessment.js'
import type { FieldError } from '../../../../../services/errors.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import {
  recordRiskAssessment,
  type RiskAssessmentInput,
} from '../../../../../services/suspension-risk.service.js'
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
import { periodOf } from '../present.js'
import {
  bodyOf,
  listOf,
  pupilNameOf,
  readDate,
  saveOrCollect,
  suspensionsOfUrl,
  suspensionsUrl,
} from '../shared.js'

type Route = { Params: { id: string } }
type ActionRow = { action: string; who: string; by: DateParts }
type Values = {
  suspensionId: string
  completedOn: DateParts
  content: Record<string, string>
  actions: ActionRow[]
  sharedWith: string[]
  reviewOn: DateParts
}

const ACTION_ROWS = 3
const MAX_ACTION_ROWS = 20
const blankRow = (): ActionRow => ({ action: '', who: '', by: dateParts(null) })

/** Reads the form: empty action rows are dropped, and the service's errors about rows point at the page's. */
function readForm(body: FormBody) {
  const problems = new FormProblems({
    suspensionId: 'suspensionId',
    actions: 'actions-0-action',
    sharedWith: 'sharedWith',
  })
  const completedOn = readDate(body, problems, 'completedOn', 'date it was completed', true)
  const reviewOn = readDate(body, problems, 'reviewOn', 'review date', true)
  const rows: ActionRow[] = []
  const sent: Array<{ row: number; action: RiskAssessmentInput['actions'][number] }> = []
  for (let i = 0; i < MAX_ACTION_ROWS && body[`actions-${i}-action`] !== undefined; i++) {
    const row = {
      action: text(body, `actions-${i}-action`),
      who: text(body, `actions-${i}-who`),
      by: {
        day: text(body, `actions-${i}-by-day`),
        month: text(body, `actions-${i}-by-month`),
        year: text(body, `actions-${i}-by-year`),
      },
    }
    rows.push(row)
    if (!row.action && !row.who && !row.by.day && !row.by.month && !row.by.year) continue
    const by = readDate(body, problems, `actions-${i}-by`, 'date it will be done by', false)
    sent.push({ row: i, action: { action: row.action, who: row.who, by: by.iso } })
  }
  const content = Object.fromEntries(
    RISK_ASSESSMENT_SECTIONS.map((s) => [s.key, text(body, `content-${s.key}`)]),
  )
  const values: Values = {
    suspensionId: text(body, 'suspensionId'),
    completedOn: completedOn.parts,
    content,
    actions: rows.length ? rows : [blankRow()],
    sharedWith: listOf(body, 'sharedWith'),
    reviewOn: reviewOn.parts,
  }
  const input: RiskAssessmentInput = {
    suspensionId: values.suspensionId || null,
    completedOn: completedOn.iso ?? '',
    content: Object.fromEntries(Object.entries(content).filter(([, v]) => v !== '')),
    actions: sent.map((s) => s.action),
    sharedWith: values.sharedWith as RiskAssessmentAudience[],
    reviewOn: reviewOn.iso,
  }
  const rewrite = (e: FieldError): FieldError => {
    const row = /^actions\.(\d+)\.(action|who)$/.exec(e.path)
    if (row) return { ...e, path: `actions-${sent[Number(row[1])]?.row ?? 0}-${row[2]}` }
    if (e.path.startsWith('content.')) return { ...e, path: `content-${e.path.slice('content.'.length)}` }
    if (e.path.startsWith('sharedWith.')) return { ...e, path: 'sharedWith' }
    return e
  }
  return { values, input, problems, rewrite }
}

function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  values: Values,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/suspensions/risk-assessments/form.njk',
    {
      title: `Record a risk assessment: ${pupilNameOf(page.pupil)}`,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      values,
      sections: RISK_ASSESSMENT_SECTIONS.map((s) => ({ ...s, value: values.content[s.key] ?? '' })),
      audiences: RISK_ASSESSMENT_AUDIENCES.map((a) => ({
        value: a,
        text: RISK_ASSESSMENT_AUDIENCE_LABELS[a],
        checked: values.sharedWith.includes(a),
      })),
      suspensions: page.suspensions
        .filter((s) => s.status === 'active')
        .map((s) => ({
          value: s.id,
          text: `${s.categoryLabel}: ${periodOf(s)}`,
          selected: s.id === values.suspensionId,
        })),
      errors,
    },
    errors ? 422 : 200,
  )
}

/** POL-22, PD-7: the trauma-informed risk assessment after repeated suspensions. */
export async function riskAssessmentRoutes(app: FastifyInstance): Promise<void> {
  const MANAGE = requirePermission('suspension:manage')
  const URL = '/pupils/:id/suspensions/risk-assessments/new'

  app.get<Route>(URL, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const latest = page.suspensions.find((s) => s.status === 'active')
    return showForm(request, reply, page, {
      suspensionId: latest?.id ?? '',
      completedOn: dateParts(todayInLondon(request.server.harbour.ctx.now())),
      content: {},
      actions: Array.from({ length: ACTION_ROWS }, blankRow),
      sharedWith: [],
      reviewOn: dateParts(null),
    })
  })

  app.post<Route>(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { values, input, problems, rewrite } = readForm(bodyOf(request))
      const saved = await saveOrCollect(
        problems,
        () => recordRiskAssessment(ctx, request.actor!, request.params.id, input),
        rewrite,
      )
      if (saved) {
        setFlash(
          request,
          'Risk assessment recorded. Its review is a task on the review date',
          saved.warnings.map((w) => w.message),
        )
        return reply.redirect(suspensionsUrl(request.params.id, 'risk-assessments'))
      }
      const page = await suspensionsOfUrl(request)
      return showForm(request, reply, page, values, problems.list())
    },
  )
}
