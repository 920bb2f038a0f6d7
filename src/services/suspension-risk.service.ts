import { formatDate, isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { statusOn } from '../domain/cohort/status.js'
import {
  atRiskPrompts,
  checkAlternatives,
  checkAtRiskRecord,
  interimPepReviewDue,
  type AtRiskRecord,
} from '../domain/exclusions/at-risk.js'
import {
  checkRiskAssessment,
  RISK_ASSESSMENT_AUDIENCES,
  RISK_ASSESSMENT_SECTIONS,
  type RiskAssessmentAudience,
} from '../domain/exclusions/risk-assessment.js'
import { overlongFields, type TextField } from '../domain/input/text-limits.js'
import type { DatedContact } from '../data/schema/index.js'
import type { Executor } from '../data/db.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { isUuid } from './ids.js'
import { consentOf } from './pupil-suspensions.service.js'
import { requirePupil } from './pupils.service.js'
import { pupilName } from './suspension-facts.js'
import {
  assigneeOf,
  closeObligation,
  promptInterimPepReview,
  RISK_ASSESSMENT_REVIEW_TASK,
} from './suspension-tasks.js'
import { createTask } from './tasks.service.js'

/** Issue 6 item 2: what is recorded when a pupil is at risk of suspension (PD-7, POL-18 to POL-23). */
export type AtRiskInput = {
  openedOn?: IsoDate | undefined
  concern: string
  vsConsultation?: { date: IsoDate; with: string; advice?: string | undefined } | null | undefined
  parentConversation?: { date: IsoDate; with?: string | undefined } | null | undefined
  /** POL-19: for a PLA, the parents agreed to the Virtual School being asked. */
  parentConsentToVirtualSchool?: boolean | undefined
  /** POL-20 codes (domain/exclusions/at-risk.ts ALTERNATIVES_TO_SUSPENSION). */
  alternatives?: string[] | undefined
  alternativesOther?: string | null | undefined
  /** POL-23: reasonable adjustments for a pupil with SEND. */
  sendAdjustments?: string | null | undefined
}

const longText = (path: string, label: string, value: string | null | undefined): TextField => ({
  path,
  label,
  value: value?.trim(),
  kind: 'note',
})

async function statusToday(tx: Executor, pupilId: string, on: IsoDate) {
  return statusOn(await pupilsRepo.currentEpisodesOf(tx, [pupilId]), on)
}

function toStored(input: AtRiskInput) {
  const vs: DatedContact | null = input.vsConsultation
    ? {
        date: input.vsConsultation.date,
        with: input.vsConsultation.with.trim(),
        ...(input.vsConsultation.advice?.trim() ? { advice: input.vsConsultation.advice.trim() } : {}),
      }
    : null
  // POL-19: the parents' consent to asking the Virtual School is kept with the conversation.
  const conversation: (DatedContact & { consentToVirtualSchool?: boolean }) | null = input.parentConversation
    ? {
        date: input.parentConversation.date,
        with: input.parentConversation.with?.trim() ?? '',
        ...(input.parentConsentToVirtualSchool ? { consentToVirtualSchool: true } : {}),
      }
    : null
  return {
    concern: input.concern.trim(),
    vsConsultation: vs,
    parentConversation: conversation,
    alternativesTried: [...new Set(input.alternatives ?? [])],
    otherAlternatives: input.alternativesOther?.trim() || null,
    sendAdjustments: input.sendAdjustments?.trim() || null,
  }
}

function checkAtRisk(
  status: ReturnType<typeof statusOn>,
  input: AtRiskInput,
  todayIso: IsoDate,
): FieldError[] {
  const errors: FieldError[] = []
  if (!input.concern?.trim()) errors.push({ path: 'concern', message: 'Say what the concern is' })
  if (input.openedOn !== undefined && (!isIsoDate(input.openedOn) || input.openedOn > todayIso))
    errors.push({ path: 'openedOn', message: `Enter a date on or before today, ${formatDate(todayIso)}` })
  const record: AtRiskRecord = {
    vsConsultation: input.vsConsultation ?? null,
    parentConversation: input.parentConversation ?? null,
    parentConsentToVirtualSchool: input.parentConsentToVirtualSchool === true,
  }
  const problems = [
    ...checkAtRiskRecord(status, record, todayIso),
    ...checkAlternatives(input.alternatives ?? [], input.alternativesOther),
  ]
  errors.push(...problems.map((p) => ({ path: p.field, message: p.message })))
  errors.push(
    ...overlongFields([
      longText('concern', 'The concern', input.concern),
      longText('vsConsultation.advice', 'The advice', input.vsConsultation?.advice),
      { path: 'vsConsultation.with', label: 'Who', value: input.vsConsultation?.with, kind: 'shortText' },
      {
        path: 'parentConversation.with',
        label: 'Who',
        value: input.parentConversation?.with,
        kind: 'shortText',
      },
      longText('alternativesOther', 'The other alternative', input.alternativesOther),
      longText('sendAdjustments', 'The adjustments', input.sendAdjustments),
    ]),
  )
  return errors
}

/**
 * Marks a pupil at risk of suspension (DT, DSL or headteacher). For a looked after child the designated teacher
 * is prompted to consider an interim PEP review (PD-7, PEP-8); the prompts of what else to do come back with it.
 */
export async function openAtRisk(ctx: ServiceContext, actor: Actor, pupilId: string, input: AtRiskInput) {
  authorise(actor, 'suspension:at_risk')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:at_risk')
    const status = await statusToday(tx, pupil.id, todayIso)
    const errors = checkAtRisk(status, input, todayIso)
    if (await repo.openAtRiskOf(tx, pupil.id))
      errors.push({ path: 'concern', message: 'This pupil is already marked at risk of suspension' })
    if (errors.length) throw new RuleBrokenError(errors)
    const openedOn = input.openedOn ?? todayIso
    const row = await repo.insertAtRisk(tx, {
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      openedOn,
      ...toStored(input),
      createdBy: actor.userId,
    })
    if (interimPepReviewDue(status, { atRisk: true, suspended: false }))
      await promptInterimPepReview(tx, {
        pupil,
        pupilName: pupilName(pupil),
        because: 'at_risk',
        sourceId: row.id,
        on: openedOn,
        createdBy: actor.userId,
      })
    await audit(tx, actor, 'suspension_risk.opened', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'suspension_risk',
      entityId: row.id,
    })
    return { atRisk: row, prompts: promptsFor(status, pupil.senProvision, row) }
  })
}

