import { schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { statusOn } from '../domain/cohort/status.js'
import { atRiskGateStatus, atRiskPrompts } from '../domain/exclusions/at-risk.js'
import { suspensionSchoolDays, suspensionSummary } from '../domain/exclusions/days.js'
import { OBLIGATION_LABELS, type ObligationKind } from '../domain/exclusions/obligations.js'
import { EXCLUSION_CATEGORY_LABELS, reasonCodeOn } from '../domain/exclusions/reason-codes.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendar } from './schools.service.js'
import { day6DetailsOf, daysOf, toRecorded } from './suspension-facts.js'
import { RECIPIENT_LABELS, type NoticeRecipient } from './suspension-letters.js'
import { schoolYearAsked } from './suspensions.service.js'

export type ObligationView = {
  id: string
  suspensionId: string
  kind: ObligationKind
  label: string
  dueBy: IsoDate
  done: boolean
  doneAt: Date | null
  note: string | null
  overdue: boolean
}

export type NoticeView = Awaited<ReturnType<typeof repo.noticesWithDeliveryOfPupil>>[number] & {
  recipientLabel: string
}

/**
 * The pupil's behaviour and suspensions tab (issue 6 item 7): every suspension and exclusion with its days,
 * reasons, duties and letters; the school year's days in total and per term and what is left of the 45
 * (EX-1, EX-13); the duties still open; the "at risk" record with its prompts (PD-7, POL-18 to POL-23); risk
 * assessments, off-site directions and managed moves. One audited read.
 */
export async function pupilSuspensions(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  schoolYear?: number,
) {
  authorise(actor, 'suspension:read')
  const todayIso = today(ctx)
  const year = schoolYearAsked(schoolYear, todayIso)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:read')
    const rows = await repo.suspensionsOfPupil(tx, pupil.id)
    const obligations = await repo.obligationsWithTasksOfPupil(tx, pupil.id)
    const notices = await repo.noticesWithDeliveryOfPupil(tx, pupil.id)
    const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupil.id])
    const { calendar } = await loadCalendar(tx, pupil.schoolId)
    const atRisk = await repo.atRiskOfPupil(tx, pupil.id)
    const assessments = await repo.riskAssessmentsOfPupil(tx, pupil.id)
    const directions = await repo.offSiteDirectionsOfPupil(tx, pupil.id)
    const moves = await repo.managedMovesOfPupil(tx, pupil.id)
    const status = statusOn(episodes, todayIso)
    const cancelled = new Set(rows.filter((r) => r.status === 'cancelled').map((r) => r.id))
    const obligationViews: ObligationView[] = obligations.map((o) => ({
      id: o.id,
      suspensionId: o.suspensionId,
      kind: o.kind as ObligationKind,
      label: OBLIGATION_LABELS[o.kind as ObligationKind] ?? o.kind,
      dueBy: o.dueBy,
      done: o.doneAt !== null,
      doneAt: o.doneAt,
      note: o.note,
      overdue: o.doneAt === null && !cancelled.has(o.suspensionId) && o.dueBy < todayIso,
    }))
    const noticeViews: NoticeView[] = notices.map((n) => ({
      ...n,
      recipientLabel: RECIPIENT_LABELS[n.recipient as NoticeRecipient] ?? n.recipient,
    }))
    const suspensions = rows
      .map((r) => {
        const days = daysOf(r)
        const schoolDays =
          r.category === 'PERM' || days === null
            ? []
            : suspensionSchoolDays(calendar, { startDate: r.startDate, days }).days.map((d) => d.date)
        return {
          ...r,
          categoryLabel: EXCLUSION_CATEGORY_LABELS[r.category],
          days,
          schoolDays,
          lastDay: schoolDays.at(-1) ?? null,
          reasonWords: r.reasons.map((code) => ({
            code,
            description: reasonCodeOn(code, r.startDate)?.description ?? code,
          })),
          day6Details: day6DetailsOf(r.day6Provision),
          obligations: obligationViews.filter((o) => o.suspensionId === r.id),
          notices: noticeViews.filter((n) => n.suspensionId === r.id),
        }
      })
      .reverse()
    const openAtRisk = atRisk.find((r) => r.status === 'open') ?? null
    const gateRecord = {
      vsConsultation: openAtRisk?.vsConsultation ?? null,
      parentConversation: openAtRisk?.parentConversation ?? null,
      parentConsentToVirtualSchool: consentOf(openAtRisk?.parentConversation),
    }
    const thisYear = rows.filter((r) => r.schoolYear === year || r.schoolYear === year - 1)
    await audit(tx, actor, 'suspension.listed', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'pupil',
      entityId: pupil.id,
      details: { schoolYear: year },
    })
    return {
      pupil,
      status,
      schoolYear: year,
      currentSchoolYear: schoolYearOf(todayIso),
      summary: suspensionSummary(calendar, thisYear.map(toRecorded), year),
      calendarSet: calendar.terms.length > 0,
      suspensions,
      openObligations: obligationViews.filter((o) => !o.done && !cancelled.has(o.suspensionId)),
      notices: noticeViews,
      atRisk: {
        open: openAtRisk,
        history: atRisk,
        gate: atRiskGateStatus(status, gateRecord),
        prompts: openAtRisk
          ? atRiskPrompts(status, {
              senProvision: pupil.senProvision,
              record: gateRecord,
            })
          : [],
      },
      riskAssessments: assessments,
      offSiteDirections: directions,
      managedMoves: moves,
    }
  })
}

export type PupilSuspensions = Awaited<ReturnType<typeof pupilSuspensions>>

/** POL-19: a PLA's parents' consent to the Virtual School being asked is kept with the conversation. */
export function consentOf(conversation: unknown): boolean {
  return (
    typeof conversation === 'object' &&
    conversation !== null &&
    (conversation as { consentToVirtualSchool?: unknown }).consentToVirtualSchool === true
  )
}
