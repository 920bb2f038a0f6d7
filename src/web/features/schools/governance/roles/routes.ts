import type { FastifyInstance } from 'fastify'
import { can } from '../../../../../domain/access/permissions.js'
import { schoolYearOf, todayInLondon } from '../../../../../domain/calendar/dates.js'
import {
  DESIGNATED_ROLE_NAMES,
  DESIGNATED_ROLES,
  periodText,
} from '../../../../../domain/governance/roles.js'
import { rolesRegister, type RegisterEntry } from '../../../../../services/governance.service.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage } from '../../../../render.js'
import { askedSchoolYear, governanceTabs, schoolYearLabel, yearItems } from '../school-year.js'

type Route = { Params: { urn: string } }

const yesNo = (v: boolean | null) => (v === null ? 'Not recorded' : v ? 'Yes' : 'No')

/** The designated teacher's standing, as the register shows it under their name (DT-1, POL-2). */
function standing(a: RegisterEntry): Array<{ key: string; value: string }> {
  if (a.role !== 'designated_teacher') return []
  return [
    { key: 'Qualified teacher status', value: yesNo(a.hasQts) },
    { key: 'Induction completed', value: yesNo(a.inductionCompleted) },
    { key: 'On the leadership team', value: yesNo(a.onLeadershipTeam) },
    { key: 'Time allocated', value: a.timeAllocated ?? 'Not recorded' },
  ]
}

/**
 * Issue 7 item 5: the register of designated roles for a school year (POL-1, POL-2, DT-1 to DT-3),
 * with its gaps and the DT's flags shown as problems. Governors read it; the DT and head change it.
 */
export async function governanceRolesRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/schools/:urn/governance/roles',
    { preHandler: [requireSignIn, requirePermission('governance:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const { ctx } = request.server.harbour
      const currentYear = schoolYearOf(todayInLondon(ctx.now()))
      const year = askedSchoolYear(request.query, currentYear)
      const register = await rolesRegister(ctx, actor, request.params.urn, year)
      const base = `/schools/${register.school.urn}/governance/roles`
      const rows = DESIGNATED_ROLES.map((role) => ({
        role: DESIGNATED_ROLE_NAMES[role].label,
        appointments: register.appointments
          .filter((a) => a.role === role)
          .map((a) => ({
            name: a.personName,
            email: a.email,
            period: periodText(a),
            standing: standing(a),
            endHref: `${base}/${a.id}/end`,
            editHref: `${base}/${a.id}/edit`,
          })),
      }))
      return renderPage(request, reply, 'schools/governance/roles/view.njk', {
        title: 'Designated roles',
        school: register.school,
        schoolYearLabel: schoolYearLabel(year),
        schoolYear: year,
        years: yearItems(year, currentYear),
        tabs: governanceTabs(register.school.urn, year, 'roles'),
        window: register.window,
        calendarSet: register.calendarSet,
        problems: [
          ...register.gaps.map((g) => g.message),
          ...register.appointments.flatMap((a) => a.flags.map((f) => `${f.message} (${f.rule})`)),
        ],
        rows,
        canManage: can(actor.role, 'governance:manage'),
        newHref: `${base}/new?schoolYear=${year}`,
      })
    },
  )
}
