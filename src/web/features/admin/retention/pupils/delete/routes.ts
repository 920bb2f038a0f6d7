import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RuleBrokenError } from '../../../../../../services/errors.js'
import {
  deletePupilRecords,
  reviewPupilDeletion,
  type RowCounts,
} from '../../../../../../services/retention.service.js'
import { toErrorList, type ErrorList } from '../../../../../forms.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'

type Route = { Params: { id: string } }

// What each table holds, in the school's words: one, and more than one.
const KINDS: Record<string, [string, string]> = {
  status_episode: [
    'status entry (with its corrections and withdrawals)',
    'status entries (with their corrections and withdrawals)',
  ],
  placement_change: ['change of placement or school', 'changes of placement or school'],
  contact: ['contact', 'contacts'],
  pupil_staff: ['staff assignment', 'staff assignments'],
  task: ['task', 'tasks'],
  outbox: ['email about the pupil', 'emails about the pupil'],
  pep: ['personal education plan', 'personal education plans'],
  pep_target: ['PEP target', 'PEP targets'],
  pep_target_review: ['review of a PEP target', 'reviews of PEP targets'],
  pep_event: ['step in a PEP’s history', 'steps in PEPs’ history'],
  pep_review_date: ['PEP review date', 'PEP review dates'],
  funding_allocation: ['funding allocation', 'funding allocations'],
  funding_release: ['release of pupil premium plus', 'releases of pupil premium plus'],
  funding_spend: ['record of money spent', 'records of money spent'],
}

/** "5 status entries", for each kind of row there is at least one of. */
export function whatWillBeDeleted(counts: RowCounts): string[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => {
      const [one, many] = KINDS[table] ?? [`row of ${table}`, `rows of ${table}`]
      return `${n} ${n === 1 ? one : many}`
    })
}

async function showPage(request: FastifyRequest<Route>, reply: FastifyReply, errors?: ErrorList) {
  const review = await reviewPupilDeletion(request.server.harbour.ctx, request.actor!, request.params.id)
  const name = `${review.pupil.givenName} ${review.pupil.familyName}`
  return renderPage(
    request,
    reply,
    'admin/retention/pupils/delete/view.njk',
    {
      title: `Delete the records of ${name}`,
      name,
      pupil: review.pupil,
      due: review.decision.status === 'due',
      dueOn: review.decision.dueOn,
      reason: review.reason,
      deleted: whatWillBeDeleted(review.counts),
      errors,
    },
    errors ? 422 : 200,
  )
}

/**
 * DOMAIN.md PD-13: an administrator deletes one pupil's records once they are past their retention
 * date. The page names what will go; the form (POST, with its CSRF token) does it, audited.
 */
export async function adminDeletePupilRoutes(app: FastifyInstance): Promise<void> {
  const url = '/admin/retention/pupils/:id/delete'

  app.get<Route>(
    url,
    { preHandler: [requireSignIn, requirePermission('pupil:delete')] },
    async (request, reply) => showPage(request, reply),
  )

  app.post<Route>(
    url,
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('pupil:delete')] },
    async (request, reply) => {
      try {
        await deletePupilRecords(request.server.harbour.ctx, request.actor!, request.params.id)
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        return showPage(request, reply, toErrorList(error.errors, { pupil: 'delete' }))
      }
      // No name in the message: it would sit in the session store until the next page.
      setFlash(request, 'The records were deleted. The audit log keeps a note of the deletion')
      return reply.redirect('/admin/retention', 303)
    },
  )
}
