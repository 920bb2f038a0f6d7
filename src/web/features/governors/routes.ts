import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { schoolYearOf, todayInLondon } from '../../../domain/calendar/dates.js'
import { COUNT_KEYS, COUNT_LABELS } from '../../../domain/reports/cohort-counts.js'
import type { Measure } from '../../../domain/reports/suppression.js'
import { NotFoundError } from '../../../services/errors.js'
import { FIRST_REPORT_YEAR, governorsReport } from '../../../services/reports.service.js'
import { listSchools } from '../../../services/schools.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'

const schoolYearLabel = (year: number) => `${year} to ${year + 1}`
/** How many school years, the current one first, the page offers. */
const YEARS_OFFERED = 6

const query = z.object({
  schoolYear: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  school: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
})

const show = (m: Measure): string | number => (typeof m === 'number' ? m : m.withheld)

/**
 * The governors' report page (DOMAIN.md PD-11, POL-26): how many children, and a breakdown with
 * small numbers withheld. Everything on it comes from `domain/reports/`: numbers and fixed labels.
 */
export async function governorsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/governors',
    { preHandler: [requireSignIn, requirePermission('report:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const ctx = request.server.harbour.ctx
      const asked = query.parse(request.query ?? {})
      const currentYear = schoolYearOf(todayInLondon(ctx.now()))
      const schoolYear =
        asked.schoolYear !== undefined &&
        asked.schoolYear >= FIRST_REPORT_YEAR &&
        asked.schoolYear <= currentYear
          ? asked.schoolYear
          : currentYear

      let urn = asked.school
      if (!urn) {
        const schools = await listSchools(ctx, actor)
        // No school to report on (a Virtual School): like any record outside the actor's scope.
        if (schools.length === 0) throw new NotFoundError('school')
        if (schools.length > 1)
          return renderPage(request, reply, 'governors/choose-school.njk', {
            title: 'Governors’ report: choose a school',
            schools: schools.map((s) => ({ urn: s.urn, name: s.name })),
            schoolYear,
          })
        urn = schools[0]!.urn
      }

      const { school, report, threshold } = await governorsReport(ctx, actor, urn, schoolYear)
      const [section] = report.sections
      const offered = Array.from({ length: YEARS_OFFERED }, (_, i) => currentYear - i)
      // An earlier year asked for in the address is offered too, so that the list shows what is shown.
      const years = [...new Set([...offered, schoolYear])].filter((y) => y >= FIRST_REPORT_YEAR)
      return renderPage(request, reply, 'governors/view.njk', {
        title: 'Governors’ report',
        school,
        schoolYear,
        threshold,
        schoolYearLabel: schoolYearLabel(schoolYear),
        isCurrentYear: schoolYear === currentYear,
        chooseSchool: asked.school !== undefined,
        years: years.map((y) => ({ value: y, text: schoolYearLabel(y), selected: y === schoolYear })),
        counts: COUNT_KEYS.map((k) => ({ label: COUNT_LABELS[k], value: report.counts[k] })),
        columns: COUNT_KEYS.map((k) => COUNT_LABELS[k]),
        breakdown: section
          ? {
              title: section.title,
              rows: section.rows.map((r) => ({ label: r.label, cells: COUNT_KEYS.map((k) => show(r[k])) })),
            }
          : null,
        suppressed: report.suppressed,
      })
    },
  )
}
