/** The impact of PP+ and pupil premium spending, recorded when it is known (DOMAIN.md PD-9). */
import type { Actor } from '../domain/access/scope.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/funding.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { tidy } from './funding-outcome.js'
import { isUuid } from './ids.js'
import { requirePupil } from './pupils.service.js'

/** The pupil's spend item; any other id (or not an id at all) is a 404. */
async function requireSpend(tx: Executor, pupilId: string, spendId: string) {
  const spend = isUuid(spendId) ? await repo.findSpendOfPupil(tx, pupilId, spendId) : undefined
  if (!spend) throw new NotFoundError('spend item')
  return spend
}

/** The impact of a spend item, known later (PD-9); a stale `version` is a 409, never a lost update. */
export async function addImpact(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  spendId: string,
  input: { impact: string | null; version: number },
) {
  authorise(actor, 'funding:spend')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'funding:spend')
    const spend = await requireSpend(tx, pupilId, spendId)
    const impact = tidy(input.impact)
    const problems = overlongFields([{ path: 'impact', label: 'The impact', value: impact, kind: 'note' }])
    if (problems.length) throw new RuleBrokenError(problems)
    const updated = await repo.updateSpendImpactIfVersion(tx, spend.id, input.version, impact)
    if (!updated) throw new ConflictError()
    await audit(tx, actor, 'funding.impact_recorded', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'funding_spend',
      entityId: spend.id,
    })
    return { ...updated, financialYear: spend.financialYear, source: spend.source }
  })
}

/** One spend item, for the form that records its impact: an audited read. */
export async function getSpend(ctx: ServiceContext, actor: Actor, pupilId: string, spendId: string) {
  authorise(actor, 'funding:spend')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'funding:spend')
    const spend = await requireSpend(tx, pupilId, spendId)
    const plans = await repo.plansWithTargetsOf(tx, pupilId)
    const target = plans.flatMap((p) => p.targets).find((t) => t.id === spend.targetId)
    await audit(tx, actor, 'funding.spend_viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'funding_spend',
      entityId: spend.id,
    })
    return { pupil, spend, target: target ?? null }
  })
}
