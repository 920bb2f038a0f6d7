import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate, todayInLondon } from '../../../../../domain/calendar/dates.js'
import {
  cancelSuspension,
  recordBoardDecision,
  recordDay6Provision,
} from '../../../../../services/suspension-decisions.service.js'
import { dateParts, FormProblems, text, type ErrorList } from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import { periodOf, type Suspension } from '../present.js'
import { bodyOf, listOf, pupilNameOf, readDate, saveOrCollect, versionOf } from '../shared.js'
import { suspensionOfUrl, suspensionUrl, type SuspensionParams } from '../show/routes.js'

type Route = { Params: SuspensionParams }
type Page = Awaited<ReturnType<typeof suspensionOfUrl>>

function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  title: string,
  { page, suspension }: Page,
  values: Record<string, unknown>,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    `pupils/suspensions/decisions/${template}`,
    {
      title: `${title}: ${pupilNameOf(page.pupil)}`,
      heading: title,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      suspension: {
        id: suspension.id,
        version: suspension.version,
        period: periodOf(suspension),
        label: suspension.categoryLabel,
      },
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

const isActive = (s: Suspension) => s.status === 'active' && !s.boardDecision
const hasDay6Duty = (s: Suspension) =>
  s.status === 'active' && s.obligations.some((o) => o.kind === 'arrange_day6_provision')

/**
 * After recording (issue 6 item 3): cancel (EX-19), education from the sixth day (EX-5, EX-7) and the
 * governing board's meeting and decision (EX-10 to EX-12). Each sends its letters through the service.
 */
export async function suspensionDecisionRoutes(app: FastifyInstance): Promise<void> {
  const DECIDE = requirePermission('suspension:decide')
  const MANAGE = requirePermission('suspension:manage')
  const CANCEL = '/pupils/:id/suspensions/:suspensionId/cancel'
  const DAY6 = '/pupils/:id/suspensions/:suspensionId/day6-provision'
  const BOARD = '/pupils/:id/suspensions/:suspensionId/board-decision'
  const today = (request: FastifyRequest) => todayInLondon(request.server.harbour.ctx.now())

  app.get<Route>(CANCEL, { preHandler: [requireSignIn, DECIDE] }, async (request, reply) => {
    const found = await suspensionOfUrl(request)
    if (!isActive(found.suspension))
      return reply.redirect(suspensionUrl(request.params.id, found.suspension.id))
    return showForm(request, reply, 'cancel.njk', 'Cancel the suspension', found, {
      reason: '',
      cancelledOn: dateParts(today(request)),
    })
  })

  app.post<Route>(
    CANCEL,
    { preHandler: [requireSignIn, app.csrfProtection, DECIDE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const problems = new FormProblems({ reason: 'reason' })
      const cancelledOn = readDate(body, problems, 'cancelledOn', 'date it was cancelled', true)
      const reason = text(body, 'reason')
      const done = await saveOrCollect(problems, () =>
        cancelSuspension(ctx, request.actor!, request.params.id, request.params.suspensionId, {
          reason,
          ...(cancelledOn.iso ? { cancelledOn: cancelledOn.iso } : {}),
          version: versionOf(body),
        }),
      )
      if (done && !problems.has()) {
        setFlash(request, 'Cancelled. The letters saying so are drafted below')
        return reply.redirect(`${suspensionUrl(request.params.id, request.params.suspensionId)}#letters`)
      }
      const found = await suspensionOfUrl(request)
      return showForm(
        request,
        reply,
        'cancel.njk',
        'Cancel the suspension',
        found,
        { reason, cancelledOn: cancelledOn.parts },
        problems.list(),
      )
    },
  )

  app.get<Route>(DAY6, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const found = await suspensionOfUrl(request)
    if (!hasDay6Duty(found.suspension))
      return reply.redirect(suspensionUrl(request.params.id, found.suspension.id))
    const due = found.suspension.obligations.find((o) => o.kind === 'arrange_day6_provision')
    const details = found.suspension.day6Details
    return showForm(request, reply, 'day6.njk', 'Education from the sixth day', found, {
      where: details?.where ?? '',
      hours: details?.hours ?? '',
      from: dateParts(details?.from ?? due?.dueBy ?? null),
      due: due?.dueBy ?? null,
    })
  })

  app.post<Route>(
    DAY6,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const problems = new FormProblems({ where: 'where', hours: 'hours' })
      const from = readDate(body, problems, 'from', 'date it starts', true)
      const values = { where: text(body, 'where'), hours: text(body, 'hours'), from: from.parts }
      const done = await saveOrCollect(problems, () =>
        recordDay6Provision(ctx, request.actor!, request.params.id, request.params.suspensionId, {
          where: values.where,
          hours: values.hours,
          from: from.iso ?? '',
          version: versionOf(body),
        }),
      )
      if (done && !problems.has()) {
        setFlash(
          request,
          `Education from the sixth day recorded, from ${formatDate(from.iso!)}. The letter to the parents is drafted below`,
        )
        return reply.redirect(`${suspensionUrl(request.params.id, request.params.suspensionId)}#letters`)
      }
      const found = await suspensionOfUrl(request)
      const due = found.suspension.obligations.find((o) => o.kind === 'arrange_day6_provision')
      return showForm(
        request,
        reply,
        'day6.njk',
        'Education from the sixth day',
        found,
        { ...values, due: due?.dueBy ?? null },
        problems.list(),
      )
    },
  )

  app.get<Route>(BOARD, { preHandler: [requireSignIn, DECIDE] }, async (request, reply) => {
    const found = await suspensionOfUrl(request)
    if (!isActive(found.suspension))
      return reply.redirect(suspensionUrl(request.params.id, found.suspension.id))
    return showForm(request, reply, 'board.njk', 'The governing board’s decision', found, {
      meetingOn: dateParts(null),
      outcome: '',
      notPractical: false,
      missedPublicExam: false,
      notes: '',
    })
  })

  app.post<Route>(
    BOARD,
    { preHandler: [requireSignIn, app.csrfProtection, DECIDE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const problems = new FormProblems({ outcome: 'outcome', notes: 'notes' })
      const meetingOn = readDate(body, problems, 'meetingOn', 'date the board met', true)
      problems.link('decidedOn', 'meetingOn-day')
      const options = listOf(body, 'options')
      const values = {
        meetingOn: meetingOn.parts,
        outcome: text(body, 'outcome'),
        notPractical: options.includes('notPractical'),
        missedPublicExam: options.includes('missedPublicExam'),
        notes: text(body, 'notes'),
      }
      if (values.outcome !== 'uphold' && values.outcome !== 'reinstate')
        problems.add('outcome', 'Choose whether the board upheld the decision or reinstated the pupil')
      const done = problems.has('outcome')
        ? null
        : await saveOrCollect(problems, () =>
            recordBoardDecision(ctx, request.actor!, request.params.id, request.params.suspensionId, {
              meetingOn: meetingOn.iso ?? '',
              outcome: values.outcome as 'uphold' | 'reinstate',
              notes: values.notes || null,
              reinstatementPractical: !values.notPractical,
              missedPublicExam: values.missedPublicExam,
              version: versionOf(body),
            }),
          )
      if (done && !problems.has()) {
        setFlash(
          request,
          done.independentReview
            ? `The board’s decision is recorded. The parents may apply for an independent review until ${formatDate(done.independentReview.dueBy)}`
            : 'The board’s decision is recorded. The letter to the parents is drafted below',
        )
        return reply.redirect(`${suspensionUrl(request.params.id, request.params.suspensionId)}#letters`)
      }
      const found = await suspensionOfUrl(request)
      return showForm(
        request,
        reply,
        'board.njk',
        'The governing board’s decision',
        found,
        values,
        problems.list(),
      )
    },
  )
}
