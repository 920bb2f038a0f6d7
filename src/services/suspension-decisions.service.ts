import { formatDate, isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import type { Action } from '../domain/access/permissions.js'
import type { Actor } from '../domain/access/scope.js'
import { boardReviewFor, checkBoardDecision, checkCancellation } from '../domain/exclusions/board-review.js'
import { countedSuspensionDays, suspensionSchoolDays } from '../domain/exclusions/days.js'
import { highestTermTotal } from '../domain/exclusions/suspension-duties.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Executor, Tx } from '../data/db.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { isUuid } from './ids.js'
import { requirePupil } from './pupils.service.js'
import { letterFactsFor, loadSuspensionFacts, toRecorded, type SuspensionFacts } from './suspension-facts.js'
import {
  boardDecisionLetter,
  cancellationLetter,
  day6ProvisionLetter,
  RECIPIENT_OF,
  type Day6Details,
  type Letter,
  type LetterFacts,
  type NoticeRecipient,
} from './suspension-letters.js'
import { draftAndQueue } from './suspension-notices.js'
import { closeObligation } from './suspension-tasks.js'

/** A suspension of the pupil, in the actor's scope (404 otherwise), locked for the change. */
export async function requireSuspension(
  tx: Executor,
  actor: Actor,
  pupilId: string,
  suspensionId: string,
  todayIso: IsoDate,
  action: Action,
) {
  const pupil = await requirePupil(tx, actor, pupilId, todayIso, action)
  const row = isUuid(suspensionId) ? await repo.findSuspension(tx, suspensionId, true) : undefined
  if (!row || row.pupilId !== pupil.id) throw new NotFoundError('suspension')
  return { pupil, row }
}

/** Which suspension a decision is about, and the version the user saw (a stale one is a ConflictError). */
type SuspensionTarget = { pupilId: string; suspensionId: string; version?: number | undefined }

type DecisionScope = {
  tx: Tx
  todayIso: IsoDate
  pupil: Awaited<ReturnType<typeof requireSuspension>>['pupil']
  row: repo.SuspensionRow
}

/** The opening every decision shares: authorise, one transaction, the suspension in scope and unchanged. */
async function withSuspension<T>(
  ctx: ServiceContext,
  actor: Actor,
  target: SuspensionTarget,
  action: Action,
  work: (scope: DecisionScope) => Promise<T>,
): Promise<T> {
  authorise(actor, action)
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pupil, row } = await requireSuspension(
      tx,
      actor,
      target.pupilId,
      target.suspensionId,
      todayIso,
      action,
    )
    if (target.version !== undefined && target.version !== row.version) throw new ConflictError()
    return work({ tx, todayIso, pupil, row })
  })
}

/** The letters a decision sends, written from the suspension as it now stands, drafted and queued. */
async function draftLetters(
  tx: Tx,
  actor: Actor,
  about: {
    row: repo.SuspensionRow
    pupil: DecisionScope['pupil']
    facts: SuspensionFacts
    on: IsoDate
    purpose: repo.NoticeRow['purpose']
    recipients: readonly NoticeRecipient[]
    write: (recipient: NoticeRecipient, facts: LetterFacts, addressee: string | null) => Letter
  },
) {
  const { row, pupil, facts } = about
  const letterFacts = letterFactsFor({
    row,
    obligations: await repo.obligationsOf(tx, row.id),
    pupil,
    school: facts.school,
    calendar: facts.calendar,
    headteacherName: actor.name,
  })
  return draftAndQueue(tx, actor, {
    suspensionId: row.id,
    pupilId: pupil.id,
    school: facts.school,
    status: facts.status,
    on: about.on,
    purpose: about.purpose,
    recipients: about.recipients,
    write: (recipient, addressee) => about.write(recipient, letterFacts, addressee),
  })
}

function auditDecision(
  tx: Tx,
  actor: Actor,
  action: string,
  scope: Pick<DecisionScope, 'pupil' | 'row'>,
  details?: Record<string, unknown>,
) {
  return audit(tx, actor, action, {
    schoolId: scope.pupil.schoolId,
    pupilId: scope.pupil.id,
    entity: 'suspension',
    entityId: scope.row.id,
    details,
  })
}

function refuse(reasons: Array<{ field: string; message: string }>, message: string): never {
  throw new RuleBrokenError(
    reasons.map((r) => ({ path: r.field, message: r.message })),
    message,
  )
}

async function closeOpen(
  tx: Executor,
  suspensionId: string,
  kinds: readonly string[] | 'all',
  userId: string,
  note: string,
  at: Date,
) {
  for (const o of await repo.openObligationsOf(tx, suspensionId))
    if (kinds === 'all' || kinds.includes(o.kind)) await closeObligation(tx, o, userId, note, at)
}

