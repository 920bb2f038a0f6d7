import type { Actor } from '../domain/access/scope.js'
import { financialYearOf } from '../domain/calendar/dates.js'
import type { PepScheduleStatus } from '../domain/pep/schedule.js'
import type { PepStatus } from '../domain/pep/workflow.js'
import * as repo from '../data/repositories/peps.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ForbiddenError } from './errors.js'
import { ppPlusBalances, type Money } from './funding-ledger.service.js'
import { schedulesFor } from './pep-schedule.service.js'

/** `rating: 'none'` keeps the children whose PEPs have not been rated yet. */
export type PepDashboardFilter = {
  schoolUrn?: string | undefined
  status?: PepScheduleStatus | undefined
  rating?: string | undefined
}

export const NOT_RATED = 'none'

export type PepDashboardRow = {
  pupilId: string
  name: string
  yearGroup: number | null
  schoolName: string
  schoolUrn: string
  status: PepScheduleStatus
  nextDue: string | null
  reason: string | null
  latestPep: { id: string; meetingDate: string; status: PepStatus; qualityRating: string | null } | null
  lastRating: string | null
  /** PP+ and pupil premium for the financial year `on` falls in (PD-9), in pence. */
  ppPlus: Money
}

const ORDER: Record<PepScheduleStatus, number> = { overdue: 0, due_soon: 1, ok: 2, not_required: 3 }

/**
 * Issue 4 item 6: every child looked after, with their PEP status, next due date and last quality rating — for the
 * DT, the school's; for a Virtual School, every child its LA looks after across schools (PD-12). One audit event.
 */
export async function pepDashboard(ctx: ServiceContext, actor: Actor, filter: PepDashboardFilter = {}) {
  authorise(actor, 'pep:read')
  const on = today(ctx)
  const where =
    actor.laCode && actor.role.startsWith('vs_')
      ? { laCode: actor.laCode }
      : actor.schoolId
        ? { schoolId: actor.schoolId }
        : null
  if (!where) throw new ForbiddenError('pep:read')
  return ctx.db.transaction(async (tx) => {
    const found = await repo.lookedAfterPupilsOn(tx, where, on)
    const sharedPlans =
      'laCode' in where && where.laCode
        ? (await repo.supportPlansSharedWith(tx, where.laCode)).map((p) => ({
            pepId: p.pepId,
            pupilId: p.pupilId,
            name: `${p.givenName} ${p.familyName}`,
            schoolName: p.schoolName,
            meetingDate: p.meetingDate,
          }))
        : []
    const schools = [...new Map(found.map((r) => [r.schoolUrn, r.schoolName])).entries()]
      .map(([urn, name]) => ({ urn, name }))
      .sort((a, b) => a.name.localeCompare(b.name))
    const inSchool = filter.schoolUrn ? found.filter((r) => r.schoolUrn === filter.schoolUrn) : found
    const pupils = inSchool.map((r) => r.pupil)
    const ids = pupils.map((p) => p.id)
    const peps = await repo.pepFactsOfPupils(tx, ids)
    const schedules = await schedulesFor(tx, pupils, on, { peps })
    const balances = await ppPlusBalances(tx, ids, financialYearOf(on))
    const latestBy = new Map<string, (typeof peps)[number]>()
    const ratedBy = new Map<string, string>()
    for (const p of peps) {
      if (p.kind !== 'pep') continue
      latestBy.set(p.pupilId, p) // ascending by meeting date: the last one wins
      if (p.qualityRating) ratedBy.set(p.pupilId, p.qualityRating)
    }
    const all: PepDashboardRow[] = inSchool.map(({ pupil, schoolName, schoolUrn }) => {
      const s = schedules.get(pupil.id)!
      const latest = latestBy.get(pupil.id)
      return {
        pupilId: pupil.id,
        name: `${pupil.givenName} ${pupil.familyName}`,
        yearGroup: pupil.yearGroup,
        schoolName,
        schoolUrn,
        status: s.status,
        nextDue: s.nextDue,
        reason: s.reasons[0] ?? null,
        latestPep: latest
          ? {
              id: latest.id,
              meetingDate: latest.meetingDate,
              status: latest.status,
              qualityRating: latest.qualityRating,
            }
          : null,
        lastRating: ratedBy.get(pupil.id) ?? null,
        ppPlus: balances.get(pupil.id)!,
      }
    })
    const counts: Record<PepScheduleStatus, number> = { overdue: 0, due_soon: 0, ok: 0, not_required: 0 }
    for (const r of all) counts[r.status]++
    const rows = all
      .filter(
        (r) =>
          (!filter.status || r.status === filter.status) &&
          (!filter.rating ||
            (filter.rating === NOT_RATED ? r.lastRating === null : r.lastRating === filter.rating)),
      )
      .sort(
        (a, b) =>
          ORDER[a.status] - ORDER[b.status] ||
          (a.nextDue ?? '9').localeCompare(b.nextDue ?? '9') ||
          a.name.localeCompare(b.name),
      )
    await audit(tx, actor, 'pep_dashboard.viewed', {
      schoolId: actor.schoolId,
      details: {
        schoolUrn: filter.schoolUrn ?? null,
        status: filter.status ?? null,
        rating: filter.rating ?? null,
        rows: rows.length,
        sharedPlans: sharedPlans.length,
      },
    })
    return { on, rows, counts, schools, sharedPlans }
  })
}
