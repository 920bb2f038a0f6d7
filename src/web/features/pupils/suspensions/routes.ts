import type { FastifyInstance } from 'fastify'
import { formatDate } from '../../../../domain/calendar/dates.js'
import type { PupilSuspensions } from '../../../../services/pupil-suspensions.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage } from '../../../render.js'
import {
  actionsOf,
  atRiskRows,
  boardDecisionOf,
  daysInWords,
  deliveryOf,
  GATE_WORDS,
  periodOf,
  purposeOf,
  schoolYearLabel,
  sharedWithOf,
  statusTagOf,
} from './present.js'
import { mayOn, pupilNameOf, suspensionsOfUrl, type PupilParams } from './shared.js'

/** What the tab shows, from the one audited read (issue 6 item 7). */
export function tabOf(page: PupilSuspensions) {
  const suspensionDate = new Map(page.suspensions.map((s) => [s.id, s.startDate]))
  return {
    yearLabel: schoolYearLabel(page.schoolYear),
    summary: page.summary,
    gate: page.atRisk.gate.required ? GATE_WORDS[page.atRisk.gate.required] : null,
    history: page.suspensions.map((s) => ({
      id: s.id,
      categoryLabel: s.categoryLabel,
      period: periodOf(s),
      days: daysInWords(s.days),
      reasons: s.reasonWords.map((r) => r.description),
      status: statusTagOf(s),
      board: boardDecisionOf(s.boardDecision),
      overrideReason: s.overrideReason,
    })),
    obligations: page.openObligations.map((o) => ({
      ...o,
      suspensionStart: suspensionDate.get(o.suspensionId) ?? null,
    })),
    notices: page.notices.map((n) => ({
      suspensionId: n.suspensionId,
      suspensionStart: suspensionDate.get(n.suspensionId) ?? null,
      to: n.recipientLabel,
      address: n.toAddress,
      purpose: purposeOf(n),
      delivery: deliveryOf(n),
    })),
    atRisk: page.atRisk.open
      ? { id: page.atRisk.open.id, rows: atRiskRows(page.atRisk.open), prompts: page.atRisk.prompts }
      : null,
    closedAtRisk: page.atRisk.history
      .filter((r) => r.status === 'closed')
      .map((r) => ({
        text: `Opened ${formatDate(r.openedOn)}, closed ${r.closedOn ? formatDate(r.closedOn) : ''}`,
        concern: r.concern,
        note: r.closedNote,
      })),
    riskAssessments: page.riskAssessments.map((a) => ({
      completedOn: a.completedOn,
      reviewDate: a.reviewDate,
      sharedWith: sharedWithOf(a.sharedWith),
      actions: actionsOf(a.actions),
    })),
    offSiteDirections: page.offSiteDirections,
    managedMoves: page.managedMoves,
  }
}

/** `/pupils/:id/suspensions`: the pupil's behaviour and suspensions tab (issue 6 item 7). */
export async function pupilSuspensionsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: PupilParams }>(
    '/pupils/:id/suspensions',
    { preHandler: [requireSignIn, requirePermission('suspension:read')] },
    async (request, reply) => {
      const page = await suspensionsOfUrl(request)
      const name = pupilNameOf(page.pupil)
      return renderPage(request, reply, 'pupils/suspensions/view.njk', {
        title: `Behaviour and suspensions: ${name}`,
        pupil: page.pupil,
        name,
        calendarSet: page.calendarSet,
        ...tabOf(page),
        may: mayOn(request.actor!),
      })
    },
  )
}