/**
 * EX-19: the headteacher cancels an exclusion before the board has decided. Parents, the board, the LA, the
 * social worker and the Virtual School Head are told, with the reasons; it no longer counts towards any total,
 * and its open duties close.
 */
export async function cancelSuspension(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  suspensionId: string,
  input: { reason: string; cancelledOn?: IsoDate | undefined; version?: number | undefined },
) {
  const target = { pupilId, suspensionId, version: input.version }
  return withSuspension(ctx, actor, target, 'suspension:decide', async ({ tx, todayIso, pupil, row }) => {
    const cancelledOn = input.cancelledOn ?? todayIso
    const errors: FieldError[] = overlongFields([
      { path: 'reason', label: 'The reason', value: input.reason.trim(), kind: 'reason' },
    ])
    if (!isIsoDate(cancelledOn) || cancelledOn > todayIso)
      errors.push({
        path: 'cancelledOn',
        message: `Enter a date on or before today, ${formatDate(todayIso)}`,
      })
    if (errors.length) throw new RuleBrokenError(errors)
    const facts = await loadSuspensionFacts(tx, pupil, row.startDate)
    const check = checkCancellation(facts.status, {
      exclusion: { startDate: row.startDate, cancelled: row.status === 'cancelled' },
      boardDecision: row.boardDecision,
      cancelledOn,
      reason: input.reason,
    })
    if (!check.allowed) refuse(check.reasons, 'The exclusion cannot be cancelled')
    const updated = await repo.updateSuspensionIfVersion(tx, row.id, row.version, {
      status: 'cancelled',
      cancelledOn,
      cancellationReason: input.reason.trim(),
    })
    if (!updated) throw new ConflictError()
    await closeOpen(tx, row.id, 'all', actor.userId, 'Closed: the exclusion was cancelled', ctx.now())
    const notices = await draftLetters(tx, actor, {
      row,
      pupil,
      facts,
      on: cancelledOn,
      purpose: 'cancellation',
      recipients: check.notices.map((n) => RECIPIENT_OF[n.kind as keyof typeof RECIPIENT_OF]),
      write: (recipient, letterFacts, addressee) =>
        cancellationLetter(recipient, letterFacts, addressee, cancelledOn, input.reason),
    })
    await auditDecision(
      tx,
      actor,
      'suspension.cancelled',
      { pupil, row },
      {
        notices: notices.length,
        emailed: notices.filter((n) => n.queued).length,
      },
    )
    return { suspension: updated, notices }
  })
}

export type BoardDecisionInput = {
  meetingOn: IsoDate
  outcome: 'uphold' | 'reinstate'
  notes?: string | null | undefined
  /** EX-11: false when the pupil can no longer be reinstated (the suspension is over). */
  reinstatementPractical?: boolean | undefined
  /** The day the parents were told of the decision; the meeting date by default. */
  noticeGivenOn?: IsoDate | undefined
  /** EX-10: the pupil would have missed a public exam, so the board had to meet whatever the days. */
  missedPublicExam?: boolean | undefined
  version?: number | undefined
}

/**
 * EX-10, EX-11, EX-12: the governing board's meeting and its decision, once per exclusion. For a permanent
 * exclusion it upheld, the last day to apply for an independent review is set and the parents told.
 */
export async function recordBoardDecision(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  suspensionId: string,
  input: BoardDecisionInput,
) {
  const target = { pupilId, suspensionId, version: input.version }
  return withSuspension(ctx, actor, target, 'suspension:decide', async ({ tx, todayIso, pupil, row }) => {
    const errors: FieldError[] = overlongFields([
      { path: 'notes', label: 'The notes', value: input.notes?.trim(), kind: 'note' },
    ])
    if (!isIsoDate(input.meetingOn) || input.meetingOn > todayIso)
      errors.push({ path: 'meetingOn', message: `Enter the date the board met, on or before today` })
    if (errors.length) throw new RuleBrokenError(errors)
    const facts = await loadSuspensionFacts(tx, pupil, row.startDate)
    const others = facts.suspensions.filter((s) => s.id !== row.id).map(toRecorded)
    const own = row.category === 'PERM' ? [] : suspensionSchoolDays(facts.calendar, toRecorded(row)).days
    const review = boardReviewFor({
      category: row.category,
      daysInTerm: highestTermTotal(own, countedSuspensionDays(facts.calendar, others)),
      missesPublicExam: input.missedPublicExam === true,
    })
    const check = checkBoardDecision(facts.calendar, {
      exclusion: { category: row.category, startDate: row.startDate, cancelled: row.status === 'cancelled' },
      review,
      existingDecision: row.boardDecision,
      outcome: input.outcome,
      decidedOn: input.meetingOn,
      reinstatementPractical: input.reinstatementPractical ?? true,
      ...(input.noticeGivenOn ? { noticeGivenOn: input.noticeGivenOn } : {}),
    })
    if (!check.allowed) refuse(check.reasons, 'The governing board’s decision cannot be recorded')
    const updated = await repo.updateSuspensionIfVersion(tx, row.id, row.version, {
      boardMeetingOn: input.meetingOn,
      boardDecision: check.recordedAs,
      boardDecisionNotes: input.notes?.trim() || null,
      boardDecisionNotifiedOn: input.noticeGivenOn ?? input.meetingOn,
      independentReviewDeadline: check.independentReview?.dueBy ?? null,
    })
    if (!updated) throw new ConflictError()
    await closeOpen(
      tx,
      row.id,
      ['governing_board_must_meet', 'governing_board_meet_if_requested'],
      actor.userId,
      `The governing board met on ${formatDate(input.meetingOn)}`,
      ctx.now(),
    )
    const notices = await draftLetters(tx, actor, {
      row,
      pupil,
      facts,
      on: input.meetingOn,
      purpose: 'board_decision',
      recipients: ['parent'],
      write: (_recipient, letterFacts, addressee) =>
        boardDecisionLetter(letterFacts, addressee, {
          outcome: check.recordedAs,
          meetingOn: input.meetingOn,
          independentReviewBy: check.independentReview?.dueBy ?? null,
        }),
    })
    await auditDecision(
      tx,
      actor,
      'suspension.board_decided',
      { pupil, row },
      {
        outcome: check.recordedAs,
        independentReviewDeadline: check.independentReview?.dueBy ?? null,
      },
    )
    return { suspension: updated, notices, independentReview: check.independentReview }
  })
}

