import { inArray } from 'drizzle-orm'
import { can } from '../domain/access/permissions.js'
import { statusOn } from '../domain/cohort/status.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { users } from '../data/schema/index.js'
import { pepsOfPupil } from '../data/repositories/peps.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { contactsOf, staffOf } from './contacts.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { listPlacementChanges } from './placements.service.js'
import { requirePupil, toPupilView } from './pupils.service.js'
import { asSeenBy, maySeeSection } from './sections.service.js'
import { listPupilTasks, taskState } from './tasks.service.js'

/** Names of the users who recorded episodes or hold tasks, so the page can say who did what. */
async function namesOf(tx: Executor, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** Everything the pupil page shows, read in one audited transaction. */
export async function getPupilRecord(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pupil:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso)
    const rows = await pupilsRepo.episodeHistoryOf(tx, pupilId)
    const childProtection = await maySeeSection(tx, actor, 'child_protection')
    const placementChanges = await listPlacementChanges(tx, pupilId)
    const contacts = await contactsOf(tx, pupilId)
    const staff = await staffOf(tx, pupilId)
    const tasks = await listPupilTasks(tx, pupilId)
    // The PEPs card: only for roles that may read PEPs, inside this one audited read.
    const peps = can(actor.role, 'pep:read') ? await pepsOfPupil(tx, pupilId) : null
    const history = rows.map((e) => asSeenBy(e, childProtection))
    const names = await namesOf(tx, [
      ...history.map((e) => e.recordedBy),
      ...tasks.map((t) => t.assigneeUserId),
    ])
    const current = history.filter((e) => !e.supersededById && !e.withdrawn)
    await audit(tx, actor, 'pupil.viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
    })
    return {
      pupil: toPupilView(pupil),
      schoolId: pupil.schoolId,
      status: statusOn(current, todayIso),
      current,
      history: history.map((e) => ({
        ...e,
        recordedByName: e.recordedBy ? (names.get(e.recordedBy) ?? null) : null,
      })),
      placementChanges,
      contacts,
      staff,
      tasks: tasks.map((t) => ({
        ...t,
        state: taskState(t, todayIso),
        assigneeName: t.assigneeUserId ? (names.get(t.assigneeUserId) ?? null) : null,
      })),
      today: todayIso,
      sections: { childProtection },
      peps: peps && {
        count: peps.length,
        latest: peps[0]
          ? {
              id: peps[0].id,
              kind: peps[0].kind,
              meetingDate: peps[0].meetingDate,
              status: peps[0].status,
              parentsConsentToVs: peps[0].parentsConsentToVs,
              qualityRating: peps[0].qualityRating,
            }
          : null,
      },
    }
  })
}
