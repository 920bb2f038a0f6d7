import { statusOn } from '../domain/cohort/status.js'
import type { Actor } from '../domain/access/scope.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { requirePupil, toPupilView } from './pupils.service.js'

/**
 * What the "Start a new PEP" page needs: the pupil, and whether they are looked after or previously looked after
 * today, so the page offers a PEP, a PLA support plan (issue 4 item 4), or both. One audited read.
 */
export async function pepStartingPoint(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pep:write')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pep:write')
    const status = statusOn(await pupilsRepo.currentEpisodesOf(tx, [pupil.id]), todayIso)
    await audit(tx, actor, 'pupil.viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
    })
    return {
      pupil: toPupilView(pupil),
      lookedAfter: status.cla,
      previouslyLookedAfter: status.pla,
      today: todayIso,
    }
  })
}