function promptsFor(status: ReturnType<typeof statusOn>, sen: 'N' | 'K' | 'E', row: repo.AtRiskRow) {
  return atRiskPrompts(status, {
    senProvision: sen,
    record: {
      vsConsultation: row.vsConsultation,
      parentConversation: row.parentConversation,
      parentConsentToVirtualSchool: consentOf(row.parentConversation),
    },
  })
}

async function requireAtRisk(
  tx: Executor,
  actor: Actor,
  pupilId: string,
  atRiskId: string,
  todayIso: IsoDate,
) {
  const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:at_risk')
  const row = isUuid(atRiskId) ? await repo.findAtRisk(tx, atRiskId) : undefined
  if (!row || row.pupilId !== pupil.id) throw new NotFoundError('at-risk record')
  return { pupil, row }
}

/** Adds to the record: the Virtual School's advice, the conversation with parents, more alternatives tried. */
export async function updateAtRisk(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  atRiskId: string,
  version: number,
  changes: Partial<AtRiskInput>,
) {
  authorise(actor, 'suspension:at_risk')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pupil, row } = await requireAtRisk(tx, actor, pupilId, atRiskId, todayIso)
    if (row.status !== 'open')
      throw new RuleBrokenError([{ path: 'status', message: 'This record is closed. Open a new one' }])
    if (row.version !== version) throw new ConflictError()
    const status = await statusToday(tx, pupil.id, todayIso)
    const merged: AtRiskInput = {
      concern: changes.concern ?? row.concern,
      vsConsultation: changes.vsConsultation !== undefined ? changes.vsConsultation : row.vsConsultation,
      parentConversation:
        changes.parentConversation !== undefined ? changes.parentConversation : row.parentConversation,
      parentConsentToVirtualSchool: changes.parentConsentToVirtualSchool ?? consentOf(row.parentConversation),
      alternatives: changes.alternatives ?? row.alternativesTried,
      alternativesOther:
        changes.alternativesOther !== undefined ? changes.alternativesOther : row.otherAlternatives,
      sendAdjustments: changes.sendAdjustments !== undefined ? changes.sendAdjustments : row.sendAdjustments,
    }
    const errors = checkAtRisk(status, merged, todayIso)
    if (errors.length) throw new RuleBrokenError(errors)
    const updated = await repo.updateAtRiskIfVersion(tx, row.id, version, toStored(merged))
    if (!updated) throw new ConflictError()
    await audit(tx, actor, 'suspension_risk.updated', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'suspension_risk',
      entityId: row.id,
      details: { changed: Object.keys(changes) },
    })
    return { atRisk: updated, prompts: promptsFor(status, pupil.senProvision, updated) }
  })
}

