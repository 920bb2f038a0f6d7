import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../../../domain/access/permissions.js'
import type { Actor } from '../../../domain/access/scope.js'
import { schoolYearOf, todayInLondon } from '../../../domain/calendar/dates.js'
import { NotFoundError } from '../../../services/errors.js'
import { listSchools } from '../../../services/schools.service.js'
import {
  schoolSuspensionOverview,
  type SchoolSuspensionOverview,
} from '../../../services/suspension-overview.service.js'
import type { ServiceContext } from '../../../services/context.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'
import { barChart } from '../governors/charts.js'

// A filter that makes no sense is dropped, not refused: anyone may edit the address.
const query = z.object({
  school: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
})

/** The school asked for, or the actor's one school; a choice when they have several (an administrator). */
async function schoolOf(ctx: ServiceContext, actor: Actor, asked: string | undefined) {
  if (asked) return { urn: asked }
  const schools = await listSchools(ctx, actor)
  if (schools.length === 0) throw new NotFoundError('school')
  if (schools.length > 1) return { choose: schools.map((s) => ({ urn: s.urn, name: s.name })) }
  return { urn: schools[0]!.urn }
}

const rate = (r: number | null) => (r === null ? 'No pupils' : r.toFixed(1))

/** Each cohort's rates as table rows and a chart of suspensions per 100 pupils (DESIGN.md "charts"). */
function ratesOf(overview: SchoolSuspensionOverview) {
  const rows = overview.groups.map((g) => ({
    label: g.label,
    others: g.group === 'others',
    pupils: g.pupils,
    pupilsSuspended: g.pupilsSuspended,
    suspensions: g.suspensions,
    suspensionRate: rate(g.suspensionRate),
    permanentExclusions: g.permanentExclusions,
    permanentExclusionRate: rate(g.permanentExclusionRate),
  }))
  const chart = barChart(
    {
      id: 'suspension-rates-chart',
      title: 'Suspensions per 100 pupils, for each group',
      description: overview.groups
        .map(
          (g) =>
            `${g.label}: ${g.suspensionRate === null ? 'no pupils' : `${rate(g.suspensionRate)} per 100 pupils`}`,
        )
        .join('; '),
    },
    overview.groups.map((g) => [
      {
        label: g.label,
        value: g.suspensionRate,
        text: g.suspensionRate === null ? 'No pupils' : rate(g.suspensionRate),
        series: g.group === 'others' ? 1 : 0,
      },
    ]),
  )
  return { rows, chart }
}

/** `/suspensions` (issue 6 item 7): the school's suspensions and exclusions against peers, repeats, overdue duties. */
export async function suspensionOverviewRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/suspensions',
    { preHandler: [requireSignIn, requirePermission('suspension:report')] },
    async (request, reply) => {
      const actor = request.actor!
      const { ctx } = request.server.harbour
      const asked = query.parse(request.query ?? {})
      const school = await schoolOf(ctx, actor, asked.school)
      if ('choose' in school)
        return renderPage(request, reply, 'suspensions/choose-school.njk', {
          title: 'Suspensions: choose a school',
          schools: school.choose,
        })
      const current = schoolYearOf(todayInLondon(ctx.now()))
      const year = asked.year !== undefined && asked.year <= current ? asked.year : current
      const overview = await schoolSuspensionOverview(ctx, actor, school.urn, year)
      const base = `/suspensions?school=${overview.school.urn}`
      return renderPage(request, reply, 'suspensions/view.njk', {
        title: 'Suspensions',
        overview,
        yearLabel: `${year} to ${year + 1}`,
        years: [current, current - 1, current - 2].map((y) => ({
          text: `${y} to ${y + 1}`,
          href: `${base}&year=${y}`,
          current: y === year,
        })),
        ...ratesOf(overview),
        mayOpenPupils: can(actor.role, 'suspension:read'),
        mayConfigure: can(actor.role, 'suspension:configure'),
      })
    },
  )
}
