import type { FastifyInstance, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../domain/calendar/dates.js'
import { NotFoundError } from '../../../../../services/errors.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import {
  adviceOf,
  boardDecisionOf,
  conversationOf,
  daysInWords,
  deliveryOf,
  periodOf,
  purposeOf,
  statusTagOf,
  type Suspension,
} from '../present.js'
import { mayOn, pupilNameOf, suspensionsOfUrl } from '../shared.js'

export type SuspensionParams = { id: string; suspensionId: string }

/** The pupil's suspensions, and the one the address names (404 when it is not theirs). */
export async function suspensionOfUrl(request: FastifyRequest<{ Params: SuspensionParams }>) {
  const page = await suspensionsOfUrl(request)
  const suspension = page.suspensions.find((s) => s.id === request.params.suspensionId)
  if (!suspension) throw new NotFoundError('suspension')
  return { page, suspension }
}

export const suspensionUrl = (pupilId: string, suspensionId: string) =>
  `/pupils/${pupilId}/suspensions/${suspensionId}`

function detailRows(s: Suspension) {
  const rows: Array<{ key: string; value: string }> = [
    { key: 'Kind', value: s.categoryLabel },
    { key: 'Dates', value: periodOf(s) },
    { key: 'Length', value: daysInWords(s.days) },
  ]
  if (s.schoolDays.length > 1)
    rows.push({ key: 'School days', value: s.schoolDays.map(formatDate).join('\n') })
  rows.push({ key: 'Reasons', value: s.reasonWords.map((r) => r.description).join('\n') })
  if (s.details) rows.push({ key: 'What happened', value: s.details })
  const vs = conversationOf(s.vsConsultation)
  if (vs) {
    const advice = adviceOf(s.vsConsultation)
    rows.push({ key: 'Virtual School consulted', value: advice ? `${vs}\nAdvice: ${advice}` : vs })
  }
  const parents = conversationOf(s.parentConversation)
  if (parents) rows.push({ key: 'Talked with the parents or guardians', value: parents })
  if (s.status === 'cancelled')
    rows.push({
      key: 'Cancelled',
      value: `${s.cancelledOn ? formatDate(s.cancelledOn) : ''}: ${s.cancellationReason ?? ''}`,
    })
  if (s.boardDecision)
    rows.push({
      key: 'Governing board',
      value: [
        `Met on ${s.boardMeetingOn ? formatDate(s.boardMeetingOn) : ''}. ${boardDecisionOf(s.boardDecision)}`,
        s.boardDecisionNotes,
      ]
        .filter(Boolean)
        .join('\n'),
    })
  if (s.independentReviewDeadline)
    rows.push({
      key: 'Independent review',
      value: `Parents may apply until ${formatDate(s.independentReviewDeadline)}`,
    })
  if (s.day6Details)
    rows.push({
      key: 'Education from the sixth day',
      value: `${s.day6Details.where}, ${s.day6Details.hours}, from ${formatDate(s.day6Details.from)}`,
    })
  return rows
}

/** A letter that has an address but was not emailed is the parents' letter held for the representations address. */
function lettersOf(s: Suspension) {
  return s.notices.map((n) => ({
    id: n.id,
    to: n.recipientLabel,
    address: n.toAddress,
    purpose: purposeOf(n),
    delivery: deliveryOf(n),
    sentAt: n.sentAt,
    held: n.recipient === 'parent' && n.toAddress !== null && n.delivery === 'not_sent',
    noAddress: n.toAddress === null,
    subject: n.subject,
    body: n.body,
  }))
}

export function suspensionLocals(page: PupilSuspensions, s: Suspension, request: FastifyRequest) {
  const may = mayOn(request.actor!)
  const active = s.status === 'active'
  return {
    pupil: page.pupil,
    name: pupilNameOf(page.pupil),
    suspension: {
      id: s.id,
      heading: `${s.categoryLabel}: ${periodOf(s)}`,
      status: statusTagOf(s),
      permanent: s.category === 'PERM',
    },
    overrideReason: s.overrideReason,
    rows: detailRows(s),
    duties: s.obligations,
    letters: lettersOf(s),
    settingsUrl: `/schools/${page.pupil.schoolUrn}/suspension-settings`,
    may,
    can: {
      cancel: may.decide && active && !s.boardDecision,
      decide: may.decide && active && !s.boardDecision,
      day6: may.manage && active && s.obligations.some((o) => o.kind === 'arrange_day6_provision'),
      markDone: may.manage && active,
    },
  }
}

/** `/pupils/:id/suspensions/:suspensionId`: one suspension, its duties and its letters (issue 6 item 3). */
export async function showSuspensionRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: SuspensionParams }>(
    '/pupils/:id/suspensions/:suspensionId',
    { preHandler: [requireSignIn, requirePermission('suspension:read')] },
    async (request, reply) => {
      const { page, suspension } = await suspensionOfUrl(request)
      const locals = suspensionLocals(page, suspension, request)
      return renderPage(request, reply, 'pupils/suspensions/show/view.njk', {
        title: `${locals.suspension.heading}: ${locals.name}`,
        ...locals,
      })
    },
  )
}
