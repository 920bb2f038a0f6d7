/**
 * Pupil premium plus and pupil premium for one pupil: allocations, releases and spend items (their
 * impact later: funding-impact.service.ts) (DOMAIN.md PD-9, PP-5, PP-6, PEP-12, POL-25; issue 4 item 5). The rules are the domain's
 * (src/domain/funding); this records what they allow, audits it, and changes nothing when they refuse.
 */
import { isVirtualSchoolRole } from '../domain/access/roles.js'
import type { Actor } from '../domain/access/scope.js'
import { financialYearOf, isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import { statusOn } from '../domain/cohort/status.js'
import { checkAllocation, checkRelease, checkSpend } from '../domain/funding/checks.js'
import { financialYearLabel } from '../domain/funding/financial-year.js'
import type { FundingProblem } from '../domain/funding/outcome.js'
import { fundingSourcesFor, holderOf, type FundingSource } from '../domain/funding/sources.js'
import { overlongFields, type TextField } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/funding.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ForbiddenError, type FieldError } from './errors.js'
import { noAllocationError, overrideOf, settle, targetFirst, tidy } from './funding-outcome.js'
import {
  amountTooLarge,
  domainRows,
  financialYearProblems,
  plansForFunding,
  planOfTarget,
  spendSourceFor,
  statusDayFor,
} from './funding-rows.js'
import { requirePupil } from './pupils.service.js'

export type AllocationInput = {
  financialYear: number
  /** By default the money this pupil can get that the actor's side holds (PP-5: CLA PP+ is the VS's). */
  source?: FundingSource | undefined
  amountPence: number
  note?: string | null | undefined
}

export type ReleaseInput = {
  targetId: string | null
  /** By default the PEP the target belongs to. */
  pepId?: string | null | undefined
  /** By default today. */
  releasedOn?: IsoDate | undefined
  /** By default the financial year of `releasedOn`. */
  financialYear?: number | undefined
  amountPence: number
  /** Given (even empty) only to go beyond the allocation: the reason is audited (issue 4 item 5). */
  overrideReason?: string | null | undefined
}

export type SpendInput = {
  targetId: string | null
  spentOn: IsoDate
  amountPence: number
  description: string
  category: string
  impact?: string | null | undefined
  /** By default from the target: a PEP's spends CLA PP+, a support plan's PLA PP+ (or pupil premium). */
  source?: FundingSource | undefined
  /** By default the financial year of `spentOn`. */
  financialYear?: number | undefined
  overrideReason?: string | null | undefined
}

/** The year money moved in: as given, or the year of `date` (of today while `date` is not a real day). */
function financialYearFor(given: number | undefined, date: string, todayIso: IsoDate): number {
  return given ?? financialYearOf(isIsoDate(date) ? date : todayIso)
}

/** What the rules leave to the service: a year out of range, too large an amount, text over its limit. */
function inputProblems(
  financialYear: number,
  todayIso: IsoDate,
  amountPence: number,
  texts: readonly TextField[],
): FieldError[] {
  return [
    ...financialYearProblems(financialYear, todayIso),
    ...amountTooLarge(amountPence),
    ...overlongFields(texts),
  ]
}

/**
 * Audits a release or spend, saying whether it went beyond the money, and then (issue 4 item 5) the
 * override's reason and what it overrode.
 */
async function auditMoneyMoved(
  tx: Executor,
  actor: Actor,
  action: 'funding.released' | 'funding.spent',
  about: { schoolId: string; pupilId: string; entity: string; entityId: string },
  details: Record<string, unknown>,
  settled: { overrideReason: string | null; overridden: FundingProblem[] },
) {
  const reason = settled.overrideReason
  await audit(tx, actor, action, { ...about, details: { ...details, overridden: reason !== null } })
  if (reason === null) return
  await audit(tx, actor, 'funding.override_used', {
    ...about,
    details: { reason, refused: settled.overridden.map((p) => p.code) },
  })
}

