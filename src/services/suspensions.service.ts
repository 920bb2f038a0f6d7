import { formatDate, isIsoDate, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { checkSuspension } from '../domain/exclusions/check-suspension.js'
import {
  suspensionSummary as summariseSuspensions,
  type SuspensionSummary,
} from '../domain/exclusions/days.js'
import type { Day6Exception } from '../domain/exclusions/day-six.js'
import { OBLIGATION_KINDS, type ObligationKind } from '../domain/exclusions/obligations.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError, type FieldError } from './errors.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendar } from './schools.service.js'
import {
  isOnRoll,
  letterFactsFor,
  loadSuspensionFacts,
  pupilName,
  suspensionSettingsOf,
  toRecorded,
  virtualSchoolSettingsOf,
} from './suspension-facts.js'
import { RECIPIENT_OF, suspensionLetter, type NoticeRecipient } from './suspension-letters.js'
import { draftAndQueue, type DraftedNotice } from './suspension-notices.js'
import { closeObligation, createObligation, promptInterimPepReview } from './suspension-tasks.js'

/** `POST /pupils/{id}/suspensions` (shared/API.md), plus what a page adds: the kind, details, EX-6 and EX-10 facts. */
export type SuspensionInput = {
  /** A suspension unless `PERM`; a lunchtime is `lunchtime: true` (EX-16). */
  category?: 'SUSP' | 'PERM' | undefined
  startDate: IsoDate
  /** School days, a multiple of 0.5; not needed for a permanent exclusion. */
  days?: number | undefined
  lunchtime?: boolean | undefined
  reasons: string[]
  details?: string | null | undefined
  vsConsultation?: { date: IsoDate; with: string; advice?: string | undefined } | null | undefined
  parentConversation?: { date: IsoDate; with?: string | undefined } | null | undefined
  overrideReason?: string | null | undefined
  /** EX-10: the date of a public exam or national curriculum test the pupil would miss. */
  publicExamMissed?: IsoDate | null | undefined
  /** EX-6: why day-6 provision is not needed, or needed for fewer hours. */
  day6Exception?: Day6Exception | null | undefined
}

export type RecordedObligation = { kind: ObligationKind; dueBy: IsoDate }

export type RecordSuspensionResult = {
  id: string
  obligations: RecordedObligation[]
  warnings: Array<{ code: string; message: string }>
  notices: DraftedNotice[]
}

function checkText(input: SuspensionInput): FieldError[] {
  return overlongFields([
    { path: 'details', label: 'The details', value: input.details?.trim(), kind: 'note' },
    { path: 'overrideReason', label: 'The reason', value: input.overrideReason?.trim(), kind: 'reason' },
    {
      path: 'vsConsultation.with',
      label: 'Who you spoke to',
      value: input.vsConsultation?.with,
      kind: 'shortText',
    },
    { path: 'vsConsultation.advice', label: 'The advice', value: input.vsConsultation?.advice, kind: 'note' },
    {
      path: 'parentConversation.with',
      label: 'Who you spoke to',
      value: input.parentConversation?.with,
      kind: 'shortText',
    },
  ])
}

const NOTIFY_KINDS = new Set<string>(Object.keys(RECIPIENT_OF))

/**
 * Everything recording checks before it writes (EX-1 to EX-13, PD-7, PD-17): the pupil in scope and on roll,
 * the text limits and domain/exclusions' rules. Refused with every reason; allowed with the duties it creates.
 */
async function checkProposed(
  tx: Executor,
  actor: Actor,
  pupilId: string,
  input: SuspensionInput,
  todayIso: IsoDate,
) {
  const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:record')
  const errors: FieldError[] = checkText(input)
  const validStart = isIsoDate(input.startDate)
  if (validStart && !isOnRoll(pupil, input.startDate))
    errors.push({
      path: 'startDate',
      message: `${pupilName(pupil)} was not on roll at ${pupil.schoolName} on ${formatDate(input.startDate)}`,
    })
  const facts = await loadSuspensionFacts(tx, pupil, validStart ? input.startDate : todayIso)
  const check = checkSuspension({
    status: facts.status,
    calendar: facts.calendar,
    otherSuspensions: facts.suspensions.map(toRecorded),
    riskAssessmentOpen: await repo.hasOpenObligation(tx, pupil.id, 'risk_assessment'),
    senProvision: pupil.senProvision,
    proposed: {
      category: input.category ?? 'SUSP',
      startDate: input.startDate,
      ...(input.days !== undefined ? { days: input.days } : {}),
      lunchtime: input.lunchtime ?? false,
      reasons: input.reasons,
      vsConsultation: input.vsConsultation ?? null,
      parentConversation: input.parentConversation ?? null,
      overrideReason: input.overrideReason?.trim() || null,
      publicExamMissed: input.publicExamMissed ?? null,
      day6Exception: input.day6Exception ?? null,
    },
    settings: suspensionSettingsOf(facts.school.settings, await virtualSchoolSettingsOf(tx, facts.status)),
  })
  if (!check.allowed) errors.push(...check.reasons.map((r) => ({ path: r.field, message: r.message })))
  if (errors.length || !check.allowed) throw new RuleBrokenError(errors, 'The suspension cannot be recorded')
  return { pupil, facts, check }
}

