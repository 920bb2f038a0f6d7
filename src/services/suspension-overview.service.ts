import { schoolYearOf } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { OBLIGATION_LABELS, type ObligationKind } from '../domain/exclusions/obligations.js'
import { cohortsDuring, daysOnRoll, reportWindow } from '../domain/reports/cohort-counts.js'
import * as reportsRepo from '../data/repositories/reports.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { requireSchool } from './schools.service.js'
import { daysOf, pupilName } from './suspension-facts.js'
import { schoolYearAsked } from './suspensions.service.js'

/** The groups compared (issue 6 item 7, POL-26): each cohort against the pupils in none of them. */
export const OVERVIEW_GROUPS = ['cla', 'pla', 'cswCurrent', 'kinship', 'others'] as const
export type OverviewGroup = (typeof OVERVIEW_GROUPS)[number]

export const OVERVIEW_GROUP_LABELS: Record<OverviewGroup, string> = {
  cla: 'Looked after (CLA)',
  pla: 'Previously looked after (PLA)',
  cswCurrent: 'Has a social worker',
  kinship: 'Kinship care',
  others: 'All other pupils',
}

export type GroupRates = {
  group: OverviewGroup
  label: string
  pupils: number
  pupilsSuspended: number
  suspensions: number
  permanentExclusions: number
  /** Suspensions per 100 pupils, as the DfE publishes it; null with no pupils. */
  suspensionRate: number | null
  /** Permanent exclusions per 100 pupils; null with no pupils. */
  permanentExclusionRate: number | null
}

const per100 = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10)

/**
 * The school's overview for a school year (issue 6 item 7): suspension and permanent exclusion rates for each
 * cohort against all other pupils; pupils with repeated suspensions; suspensions recorded with an override
 * of the Virtual School or parent conversation (PD-7: shown in reports); duties overdue. For school staff with
 * `suspension:report`; it names pupils, so it is not the governors' report.
 */
export async function schoolSuspensionOverview(
  ctx: ServiceContext,
  actor: Actor,
  schoolUrn: string,
  schoolYear?: number,
) {
  authorise(actor, 'suspension:report')
  const todayIso = today(ctx)
  const year = schoolYearAsked(schoolYear, todayIso)
  const window = reportWindow(year, year === schoolYearOf(todayIso) ? todayIso : undefined)
  if (!window)
    throw new RuleBrokenError([{ path: 'schoolYear', message: 'That school year has not started yet' }])
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, schoolUrn)
    const onRoll = await reportsRepo.pupilsOnRollBetween(tx, school.id, window.from, window.to)
    const episodes = await reportsRepo.currentEpisodesOfSchool(tx, school.id, window.to)
    const rows = await repo.suspensionsOfSchoolYear(tx, school.id, year)
    const overdue = await repo.overdueObligationsOfSchool(tx, school.id, todayIso)
    const active = rows.filter((r) => r.status === 'active')
    const episodesOf = Map.groupBy(episodes, (e) => e.pupilId)
    const byPupil = Map.groupBy(active, (r) => r.pupilId)
    const groups = new Map<OverviewGroup, GroupRates>(
      OVERVIEW_GROUPS.map((g) => [
        g,
        {
          group: g,
          label: OVERVIEW_GROUP_LABELS[g],
          pupils: 0,
          pupilsSuspended: 0,
          suspensions: 0,
          permanentExclusions: 0,
          suspensionRate: null,
          permanentExclusionRate: null,
        },
      ]),
    )
    for (const p of onRoll) {
      const days = daysOnRoll({ onRollFrom: p.enrolledOn, onRollTo: p.leftOn }, window)
      if (!days) continue
      const c = cohortsDuring(episodesOf.get(p.id) ?? [], days)
      const inGroups: OverviewGroup[] = (['cla', 'pla', 'cswCurrent', 'kinship'] as const).filter((g) => c[g])
      const mine = byPupil.get(p.id) ?? []
      const susp = mine.filter((r) => r.category !== 'PERM').length
      const perm = mine.filter((r) => r.category === 'PERM').length
      for (const g of inGroups.length ? inGroups : (['others'] as const)) {
        const rates = groups.get(g)!
        rates.pupils++
        rates.suspensions += susp
        rates.permanentExclusions += perm
        if (susp) rates.pupilsSuspended++
      }
    }
    for (const r of groups.values()) {
      r.suspensionRate = per100(r.suspensions, r.pupils)
      r.permanentExclusionRate = per100(r.permanentExclusions, r.pupils)
    }
    const repeatedIds = [...byPupil].filter(([, s]) => s.filter((r) => r.category !== 'PERM').length >= 2)
    const named = new Map(
      (
        await repo.pupilNamesOf(tx, [
          ...new Set([...repeatedIds.map(([id]) => id), ...active.map((r) => r.pupilId)]),
        ])
      ).map((p) => [p.id, p]),
    )
    const nameOf = (id: string) => {
      const p = named.get(id)
      return p ? pupilName(p) : ''
    }
    await audit(tx, actor, 'suspension_overview.viewed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: { schoolYear: year },
    })
    return {
      school: { urn: school.urn, name: school.name },
      schoolYear: year,
      groups: [...groups.values()],
      repeated: repeatedIds
        .map(([pupilId, s]) => ({
          pupilId,
          name: nameOf(pupilId),
          yearGroup: named.get(pupilId)?.yearGroup ?? null,
          suspensions: s.filter((r) => r.category !== 'PERM').length,
          days: s.reduce((sum, r) => sum + (daysOf(r) ?? 0), 0),
        }))
        .sort((a, b) => b.suspensions - a.suspensions || b.days - a.days),
      overrides: active
        .filter((r) => r.overrideReason)
        .map((r) => ({
          pupilId: r.pupilId,
          name: nameOf(r.pupilId),
          suspensionId: r.id,
          startDate: r.startDate,
          overrideReason: r.overrideReason!,
        })),
      overdue: overdue.map((o) => ({
        pupilId: o.obligation.pupilId,
        name: `${o.givenName} ${o.familyName}`,
        suspensionId: o.obligation.suspensionId,
        obligationId: o.obligation.id,
        kind: o.obligation.kind as ObligationKind,
        label: OBLIGATION_LABELS[o.obligation.kind as ObligationKind] ?? o.obligation.kind,
        dueBy: o.obligation.dueBy,
      })),
    }
  })
}

export type SchoolSuspensionOverview = Awaited<ReturnType<typeof schoolSuspensionOverview>>
