/**
 * How each PEP due in the school year turned out for the children looked after on roll (DOMAIN.md PD-1,
 * PD-18, GOV-4 (2)), by the same set-based schedule as the PEP dashboards. A child's schedule is read on
 * their last day both on roll and looked after in the year (or the report's last day), so that a child who
 * left or stopped being looked after keeps the PEPs that were due while they were here.
 */
import { maxIso, minIso, type IsoDate } from '../../domain/calendar/dates.js'
import { daysOnRoll, type DateRange, type ReportPupil } from '../../domain/reports/cohort-counts.js'
import { pepOutcome, type PepOutcome } from '../../domain/reports/pep-compliance.js'
import type { Executor } from '../../data/db.js'
import { scheduleFactsOf } from '../../data/repositories/governors-report.repository.js'
import { schedulesFor } from '../pep-schedule.service.js'

type LookedAfterPupil = { id: string } & Pick<ReportPupil, 'onRollFrom' | 'onRollTo' | 'episodes'>

/** The day to read the schedule on: the last day in the year the pupil was both on roll and looked after. */
export function scheduleDay(pupil: LookedAfterPupil, window: DateRange): IsoDate | null {
  const days = daysOnRoll(pupil, window)
  if (!days) return null
  let last: IsoDate | null = null
  for (const e of pupil.episodes) {
    if (e.type !== 'CLA' || e.startDate > days.to || (e.endDate && e.endDate < days.from)) continue
    const end = e.endDate ? minIso(e.endDate, days.to) : days.to
    last = last === null ? end : maxIso(last, end)
  }
  return last
}

export async function pepOutcomesOf(
  tx: Executor,
  pupils: ReadonlyArray<LookedAfterPupil>,
  window: DateRange,
  today: IsoDate,
): Promise<Map<string, PepOutcome[]>> {
  const dayOf = new Map<string, IsoDate>()
  for (const p of pupils) {
    const day = scheduleDay(p, window)
    if (day) dayOf.set(p.id, day)
  }
  const facts = await scheduleFactsOf(tx, [...dayOf.keys()])
  const outcomes = new Map<string, PepOutcome[]>()
  // One set-based call per distinct day: most children share the report's last day.
  for (const [day, group] of Map.groupBy(facts, (f) => dayOf.get(f.id)!)) {
    const schedules = await schedulesFor(tx, group, day)
    for (const [pupilId, schedule] of schedules)
      outcomes.set(
        pupilId,
        schedule.dueDates
          .map((d) =>
            pepOutcome({ dueBy: d.dueBy, metBy: d.met ? (d.metBy ?? null) : null }, window, day, today),
          )
          .filter((o) => o !== null),
      )
  }
  return outcomes
}
