import { rubricFromStored } from '../domain/pep/stored-settings.js'
import { ageOn, formatDate, type IsoDate } from '../domain/calendar/dates.js'
import { statusOn } from '../domain/cohort/status.js'
import type { Actor } from '../domain/access/scope.js'
import {
  checkReadyToSubmit,
  checkTargets,
  phaseFor,
  type PepContent,
  type PepKind,
  type PepPhase,
  type TargetInput,
  type TargetReviewInput,
} from '../domain/pep/content.js'
import {
  checkRating,
  DEFAULT_RUBRIC,
  STATUS_LABELS,
  transition,
  type PepAction,
  type RubricLevel,
} from '../domain/pep/workflow.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/peps.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { closeTasksBySourcePrefix } from '../data/repositories/tasks.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { enqueueEmail } from './outbox.service.js'
import { requirePupil } from './pupils.service.js'

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id)

export type PepInput = {
  meetingDate: IsoDate
  nextMeetingDate?: IsoDate | null | undefined
  kind?: PepKind | undefined
  phase?: PepPhase | undefined
  parentsConsentToVs?: boolean | undefined
  content?: PepContent | undefined
  targets?: TargetInput[] | undefined
  reviews?: TargetReviewInput[] | undefined
  submit?: boolean | undefined
}

/** Loads a PEP and its pupil, applying the actor's scope: a PEP of a pupil out of scope does not exist for them. */
async function requirePep(
  tx: Executor,
  actor: Actor,
  pupilId: string,
  pepId: string,
  todayIso: IsoDate,
  action: Parameters<typeof requirePupil>[4],
  lock = false,
) {
  if (!isUuid(pepId)) throw new NotFoundError('pep')
  const pep = lock ? await repo.findPepForUpdate(tx, pepId) : await repo.findPep(tx, pepId)
  if (!pep || pep.pupilId !== pupilId) throw new NotFoundError('pep')
  const pupil = await requirePupil(tx, actor, pep.pupilId, todayIso, action)
  return { pep, pupil }
}

/** Harbour's own records at the meeting date, frozen with the PEP (issue 4 item 2: pre-filled, not retyped). */
async function snapshotAt(
  tx: Executor,
  pupil: { id: string; yearGroup: number | null; senProvision: string },
  meetingDate: IsoDate,
) {
  const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupil.id])
  const status = statusOn(episodes, meetingDate)
  return {
    takenFor: meetingDate,
    yearGroup: pupil.yearGroup,
    senProvision: pupil.senProvision,
    looksAfter: status.responsibleLaCode,
    // Attendance and exclusions arrive with their own modules; until then the PEP says so honestly.
    attendance: null,
    exclusions: null,
  }
}

async function previousPep(tx: Executor, pupilId: string, beforeDate: IsoDate, exceptId?: string) {
  const all = await repo.pepsOfPupil(tx, pupilId)
  return all.find(
    (p) =>
      p.id !== exceptId &&
      p.meetingDate <= beforeDate &&
      (p.status === 'approved' || p.status === 'submitted'),
  )
}

async function checkDraft(
  tx: Executor,
  pupil: { id: string; dateOfBirth: string; yearGroup: number | null },
  kind: PepKind,
  input: PepInput,
) {
  const problems = checkTargets(input.targets ?? [])
  const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupil.id])
  const status = statusOn(episodes, input.meetingDate)
  if (kind === 'pep' && !status.cla)
    problems.push({
      path: 'meetingDate',
      message: `The child was not looked after on ${formatDate(input.meetingDate)}, so a PEP cannot be recorded for that date`,
    })
  // A support plan is the school's own plan for a previously looked after child (issue 4 item 4), and for a
  // child who has or had a social worker, so that pupil premium spent on them serves its targets (PD-9).
  if (kind === 'pla_support_plan' && !status.pla && !status.cswCurrent && !status.cswEver6)
    problems.push({
      path: 'meetingDate',
      message: `The child was not previously looked after and had no social worker in the six years to ${formatDate(input.meetingDate)}, so a support plan cannot be recorded for that date`,
    })
  if (problems.length) throw new RuleBrokenError(problems)
  return status
}