/**
 * EX-5, EX-7: the education arranged from the sixth day (where, hours, from when). Its duty is done, and the
 * parents get the details in writing.
 */
export async function recordDay6Provision(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  suspensionId: string,
  input: Day6Details & { version?: number | undefined },
) {
  const target = { pupilId, suspensionId, version: input.version }
  return withSuspension(ctx, actor, target, 'suspension:manage', async ({ tx, todayIso, pupil, row }) => {
    const details = { where: input.where.trim(), hours: input.hours.trim(), from: input.from }
    const errors: FieldError[] = overlongFields([
      { path: 'where', label: 'Where', value: details.where, kind: 'shortText' },
      { path: 'hours', label: 'The hours', value: details.hours, kind: 'shortText' },
    ])
    if (!details.where) errors.push({ path: 'where', message: 'Enter where the pupil will be taught' })
    if (!details.hours) errors.push({ path: 'hours', message: 'Enter the hours, like 9am to 3pm each day' })
    if (!isIsoDate(details.from)) errors.push({ path: 'from', message: 'Enter the date it starts' })
    else if (details.from < row.startDate)
      errors.push({
        path: 'from',
        message: `It cannot start before the suspension, on ${formatDate(row.startDate)}`,
      })
    if (row.status === 'cancelled')
      errors.push({ path: 'from', message: 'This suspension was cancelled, so no provision is needed' })
    if (errors.length) throw new RuleBrokenError(errors)
    const updated = await repo.updateSuspensionIfVersion(tx, row.id, row.version, { day6Provision: details })
    if (!updated) throw new ConflictError()
    await closeOpen(
      tx,
      row.id,
      ['arrange_day6_provision'],
      actor.userId,
      `From ${formatDate(details.from)} at ${details.where}`,
      ctx.now(),
    )
    const facts = await loadSuspensionFacts(tx, pupil, row.startDate)
    const notices = await draftLetters(tx, actor, {
      row: updated,
      pupil,
      facts,
      on: todayIso,
      purpose: 'day6_provision',
      recipients: ['parent'],
      write: (_recipient, letterFacts, addressee) => day6ProvisionLetter(letterFacts, addressee, details),
    })
    await auditDecision(tx, actor, 'suspension.day6_provision_recorded', { pupil, row })
    return { suspension: updated, notices }
  })
}

/** A duty done by staff (a letter sent by hand, the board's meeting arranged), with a note. */
export async function completeObligation(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  obligationId: string,
  note?: string | null,
) {
  authorise(actor, 'suspension:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:manage')
    const obligation = isUuid(obligationId) ? await repo.findObligation(tx, obligationId) : undefined
    if (!obligation || obligation.pupilId !== pupil.id) throw new NotFoundError('obligation')
    const tooLong = overlongFields([
      { path: 'note', label: 'The note', value: note?.trim(), kind: 'taskNote' },
    ])
    if (tooLong.length) throw new RuleBrokenError(tooLong)
    const done = await closeObligation(tx, obligation, actor.userId, note?.trim() || null, ctx.now())
    if (done)
      await audit(tx, actor, 'suspension_obligation.completed', {
        schoolId: pupil.schoolId,
        pupilId: pupil.id,
        entity: 'suspension_obligation',
        entityId: obligation.id,
        details: { kind: obligation.kind },
      })
    return (await repo.findObligation(tx, obligation.id))!
  })
}
