import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../../../domain/access/permissions.js'
import { COHORTS, COHORT_LABELS } from '../../../domain/cohort/status.js'
import { listRegister } from '../../../services/pupils.service.js'
import { listSchools } from '../../../services/schools.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { renderPage } from '../../render.js'

const PAGE_SIZE = 100

const query = z.object({
  cohort: z
    .enum(COHORTS as [string, ...string[]])
    .optional()
    .catch(undefined),
  yearGroup: z
    .preprocess(
      (v) => (v === '' || v === undefined ? undefined : v),
      z.coerce.number().int().min(-1).max(14).optional(),
    )
    .catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  school: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).default(1).catch(1),
})

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  app.get('/register', { preHandler: requireSignIn }, async (request, reply) => {
    const actor = request.actor!
    const ctx = request.server.harbour.ctx
    const filter = query.parse(request.query ?? {})
    const schools = await listSchools(ctx, actor)
    const register = await listRegister(ctx, actor, {
      cohort: filter.cohort as (typeof COHORTS)[number] | undefined,
      yearGroup: filter.yearGroup,
      search: filter.q || undefined,
      schoolUrn: filter.school,
    })
    const pages = Math.max(1, Math.ceil(register.rows.length / PAGE_SIZE))
    const page = Math.min(filter.page, pages)
    const rows = register.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries({
      cohort: filter.cohort,
      yearGroup: filter.yearGroup,
      q: filter.q,
      school: filter.school,
    }))
      if (v !== undefined && v !== '') params.set(k, String(v))
    return renderPage(request, reply, 'register/view.njk', {
      title: 'Register',
      rows,
      total: register.rows.length,
      counts: register.counts,
      on: register.on,
      filter,
      cohorts: COHORTS.map((c) => ({ value: c, text: COHORT_LABELS[c] })),
      cohortLabels: COHORT_LABELS,
      yearGroups: Array.from({ length: 16 }, (_, i) => i - 1),
      schools: schools.length > 1 ? schools : [],
      showSchool: schools.length > 1 || actor.schoolId === null,
      canAddPupil: can(actor.role, 'pupil:create'),
      pagination: {
        page,
        pages,
        previous: page > 1 ? `?${withPage(params, page - 1)}` : null,
        next: page < pages ? `?${withPage(params, page + 1)}` : null,
      },
    })
  })
}

function withPage(params: URLSearchParams, page: number): string {
  const p = new URLSearchParams(params)
  p.set('page', String(page))
  return p.toString()
}