async function saveParts(
  tx: Executor,
  pepId: string,
  pupilId: string,
  input: PepInput,
  previousTargetIds: Set<string>,
) {
  if (input.targets)
    await repo.replaceTargets(
      tx,
      pepId,
      pupilId,
      input.targets.map((t) => ({
        area: t.area?.trim() || null,
        description: t.description.trim(),
        successCriteria: t.successCriteria.trim(),
        owner: t.owner.trim(),
        dueBy: t.dueBy,
        ppPlusRequestedPence: t.ppPlusRequestedPence ?? 0,
        carriedFromTargetId:
          t.carriedFromTargetId && previousTargetIds.has(t.carriedFromTargetId)
            ? t.carriedFromTargetId
            : null,
      })),
    )
  if (input.reviews) {
    const unknown = input.reviews.findIndex((r) => !previousTargetIds.has(r.targetId))
    if (unknown >= 0)
      throw new RuleBrokenError([
        {
          path: `reviews.${unknown}.targetId`,
          message: 'Only the previous PEP’s targets can be reviewed here',
        },
      ])
    await repo.replaceReviews(tx, pepId, pupilId, input.reviews)
  }
}

async function previousTargetsOf(tx: Executor, pep: { followsPepId: string | null }) {
  return pep.followsPepId ? repo.targetsOf(tx, pep.followsPepId) : []
}

/** `POST /pupils/{id}/peps`: a new PEP (a draft, or submitted at once with `submit: true`). */
export async function createPep(ctx: ServiceContext, actor: Actor, pupilId: string, input: PepInput) {
  authorise(actor, 'pep:write')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pep:write')
    const kind = input.kind ?? 'pep'
    const status = await checkDraft(tx, pupil, kind, input)
    const follows = await previousPep(tx, pupil.id, input.meetingDate)
    const pep = await repo.insertPep(tx, {
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      kind,
      phase: input.phase ?? phaseFor(ageOn(pupil.dateOfBirth, input.meetingDate), pupil.yearGroup),
      meetingDate: input.meetingDate,
      nextMeetingDate: input.nextMeetingDate ?? null,
      responsibleLaCode: status.responsibleLaCode,
      // PD-12: only a previously looked after child's plan can go to the Virtual School, with consent.
      parentsConsentToVs:
        kind === 'pla_support_plan' && status.pla ? (input.parentsConsentToVs ?? false) : false,
      followsPepId: follows?.id ?? null,
      content: input.content ?? {},
      snapshot: await snapshotAt(tx, pupil, input.meetingDate),
      createdBy: actor.userId,
    })
    const previousTargets = await previousTargetsOf(tx, pep)
    await saveParts(tx, pep.id, pupil.id, input, new Set(previousTargets.map((t) => t.id)))
    await repo.insertPepEvent(tx, {
      pepId: pep.id,
      pupilId: pupil.id,
      action: 'created',
      byUserId: actor.userId,
    })
    await audit(tx, actor, 'pep.created', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pep',
      entityId: pep.id,
    })
    if (!input.submit) return { id: pep.id, status: pep.status, version: pep.version }
    const submitted = await submitInTx(tx, actor, pep, pupil, todayIso, ctx.now())
    return { id: submitted.id, status: submitted.status, version: submitted.version }
  })
}

/** Saves a draft's sections ("save and come back"); a stale `version` is a 409, never a lost update. */
export async function updatePep(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  pepId: string,
  version: number,
  input: Partial<PepInput>,
) {
  authorise(actor, 'pep:write')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pep, pupil } = await requirePep(tx, actor, pupilId, pepId, todayIso, 'pep:write', true)
    const allowed = transition(pep.status, 'edit', pep)
    if (!allowed.ok) throw new RuleBrokenError([{ path: 'status', message: allowed.reason }])
    if (pep.version !== version) throw new ConflictError()
    const meetingDate = input.meetingDate ?? pep.meetingDate
    const merged: PepInput = { ...input, meetingDate }
    const status = await checkDraft(tx, pupil, pep.kind, merged)
    const content = input.content ? { ...pep.content, ...input.content } : pep.content
    const updated = await repo.updatePepIfVersion(tx, pep.id, version, {
      meetingDate,
      ...(input.nextMeetingDate !== undefined ? { nextMeetingDate: input.nextMeetingDate } : {}),
      ...(input.phase ? { phase: input.phase } : {}),
      ...(input.parentsConsentToVs !== undefined && pep.kind === 'pla_support_plan'
        ? { parentsConsentToVs: status.pla && input.parentsConsentToVs }
        : {}),
      responsibleLaCode: status.responsibleLaCode,
      content,
      ...(meetingDate !== pep.meetingDate ? { snapshot: await snapshotAt(tx, pupil, meetingDate) } : {}),
    })
    if (!updated) throw new ConflictError()
    const previousTargets = await previousTargetsOf(tx, pep)
    await saveParts(tx, pep.id, pupil.id, merged, new Set(previousTargets.map((t) => t.id)))
    await audit(tx, actor, 'pep.updated', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pep',
      entityId: pep.id,
      details: {
        sections: Object.keys(input)
          .filter((k) => k !== 'content')
          .concat(Object.keys(input.content ?? {})),
      },
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  })
}