/**
 * An allocation for a pupil and financial year (PD-9, PP-5): CLA PP+ by the Virtual School that looks
 * after the child; PLA PP+ and pupil premium by the school. The other side's money is 403 to record.
 */
export async function recordAllocation(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: AllocationInput,
) {
  authorise(actor, 'funding:allocate')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'funding:allocate')
    const yearProblems = financialYearProblems(input.financialYear, todayIso)
    const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupilId])
    const statusDay = yearProblems.length ? todayIso : statusDayFor(input.financialYear, todayIso)
    const status = statusOn(episodes, statusDay)
    const side = isVirtualSchoolRole(actor.role) ? 'virtual_school' : 'school'
    const eligible = fundingSourcesFor(status)
    // Nothing this child can get: ask the rules about the actor's own kind of money, so they say why.
    const ownKind = side === 'virtual_school' ? 'pp_plus_cla' : status.pla ? 'pp_plus_pla' : 'pupil_premium'
    const source = input.source ?? eligible.find((s) => holderOf(s) === side) ?? eligible[0] ?? ownKind
    if (holderOf(source) !== side) throw new ForbiddenError('funding:allocate')

    const extra = inputProblems(input.financialYear, todayIso, input.amountPence, [
      { path: 'note', label: 'Note', value: tidy(input.note), kind: 'note' },
    ])
    // PP-5: only the Virtual School of the LA that looks after the child allocates its PP+.
    if (source === 'pp_plus_cla' && status.cla && status.responsibleLaCode !== actor.laCode)
      extra.push({
        path: 'financialYear',
        message: `Your local authority did not look after this child in ${financialYearLabel(input.financialYear)}`,
      })
    const check = checkAllocation({
      allocation: {
        pupilId,
        financialYear: input.financialYear,
        source,
        date: todayIso,
        amountPence: input.amountPence,
      },
      status,
      today: todayIso,
    })
    settle(check, extra, null)

    const row = await repo.insertAllocation(tx, {
      pupilId,
      schoolId: pupil.schoolId,
      source,
      financialYear: input.financialYear,
      laCode: source === 'pp_plus_cla' ? status.responsibleLaCode : null,
      amountPence: input.amountPence,
      note: tidy(input.note),
      recordedBy: actor.userId,
      createdAt: ctx.now(),
    })
    // The note is free text: it stays out of the audit trail.
    await audit(tx, actor, 'funding.allocated', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'funding_allocation',
      entityId: row.id,
      details: { source, financialYear: row.financialYear, amountPence: row.amountPence },
    })
    return row
  })
}

/**
 * PP-5, PEP-12, POL-25: the Virtual School releases CLA PP+ to the school against a target of an
 * approved PEP. Beyond the allocation only with an override reason, which is audited.
 */
export async function releaseFunding(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: ReleaseInput,
) {
  authorise(actor, 'funding:release')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'funding:release')
    const releasedOn = input.releasedOn ?? todayIso
    const financialYear = financialYearFor(input.financialYear, releasedOn, todayIso)
    const plans = await repo.plansWithTargetsOf(tx, pupilId)
    const derivedPep = input.pepId === undefined || input.pepId === null
    const pepId = derivedPep ? (planOfTarget(plans, input.targetId)?.id ?? null) : input.pepId!
    const allocations = await repo.lockAccount(tx, pupilId, financialYear, 'pp_plus_cla')
    const rows = domainRows(pupilId, await repo.fundingRowsOfPupil(tx, pupilId))
    const check = targetFirst(
      derivedPep,
      checkRelease({
        rows,
        release: {
          pupilId,
          financialYear,
          source: 'pp_plus_cla',
          date: releasedOn,
          amountPence: input.amountPence,
          pepId,
          targetId: input.targetId,
        },
        plans: plansForFunding(pupilId, plans),
        today: todayIso,
        override: overrideOf(input.overrideReason),
      }),
    )
    const extra = inputProblems(financialYear, todayIso, input.amountPence, [
      { path: 'overrideReason', label: 'The reason', value: tidy(input.overrideReason), kind: 'reason' },
    ])
    const settled = settle(check, extra, noAllocationError(allocations, financialYear, 'releasing money'))
    const { value, overrideReason } = settled

    const row = await repo.insertRelease(tx, {
      allocationId: allocations.at(-1)!.id,
      pupilId,
      pepId: value.pepId,
      targetId: value.targetId,
      releasedOn: value.date,
      amountPence: value.amountPence,
      overrideReason,
      recordedBy: actor.userId,
    })
    const about = { schoolId: pupil.schoolId, pupilId, entity: 'funding_release', entityId: row.id }
    const details = { financialYear, amountPence: row.amountPence, pepId: row.pepId, targetId: row.targetId }
    await auditMoneyMoved(tx, actor, 'funding.released', about, details, settled)
    return { ...row, financialYear, source: 'pp_plus_cla' as const }
  })
}

