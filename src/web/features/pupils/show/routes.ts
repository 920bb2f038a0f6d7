import type { FastifyInstance } from 'fastify'
import { can } from '../../../../domain/access/permissions.js'
import { CONTACT_ROLE_LABELS, STAFF_ROLE_LABELS } from '../../../../services/contacts.service.js'
import { getPupilRecord } from '../../../../services/pupil-record.service.js'
import { listLocalAuthorities } from '../../../../services/schools.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { renderPage } from '../../../render.js'
import { SEN_LABELS } from '../pupil-form.js'
import { pepCard } from '../peps/present.js'
import { cohortTags, historyOf, placementChangesOutside, TASK_TAGS, timelineOf } from './present.js'

export async function showPupilRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/pupils/:id',
    { preHandler: requireSignIn },
    async (request, reply) => {
      const actor = request.actor!
      const ctx = request.server.harbour.ctx
      // Out of scope or unknown: NotFoundError, shown as the 404 page (the record's existence is not revealed).
      const record = await getPupilRecord(ctx, actor, request.params.id)
      const laNames = new Map((await listLocalAuthorities(ctx)).map((la) => [la.code, la.name]))
      const { pupil } = record
      return renderPage(request, reply, 'pupils/show/view.njk', {
        title: `${pupil.givenName} ${pupil.familyName}`,
        pupil,
        senLabel: SEN_LABELS[pupil.senProvision] ?? pupil.senProvision,
        tags: cohortTags(record.status),
        today: record.today,
        timeline: timelineOf(record.current, laNames, record.placementChanges),
        placementChangesOutside: placementChangesOutside(record.current, record.placementChanges),
        history: historyOf(record.history, laNames),
        contacts: record.contacts.map((c) => ({ ...c, roleLabel: CONTACT_ROLE_LABELS[c.role] ?? c.role })),
        staff: record.staff.map((s) => ({ ...s, roleLabel: STAFF_ROLE_LABELS[s.role] ?? s.role })),
        tasks: record.tasks.map((t) => ({ ...t, tag: TASK_TAGS[t.state] })),
        peps: record.peps && pepCard(pupil.id, record.peps),
        may: {
          readFunding: can(actor.role, 'funding:read'),
          readAttendance: can(actor.role, 'attendance:read'),
          readSuspensions: can(actor.role, 'suspension:read'),
          update: can(actor.role, 'pupil:update'),
          addEpisode: can(actor.role, 'episode:create'),
          correctEpisode: can(actor.role, 'episode:correct'),
          manageContacts: can(actor.role, 'contact:manage'),
          manageStaff: can(actor.role, 'staff_assignment:manage'),
          // The page is in the reader's scope already: audit readers see its access history.
          readAccessHistory: can(actor.role, 'audit:read'),
          // Issue 3 item 7: those who answer a subject access request.
          exportSubjectAccess: can(actor.role, 'pupil:subject_access'),
        },
      })
    },
  )
}