/**
 * Records a suspension or permanent exclusion (issue 6 item 3; DOMAIN.md EX-1 to EX-13, PD-7, PD-17): checks it
 * with domain/exclusions, and in one transaction stores it, its duties as tasks, and the letters (EX-9), queuing
 * each one that has an address. A refusal changes nothing.
 */
export async function recordSuspension(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: SuspensionInput,
): Promise<RecordSuspensionResult> {
  authorise(actor, 'suspension:record')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { pupil, facts, check } = await checkProposed(tx, actor, pupilId, input, todayIso)

    const atRisk = await repo.openAtRiskOf(tx, pupil.id)
    const row = await repo.insertSuspension(tx, {
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      category: check.category,
      startDate: input.startDate,
      halfDays: check.category === 'PERM' ? null : check.days * 2,
      lunchtime: check.lunchtime,
      schoolYear: schoolYearOf(input.startDate),
      reasons: check.reasonCodes.map((r) => r.code),
      reasonTableVersion: check.reasonCodes[0]!.tableVersion,
      details: input.details?.trim() || null,
      vsConsultation: input.vsConsultation
        ? {
            date: input.vsConsultation.date,
            with: input.vsConsultation.with.trim(),
            ...(input.vsConsultation.advice?.trim() ? { advice: input.vsConsultation.advice.trim() } : {}),
          }
        : null,
      parentConversation: input.parentConversation
        ? { date: input.parentConversation.date, with: input.parentConversation.with?.trim() ?? '' }
        : null,
      // PD-7: kept only when it stood in for the conversation, so reports show every override.
      overrideReason: check.overridden ? (input.overrideReason?.trim() ?? null) : null,
      atRiskId: atRisk?.id ?? null,
      recordedBy: actor.userId,
    })

    const name = pupilName(pupil)
    const obligations = [...check.obligations].sort(
      (a, b) => OBLIGATION_KINDS.indexOf(a.kind) - OBLIGATION_KINDS.indexOf(b.kind),
    )
    const letterFacts = letterFactsFor({
      row,
      obligations,
      pupil,
      school: facts.school,
      calendar: facts.calendar,
      headteacherName: actor.name,
    })
    const recipientOf = (kind: ObligationKind) =>
      NOTIFY_KINDS.has(kind) ? RECIPIENT_OF[kind as keyof typeof RECIPIENT_OF] : null
    // The parents' letter must say where representations go (EX-9): until the school has set that, it is a draft.
    const hold = (r: NoticeRecipient) => r === 'parent' && letterFacts.representationsTo === null
    const notices = await draftAndQueue(tx, actor, {
      suspensionId: row.id,
      pupilId: pupil.id,
      school: facts.school,
      status: facts.status,
      on: input.startDate,
      purpose: 'suspension',
      recipients: obligations.map((o) => recipientOf(o.kind)).filter((r) => r !== null),
      write: (recipient, addressee) => suspensionLetter(recipient, letterFacts, addressee),
      hold,
    })
    for (const o of obligations) {
      const recipient = recipientOf(o.kind)
      const letters = notices.filter((n) => n.recipient === recipient)
      const stored = await createObligation(tx, {
        suspensionId: row.id,
        pupil,
        pupilName: name,
        status: facts.status,
        kind: o.kind,
        dueBy: o.dueBy,
        detail: recipient
          ? noticeTaskDetail(recipient, letters, hold(recipient))
          : provisionalNote(o.provisional),
        createdBy: actor.userId,
      })
      // A notice emailed to everyone it was for is given: its duty is done. Otherwise it waits for staff.
      if (letters.length && letters.every((n) => n.queued))
        await closeObligation(tx, stored, actor.userId, 'Emailed through Harbour', ctx.now())
    }
    if (check.warnings.some((w) => w.code === 'consider_interim_pep_review'))
      await promptInterimPepReview(tx, {
        pupil,
        pupilName: name,
        because: 'suspended',
        sourceId: row.id,
        on: input.startDate,
        createdBy: actor.userId,
      })

    await audit(tx, actor, 'suspension.recorded', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'suspension',
      entityId: row.id,
      details: {
        category: check.category,
        days: check.days,
        obligations: obligations.map((o) => o.kind),
        overridden: check.overridden,
        notices: notices.length,
        emailed: notices.filter((n) => n.queued).length,
      },
    })
    return {
      id: row.id,
      obligations: obligations.map((o) => ({ kind: o.kind, dueBy: o.dueBy })),
      warnings: check.warnings.map((w) => ({ code: w.code, message: w.message })),
      notices,
    }
  })
}

