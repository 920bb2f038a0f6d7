import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../../../domain/calendar/dates.js'
import { ALTERNATIVES_TO_SUSPENSION } from '../../../../../domain/exclusions/at-risk.js'
import { NotFoundError } from '../../../../../services/errors.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import { closeAtRisk, openAtRisk, updateAtRisk } from '../../../../../services/suspension-risk.service.js'
import { dateParts, FormProblems, text, type DateParts, type ErrorList } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import {
  bodyOf,
  pupilNameOf,
  readDate,
  saveOrCollect,
  suspensionsOfUrl,
  suspensionsUrl,
  versionOf,
} from '../shared.js'
import { atRiskValues, readAtRiskForm, type AtRiskValues } from './form.js'

type Route = { Params: { id: string; atRiskId?: string } }

const NEW = '/pupils/:id/suspensions/at-risk/new'
const EDIT = '/pupils/:id/suspensions/at-risk/:atRiskId/edit'
const CLOSE = '/pupils/:id/suspensions/at-risk/:atRiskId/close'

const today = (request: FastifyRequest) => todayInLondon(request.server.harbour.ctx.now())

/** The at-risk record the address names: 404 when it is not the pupil's. */
function recordOf(page: PupilSuspensions, atRiskId: string | undefined) {
  const row = page.atRisk.history.find((r) => r.id === atRiskId)
  if (!row) throw new NotFoundError('at-risk record')
  return row
}

function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  record: { id: string; version: number } | null,
  values: AtRiskValues,
  errors?: ErrorList,
) {
  const e = errors?.byField ?? {}
  const mentions = (prefix: string) => Object.keys(e).some((k) => k.startsWith(prefix))
  const { status } = page
  return renderPage(
    request,
    reply,
    'pupils/suspensions/at-risk/form.njk',
    {
      title: `${record ? 'Change the at-risk record' : 'Mark at risk of suspension'}: ${pupilNameOf(page.pupil)}`,
      heading: record ? 'Change the at-risk record' : 'Mark at risk of suspension',
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      action: record
        ? `/pupils/${page.pupil.id}/suspensions/at-risk/${record.id}/edit`
        : `/pupils/${page.pupil.id}/suspensions/at-risk/new`,
      version: record?.version ?? null,
      values,
      cla: status.cla,
      pla: status.pla,
      sen: page.pupil.senProvision === 'K' || page.pupil.senProvision === 'E',
      // POL-18: a looked after child's Virtual School; POL-19: a previously looked after child's, with consent.
      showVs: status.cla || status.pla || !!values.vsWith || mentions('vsConsultation'),
      showParents:
        status.pla || !!values.parentWith || !!values.parentDate.day || mentions('parentConversation'),
      alternatives: ALTERNATIVES_TO_SUSPENSION.map((a) => ({
        value: a.code,
        text: a.label,
        checked: values.alternatives.includes(a.code),
      })),
      errors,
    },
    errors ? 422 : 200,
  )
}

type CloseValues = { note: string; closedOn: DateParts }

function showClose(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  record: { id: string; version: number; openedOn: string },
  values: CloseValues,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/suspensions/at-risk/close.njk',
    {
      title: `Close the at-risk record: ${pupilNameOf(page.pupil)}`,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      record,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

/** Issue 6 item 2: a pupil at risk of suspension, opened, added to and closed by the DT, DSL or headteacher. */
export async function atRiskRoutes(app: FastifyInstance): Promise<void> {
  const AT_RISK = requirePermission('suspension:at_risk')

  app.get<Route>(NEW, { preHandler: [requireSignIn, AT_RISK] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    // One open record at a time: from here, the way is to the one that is open.
    if (page.atRisk.open)
      return renderPage(request, reply, 'pupils/suspensions/at-risk/already.njk', {
        title: `Already at risk of suspension: ${pupilNameOf(page.pupil)}`,
        pupil: page.pupil,
        name: pupilNameOf(page.pupil),
        record: page.atRisk.open,
      })
    return showForm(request, reply, page, null, atRiskValues(null, today(request)))
  })

  app.post<Route>(
    NEW,
    { preHandler: [requireSignIn, app.csrfProtection, AT_RISK] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { values, input, problems, rewrite } = readAtRiskForm(bodyOf(request), true)
      const opened = await saveOrCollect(
        problems,
        () => openAtRisk(ctx, request.actor!, request.params.id, input),
        rewrite,
      )
      if (opened) {
        setFlash(request, 'Marked at risk of suspension')
        return reply.redirect(suspensionsUrl(request.params.id, 'at-risk'))
      }
      const page = await suspensionsOfUrl(request)
      return showForm(request, reply, page, null, values, problems.list())
    },
  )

  app.get<Route>(EDIT, { preHandler: [requireSignIn, AT_RISK] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const row = recordOf(page, request.params.atRiskId)
    if (row.status !== 'open') return reply.redirect(suspensionsUrl(page.pupil.id, 'at-risk'))
    return showForm(request, reply, page, row, atRiskValues(row, today(request)))
  })

  app.post<Route>(
    EDIT,
    { preHandler: [requireSignIn, app.csrfProtection, AT_RISK] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const { values, input, problems, rewrite } = readAtRiskForm(body, false)
      const version = versionOf(body)
      const saved = await saveOrCollect(
        problems,
        () => updateAtRisk(ctx, request.actor!, request.params.id, request.params.atRiskId!, version, input),
        rewrite,
      )
      if (saved) {
        setFlash(request, 'At-risk record saved')
        return reply.redirect(suspensionsUrl(request.params.id, 'at-risk'))
      }
      const page = await suspensionsOfUrl(request)
      const row = recordOf(page, request.params.atRiskId)
      return showForm(request, reply, page, { id: row.id, version }, values, problems.list())
    },
  )

  app.get<Route>(CLOSE, { preHandler: [requireSignIn, AT_RISK] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const row = recordOf(page, request.params.atRiskId)
    if (row.status !== 'open') return reply.redirect(suspensionsUrl(page.pupil.id, 'at-risk'))
    return showClose(request, reply, page, row, { note: '', closedOn: dateParts(today(request)) })
  })

  app.post<Route>(
    CLOSE,
    { preHandler: [requireSignIn, app.csrfProtection, AT_RISK] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const problems = new FormProblems({ note: 'note' })
      const closedOn = readDate(body, problems, 'closedOn', 'date the record closes', true)
      const values = { note: text(body, 'note'), closedOn: closedOn.parts }
      const version = versionOf(body)
      const closed = await saveOrCollect(problems, () =>
        closeAtRisk(ctx, request.actor!, request.params.id, request.params.atRiskId!, version, {
          note: values.note || null,
          closedOn: closedOn.iso!,
        }),
      )
      if (closed) {
        setFlash(request, 'At-risk record closed')
        return reply.redirect(suspensionsUrl(request.params.id, 'at-risk'))
      }
      const page = await suspensionsOfUrl(request)
      const row = recordOf(page, request.params.atRiskId)
      return showClose(request, reply, page, { ...row, version }, values, problems.list())
    },
  )
}