/** The pupil is no longer at risk of suspension (or has been suspended): the record closes with a note. */
export async function closeAtRisk(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  atRiskId: string,
  version: number,
  input: { note?: string | null | undefined; closedOn?: IsoDate | undefined },
) {
  authorise(actor, 'suspension:at_risk')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pupil, row } = await requireAtRisk(tx, actor, pupilId, atRiskId, todayIso)
    if (row.status !== 'open')
      throw new RuleBrokenError([{ path: 'status', message: 'This record is already closed' }])
    if (row.version !== version) throw new ConflictError()
    const closedOn = input.closedOn ?? todayIso
    const errors: FieldError[] = overlongFields([longText('note', 'The note', input.note)])
    if (!isIsoDate(closedOn) || closedOn > todayIso || closedOn < row.openedOn)
      errors.push({
        path: 'closedOn',
        message: `Enter a date from ${formatDate(row.openedOn)} to today, ${formatDate(todayIso)}`,
      })
    if (errors.length) throw new RuleBrokenError(errors)
    const updated = await repo.updateAtRiskIfVersion(tx, row.id, version, {
      status: 'closed',
      closedOn,
      closedNote: input.note?.trim() || null,
    })
    if (!updated) throw new ConflictError()
    await audit(tx, actor, 'suspension_risk.closed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'suspension_risk',
      entityId: row.id,
    })
    return updated
  })
}

/** POL-22: a trauma-informed risk assessment, in the sections of RISK_ASSESSMENT_SECTIONS. */
export type RiskAssessmentInput = {
  suspensionId?: string | null | undefined
  completedOn: IsoDate
  content: Partial<Record<(typeof RISK_ASSESSMENT_SECTIONS)[number]['key'], string>>
  actions: Array<{ action: string; who: string; by?: IsoDate | null | undefined }>
  sharedWith: RiskAssessmentAudience[]
  reviewOn: IsoDate | null
}

/**
 * Records a risk assessment after repeated suspensions (POL-22, PD-7, PD-17): the open risk assessment duties
 * of the pupil are done, and its review date becomes a task.
 */
export async function recordRiskAssessment(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: RiskAssessmentInput,
) {
  authorise(actor, 'suspension:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:manage')
    const check = checkRiskAssessment(input)
    const errors: FieldError[] = check.problems.map((p) => ({ path: p.field, message: p.message }))
    if (isIsoDate(input.completedOn) && input.completedOn > todayIso)
      errors.push({ path: 'completedOn', message: 'The date it was completed cannot be in the future' })
    const sections = new Set<string>(RISK_ASSESSMENT_SECTIONS.map((s) => s.key))
    for (const key of Object.keys(input.content))
      if (!sections.has(key))
        errors.push({ path: `content.${key}`, message: 'This is not a section of the template' })
    input.sharedWith.forEach((a, i) => {
      if (!(RISK_ASSESSMENT_AUDIENCES as readonly string[]).includes(a))
        errors.push({ path: `sharedWith.${i}`, message: 'Choose who it was shared with from the list' })
    })
    errors.push(
      ...overlongFields([
        ...Object.entries(input.content).map(([k, v]) => longText(`content.${k}`, 'This section', v)),
        ...input.actions.flatMap((a, i): TextField[] => [
          longText(`actions.${i}.action`, 'The action', a.action),
          { path: `actions.${i}.who`, label: 'Who', value: a.who, kind: 'shortText' },
        ]),
      ]),
    )
    let suspensionId: string | null = null
    if (input.suspensionId) {
      const s = isUuid(input.suspensionId) ? await repo.findSuspension(tx, input.suspensionId) : undefined
      if (!s || s.pupilId !== pupil.id)
        errors.push({ path: 'suspensionId', message: 'Choose one of this pupil’s suspensions' })
      else suspensionId = s.id
    }
    if (errors.length) throw new RuleBrokenError(errors)
    const row = await repo.insertRiskAssessment(tx, {
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      suspensionId,
      completedOn: input.completedOn,
      content: Object.fromEntries(Object.entries(input.content).map(([k, v]) => [k, v?.trim() ?? ''])),
      actions: input.actions.map((a) => ({ action: a.action.trim(), who: a.who.trim(), by: a.by ?? null })),
      sharedWith: [...new Set(input.sharedWith)],
      reviewDate: input.reviewOn!,
      createdBy: actor.userId,
    })
    for (const o of await repo.openObligationsOfPupil(tx, pupil.id, ['risk_assessment']))
      await closeObligation(
        tx,
        o,
        actor.userId,
        `Risk assessment completed on ${formatDate(input.completedOn)}`,
        ctx.now(),
      )
    const status = await statusToday(tx, pupil.id, todayIso)
    await createTask(tx, {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      kind: RISK_ASSESSMENT_REVIEW_TASK,
      title: `Review the risk assessment: ${pupilName(pupil)}`,
      detail: `Completed on ${formatDate(input.completedOn)}.`,
      assigneeRole: assigneeOf('risk_assessment', status),
      dueOn: input.reviewOn!,
      sourceKey: `${RISK_ASSESSMENT_REVIEW_TASK}:${row.id}`,
      createdBy: actor.userId,
    })
    await audit(tx, actor, 'risk_assessment.recorded', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'behaviour_risk_assessment',
      entityId: row.id,
    })
    return { assessment: row, warnings: check.warnings }
  })
}