/**
 * "Check your answers" for a suspension: the same checks as recording, and what recording would create (the
 * school days, the duties with their due dates, the warnings), without writing anything. Refused exactly as
 * recording would be. Not audited: the page that shows it records its own read of the pupil's suspensions.
 */
export async function previewSuspension(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: SuspensionInput,
) {
  authorise(actor, 'suspension:record')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const { check } = await checkProposed(tx, actor, pupilId, input, todayIso)
    return {
      category: check.category,
      lunchtime: check.lunchtime,
      days: check.days,
      schoolDays: check.schoolDays.map((d) => d.date),
      reasons: check.reasonCodes.map((r) => ({ code: r.code, description: r.description })),
      overridden: check.overridden,
      totals: check.totals,
      obligations: [...check.obligations].sort(
        (a, b) => OBLIGATION_KINDS.indexOf(a.kind) - OBLIGATION_KINDS.indexOf(b.kind),
      ),
      warnings: check.warnings.map((w) => ({ code: w.code, message: w.message })),
    }
  })
}

export type SuspensionPreview = Awaited<ReturnType<typeof previewSuspension>>

const provisionalNote = (provisional: boolean) =>
  provisional ? 'This date is an estimate: the school’s calendar does not reach it yet.' : null

/** What a notice's task says about its letter: why it was not emailed, when it was not. */
function noticeTaskDetail(
  recipient: NoticeRecipient,
  letters: DraftedNotice[],
  held: boolean,
): string | null {
  if (letters.length && letters.every((n) => n.queued)) return 'Emailed through Harbour.'
  if (held)
    return 'The letter is drafted in Harbour but was not emailed: it must say where parents send representations to the governing board. Add that address to the school’s settings, then send the letter.'
  if (letters.some((n) => n.toAddress === null))
    return recipient === 'parent' || recipient === 'social_worker'
      ? 'The letter is drafted in Harbour. No email address is recorded for some of the people it is for: print it and send it, or add their email address.'
      : 'The notice is drafted in Harbour. No email address is set for it in the school’s settings: print it and send it.'
  return null
}

/** The current school year, or the one asked for when it is a sensible year (PD-19's default). */
export function schoolYearAsked(schoolYear: number | undefined, todayIso: IsoDate): number {
  const current = schoolYearOf(todayIso)
  if (schoolYear === undefined) return current
  if (!Number.isInteger(schoolYear) || schoolYear < 2000 || schoolYear > current + 1)
    throw new RuleBrokenError([
      {
        path: 'schoolYear',
        message: `Choose a school year from 2000 to ${current + 1}, written as the year it starts, like ${current}`,
      },
    ])
  return schoolYear
}

export async function loadRecorded(
  tx: Executor,
  pupil: { id: string; schoolId: string },
  schoolYear: number,
) {
  const rows = await repo.suspensionsOfPupilInYears(tx, pupil.id, [schoolYear - 1, schoolYear])
  return rows.filter((r) => r.schoolId === pupil.schoolId)
}

/**
 * `GET /pupils/{id}/suspensions/summary` (shared/API.md): days of suspension in the school year, per term and
 * what is left of the 45 (EX-1, EX-2, EX-13). Cancelled suspensions and permanent exclusions do not count; a
 * suspension that spans two terms counts each day in its own term (PD-17). An audited read.
 */
export async function suspensionSummary(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  schoolYear?: number,
): Promise<SuspensionSummary & { schoolYear: number }> {
  authorise(actor, 'suspension:read')
  const todayIso = today(ctx)
  const year = schoolYearAsked(schoolYear, todayIso)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:read')
    const rows = await loadRecorded(tx, pupil, year)
    const { calendar } = await loadCalendar(tx, pupil.schoolId)
    const summary = summariseSuspensions(calendar, rows.map(toRecorded), year)
    await audit(tx, actor, 'suspension_summary.viewed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
      details: { schoolYear: year },
    })
    return { schoolYear: year, ...summary }
  })
}