/**
 * PD-9: the school records what the money was spent on, against a target of an approved PEP (CLA) or
 * support plan (PLA, pupil premium), with its category and impact. Beyond the money the school holds
 * only with an override reason, which is audited.
 */
export async function recordSpend(ctx: ServiceContext, actor: Actor, pupilId: string, input: SpendInput) {
  authorise(actor, 'funding:spend')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'funding:spend')
    const financialYear = financialYearFor(input.financialYear, input.spentOn, todayIso)
    const plans = await repo.plansWithTargetsOf(tx, pupilId)
    const before = domainRows(pupilId, await repo.fundingRowsOfPupil(tx, pupilId))
    const status = statusOn(await pupilsRepo.currentEpisodesOf(tx, [pupilId]), todayIso)
    const source = input.source ?? spendSourceFor(plans, input.targetId, before, financialYear, status)
    const allocations = await repo.lockAccount(tx, pupilId, financialYear, source)
    // Read again under the lock: a spend saved meanwhile counts.
    const rows = domainRows(pupilId, await repo.fundingRowsOfPupil(tx, pupilId))
    const check = checkSpend({
      rows,
      spend: {
        pupilId,
        financialYear,
        source,
        date: input.spentOn,
        amountPence: input.amountPence,
        description: input.description,
        category: input.category,
        targetId: input.targetId,
        impact: input.impact ?? null,
      },
      plans: plansForFunding(pupilId, plans),
      today: todayIso,
      override: overrideOf(input.overrideReason),
    })
    const extra = inputProblems(financialYear, todayIso, input.amountPence, [
      {
        path: 'description',
        label: 'What it was spent on',
        value: input.description.trim(),
        kind: 'shortText',
      },
      { path: 'impact', label: 'The impact', value: tidy(input.impact), kind: 'note' },
      { path: 'overrideReason', label: 'The reason', value: tidy(input.overrideReason), kind: 'reason' },
    ])
    const settled = settle(check, extra, noAllocationError(allocations, financialYear, 'recording spending'))
    const { value, overrideReason } = settled

    const row = await repo.insertSpend(tx, {
      allocationId: allocations.at(-1)!.id,
      pupilId,
      schoolId: pupil.schoolId,
      targetId: value.targetId,
      spentOn: value.date,
      amountPence: value.amountPence,
      description: value.description,
      category: value.category,
      impact: value.impact ?? null,
      overrideReason,
      recordedBy: actor.userId,
    })
    // What it was spent on and its impact are free text about the child: they stay out of the audit trail.
    const about = { schoolId: pupil.schoolId, pupilId, entity: 'funding_spend', entityId: row.id }
    const details = {
      source,
      financialYear,
      amountPence: row.amountPence,
      category: row.category,
      targetId: row.targetId,
    }
    await auditMoneyMoved(tx, actor, 'funding.spent', about, details, settled)
    return { ...row, financialYear, source }
  })
}
