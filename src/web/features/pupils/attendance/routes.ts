import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { pupilAttendancePage } from '../../../../services/attendance-views.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage } from '../../../render.js'
import { attendanceUrl, figuresRow, mayOn, registerOf, supportOf, weeksOf } from './present.js'

// A term or history setting that makes no sense is dropped, not refused: anyone may edit the address.
const query = z.object({
  term: z
    .string()
    .regex(/^(autumn|spring|summer)-\d{4}$/)
    .optional()
    .catch(undefined),
  history: z.literal('yes').optional().catch(undefined),
})

/** `/pupils/:id/attendance` (issue 5 item 6): the pupil's figures by term and week, the register, and support. */
export async function pupilAttendanceRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/pupils/:id/attendance',
    { preHandler: [requireSignIn, requirePermission('attendance:read')] },
    async (request, reply) => {
      const actor = request.actor!
      const asked = query.parse(request.query ?? {})
      const page = await pupilAttendancePage(request.server.harbour.ctx, actor, request.params.id, {
        term: asked.term,
        history: asked.history === 'yes',
      })
      const { pupil } = page
      const register = registerOf(page)
      return renderPage(request, reply, 'pupils/attendance/view.njk', {
        title: `Attendance: ${pupil.givenName} ${pupil.familyName}`,
        pupil,
        today: page.today,
        hasCalendar: page.hasCalendar,
        year: page.year,
        figures: [
          ...page.terms.map((t) => ({ ...figuresRow(t.label, t.summary), started: t.started })),
          { ...figuresRow('School year so far', page.year.summary), started: true, total: true },
        ],
        ...weeksOf(page),
        register,
        termLinks: register.choices.map((c) => ({
          ...c,
          href: attendanceUrl(pupil.id, { term: c.key, history: register.history }),
        })),
        historyHref: attendanceUrl(pupil.id, { term: register.key, history: !register.history }),
        ...supportOf(page),
        lookedAfter: page.lookedAfter,
        may: mayOn(actor),
      })
    },
  )
}