async function submitInTx(
  tx: Executor,
  actor: Actor,
  pep: repo.PepRow,
  pupil: { id: string; schoolId: string; givenName: string; familyName: string; yearGroup: number | null },
  todayIso: IsoDate,
  now: Date,
) {
  const next = transition(pep.status, 'submit', pep)
  if (!next.ok) throw new RuleBrokenError([{ path: 'status', message: next.reason }])
  const targets = await repo.targetsOf(tx, pep.id)
  const previousTargets = await previousTargetsOf(tx, pep)
  const reviews = await repo.reviewsOf(tx, pep.id)
  const problems = checkReadyToSubmit({
    kind: pep.kind,
    phase: pep.phase,
    meetingDate: pep.meetingDate,
    today: todayIso,
    yearGroup: pupil.yearGroup,
    content: pep.content,
    targets,
    previousTargets,
    reviews,
  })
  if (problems.length) throw new RuleBrokenError(problems, 'This PEP is not ready to submit')
  const updated = await repo.updatePepIfVersion(tx, pep.id, pep.version, {
    status: next.to,
    submittedAt: now,
    submittedBy: actor.userId,
    returnFeedback: null,
    // A plan the school keeps (a PLA support plan without the parents' consent) is final when submitted.
    ...(next.to === 'approved' ? { approvedAt: now } : {}),
  })
  if (!updated) throw new ConflictError()
  await repo.insertPepEvent(tx, {
    pepId: pep.id,
    pupilId: pupil.id,
    action: 'submitted',
    byUserId: actor.userId,
  })
  // The DT's "PEP due by …" tasks close when a PEP is submitted (issue 4 item 1).
  await closeTasksBySourcePrefix(tx, `pep_due:${pupil.id}:`, actor.userId, 'Closed: a PEP was submitted')
  await audit(tx, actor, 'pep.submitted', {
    schoolId: pupil.schoolId,
    pupilId: pupil.id,
    entity: 'pep',
    entityId: pep.id,
  })
  await notify(
    tx,
    pupil,
    updated,
    todayIso,
    `PEP submitted for ${pupil.givenName} ${pupil.familyName}`,
    `The PEP from the meeting on ${formatDate(pep.meetingDate)} has been submitted by ${actor.name}.`,
  )
  return updated
}

export async function submitPep(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  pepId: string,
  version: number,
) {
  authorise(actor, 'pep:submit')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pep, pupil } = await requirePep(tx, actor, pupilId, pepId, todayIso, 'pep:submit', true)
    if (pep.version !== version) {
      // Submitting twice (a double click, two tabs): say what happened rather than a bare conflict.
      const already = transition(pep.status, 'submit', pep)
      if (!already.ok) throw new RuleBrokenError([{ path: 'status', message: already.reason }])
      throw new ConflictError()
    }
    const updated = await submitInTx(tx, actor, pep, pupil, todayIso, ctx.now())
    return { id: updated.id, status: updated.status, version: updated.version }
  })
}

async function rubricFor(tx: Executor, laCode: string | null): Promise<ReadonlyArray<RubricLevel>> {
  if (!laCode) return DEFAULT_RUBRIC
  return rubricFromStored(await repo.virtualSchoolSettingsFor(tx, laCode))
}

export async function qualityRubric(ctx: ServiceContext, laCode: string | null) {
  return rubricFor(ctx.db, laCode)
}

