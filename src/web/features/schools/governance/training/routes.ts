import type { FastifyInstance } from 'fastify'
import { can } from '../../../../../domain/access/permissions.js'
import { schoolYearOf, todayInLondon } from '../../../../../domain/calendar/dates.js'
import type { ComplianceStatus } from '../../../../../domain/governance/compliance.js'
import { daysText, durationText, TRAINING_KIND_LABELS } from '../../../../../domain/governance/training.js'
import { trainingRegister } from '../../../../../services/governance-training.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import { askedSchoolYear, governanceTabs, schoolYearLabel, yearItems } from '../school-year.js'

type Route = { Params: { urn: string } }

const STATUS: Record<ComplianceStatus, { text: string; classes: string; rank: number }> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red', rank: 0 },
  due: { text: 'Missing', classes: 'govuk-tag--yellow', rank: 1 },
  done: { text: 'Done', classes: 'govuk-tag--green', rank: 2 },
}

/**
 * Issue 7 item 5: the training register for a school year (POL-3, POL-4, DT-3): who is missing what,
 * by when, and the sessions held with who attended.
 */
export async function governanceTrainingRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/schools/:urn/governance/training',
    { preHandler: [requireSignIn, requirePermission('governance:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const { ctx } = request.server.harbour
      const currentYear = schoolYearOf(todayInLondon(ctx.now()))
      const year = askedSchoolYear(request.query, currentYear)
      const register = await trainingRegister(ctx, actor, request.params.urn, year)
      const urn = register.school.urn
      const compliance = [...register.compliance]
        .sort((a, b) => STATUS[a.status].rank - STATUS[b.status].rank || a.by.localeCompare(b.by))
        .map((c) => ({ who: c.who, what: c.what, by: c.by, rule: c.rule, status: STATUS[c.status] }))
      return renderPage(request, reply, 'schools/governance/training/view.njk', {
        title: 'Training',
        school: register.school,
        schoolYear: year,
        schoolYearLabel: schoolYearLabel(year),
        years: yearItems(year, currentYear),
        tabs: governanceTabs(urn, year, 'training'),
        hoursPerDay: register.hoursPerDay,
        compliance,
        missing: compliance.filter((c) => c.status.text !== 'Done').length,
        sessions: register.sessions.map((s) => ({
          heldOn: s.heldOn,
          course: s.course.title,
          kind: TRAINING_KIND_LABELS[s.course.kind],
          provider: s.course.provider,
          length: durationText(s.duration, s.durationUnit),
          days: s.durationUnit === 'hours' ? daysText(s.days) : null,
          wholeStaff: s.wholeStaff,
          attendees: s.attendees.map((a) => a.personName),
        })),
        canManage: can(actor.role, 'governance:manage'),
        newHref: `/schools/${urn}/governance/training/new`,
      })
    },
  )
}
