import type { IsoDate } from '../domain/calendar/dates.js'
import { isIsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { leavingProblems } from '../domain/cohort/leaving.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, RuleBrokenError } from './errors.js'
import { requirePupil, toPupilView } from './pupils.service.js'

export type LeavingInput = { leftOn: IsoDate; destination: string }

/**
 * Records the pupil's last day on roll and where they went. The record stays (retention, PD-13, counts from
 * this date); their UPN is free for a new enrolment (PD-14).
 */
export async function recordLeaving(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  version: number,
  input: LeavingInput,
) {
  authorise(actor, 'pupil:update')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pupil:update')
    const problems = isIsoDate(input.leftOn)
      ? leavingProblems(input, pupil, todayIso)
      : [{ path: 'leftOn' as const, message: 'Enter the last day on roll as a real date' }]
    if (problems.length) throw new RuleBrokenError(problems)
    const row = await pupilsRepo.updatePupil(tx, pupilId, version, {
      leftOn: input.leftOn,
      leavingDestination: input.destination,
    })
    if (!row) throw new ConflictError()
    await audit(tx, actor, 'pupil.left', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
      details: { leftOn: input.leftOn, destination: input.destination },
    })
    return toPupilView({ ...row, schoolUrn: pupil.schoolUrn, schoolName: pupil.schoolName })
  })
}

/** Takes back a leaving recorded in error: refused when the UPN is on roll again in a newer record. */
export async function undoLeaving(ctx: ServiceContext, actor: Actor, pupilId: string, version: number) {
  authorise(actor, 'pupil:update')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pupil:update')
    if (await pupilsRepo.upnIsOnRoll(tx, pupil.schoolId, pupil.upn, pupilId))
      throw new RuleBrokenError([
        { path: 'leftOn', message: `A pupil with UPN ${pupil.upn} is on roll again, in a newer record` },
      ])
    const row = await pupilsRepo.updatePupil(tx, pupilId, version, { leftOn: null, leavingDestination: null })
    if (!row) throw new ConflictError()
    await audit(tx, actor, 'pupil.leaving_undone', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
    })
    return toPupilView({ ...row, schoolUrn: pupil.schoolUrn, schoolName: pupil.schoolName })
  })
}