/** The Virtual School's decision on a submitted PEP: returned with feedback, or approved with a quality rating. */
export async function decidePep(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  pepId: string,
  version: number,
  decision:
    | { action: 'return'; feedback: string }
    | { action: 'approve'; rating: string; notes?: string | undefined },
) {
  authorise(actor, 'pep:approve')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pep, pupil } = await requirePep(tx, actor, pupilId, pepId, todayIso, 'pep:approve', true)
    const action: PepAction = decision.action
    const next = transition(pep.status, action, pep)
    if (!next.ok) throw new RuleBrokenError([{ path: 'status', message: next.reason }])
    if (pep.version !== version) throw new ConflictError()
    if (pep.createdBy === actor.userId || pep.submittedBy === actor.userId)
      throw new RuleBrokenError([
        { path: 'decision', message: 'You cannot approve or return a PEP you wrote or submitted' },
      ])
    if (decision.action === 'return') {
      if (!decision.feedback.trim())
        throw new RuleBrokenError([
          { path: 'feedback', message: 'Say what needs to change before the PEP can be approved' },
        ])
    } else {
      const problem = checkRating(await rubricFor(tx, pep.responsibleLaCode), decision.rating)
      if (problem) throw new RuleBrokenError([{ path: 'rating', message: problem }])
    }
    const updated = await repo.updatePepIfVersion(
      tx,
      pep.id,
      version,
      decision.action === 'return'
        ? { status: next.to, returnFeedback: decision.feedback.trim() }
        : {
            status: next.to,
            approvedAt: ctx.now(),
            approvedBy: actor.userId,
            qualityRating: decision.rating,
            qualityNotes: decision.notes?.trim() || null,
          },
    )
    if (!updated) throw new ConflictError()
    await repo.insertPepEvent(tx, {
      pepId: pep.id,
      pupilId: pupil.id,
      action: decision.action === 'return' ? 'returned' : 'approved',
      byUserId: actor.userId,
      feedback: decision.action === 'return' ? decision.feedback.trim() : (decision.notes?.trim() ?? null),
      rating: decision.action === 'approve' ? decision.rating : null,
    })
    await audit(tx, actor, decision.action === 'return' ? 'pep.returned' : 'pep.approved', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pep',
      entityId: pep.id,
      ...(decision.action === 'approve' ? { details: { rating: decision.rating } } : {}),
    })
    await notify(
      tx,
      pupil,
      updated,
      todayIso,
      decision.action === 'return'
        ? `PEP returned for changes: ${pupil.givenName} ${pupil.familyName}`
        : `PEP approved: ${pupil.givenName} ${pupil.familyName}`,
      decision.action === 'return'
        ? `The Virtual School has returned the PEP from ${formatDate(pep.meetingDate)} with feedback. Open it in Harbour to see what needs to change.`
        : `The Virtual School has approved the PEP from ${formatDate(pep.meetingDate)}.`,
    )
    return { id: updated.id, status: updated.status, version: updated.version }
  })
}

async function notify(
  tx: Executor,
  pupil: { id: string; schoolId: string },
  pep: repo.PepRow,
  todayIso: IsoDate,
  subject: string,
  body: string,
) {
  const recipients = await repo.pepRecipients(tx, pupil.schoolId, pupil.id, todayIso)
  const seen = new Set<string>()
  for (const r of recipients) {
    const to = r.email.trim().toLowerCase()
    if (seen.has(to)) continue
    seen.add(to)
    // Subjects name the child for the professionals around them; the body links nothing sensitive beyond Harbour.
    await enqueueEmail(tx, {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      to: r.email,
      subject,
      body: `${body}\n\nStatus: ${STATUS_LABELS[pep.status]}.\nSign in to Harbour to read it.`,
    })
  }
}

/** One PEP with its targets, reviews and history: an audited read (DOMAIN.md "Privacy": every read). */
export async function getPep(ctx: ServiceContext, actor: Actor, pupilId: string, pepId: string) {
  authorise(actor, 'pep:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pep, pupil } = await requirePep(tx, actor, pupilId, pepId, todayIso, 'pep:read')
    const targets = await repo.targetsOf(tx, pep.id)
    const reviews = await repo.reviewsOf(tx, pep.id)
    const events = await repo.eventsOf(tx, pep.id)
    const previousTargets = await previousTargetsOf(tx, pep)
    await audit(tx, actor, 'pep.viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pep',
      entityId: pep.id,
    })
    return {
      pep,
      pupil,
      targets,
      reviews,
      events,
      previousTargets,
      rubric: await rubricFor(tx, pep.responsibleLaCode),
    }
  })
}

export type PepDetail = Awaited<ReturnType<typeof getPep>>

/** A pupil's PEPs, newest first: an audited read. */
export async function listPupilPeps(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pep:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'pep:read')
    const peps = await repo.pepsOfPupil(tx, pupil.id)
    await audit(tx, actor, 'pep.listed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
    })
    return { pupil, peps }
  })
}
